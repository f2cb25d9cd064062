package screen

import (
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/keymap"
)

// Sorter is a table that sorts by the letter of a column's title.
type Sorter interface{ SortByLetter(rune) bool }

// SortLetter is k9s's habit: shift and the first letter of a visible
// column's title sorts by it (again: reversed). It is the last resort of
// a table's keys, so a bound capital (G, O, I, P, A...) keeps its meaning.
func SortLetter(t Sorter, k tea.KeyPressMsg) bool {
	r := []rune(k.Text)
	if len(r) != 1 || !unicode.IsUpper(r[0]) {
		return false
	}
	return t.SortByLetter(r[0])
}

// Table is a table the navigation and sort keys work on.
type Table interface {
	Mover
	CycleSort()
	ReverseSort()
}

// TableKey applies a sort or navigation key to t and reports whether k
// was one (keymap.Conflicts keeps their keys apart). Sorting by a
// column's letter is the caller's last resort (SortLetter), after its
// own keys.
func TableKey(t Table, k tea.KeyPressMsg, l keymap.List) bool {
	switch {
	case key.Matches(k, l.SortNext):
		t.CycleSort()
	case key.Matches(k, l.SortRev):
		t.ReverseSort()
	default:
		return Navigate(t, k, l.Nav())
	}
	return true
}
