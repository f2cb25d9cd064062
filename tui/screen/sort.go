package screen

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
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
