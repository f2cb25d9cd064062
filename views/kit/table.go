package kit

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/virgahq/virga/views/filter"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Tone is the semantic colour of a cell.
type Tone uint8

// Cell tones.
const (
	ToneNormal Tone = iota
	ToneMuted
	ToneOK
	ToneWarn
	ToneErr
	ToneInfo
)

// Cell is one rendered value: plain, sanitized text and its tone.
type Cell struct {
	Text string
	Tone Tone
}

// ColumnID names a column to code, so callers sort by a column or ask
// which one the table is sorted by without matching its title. Each
// table's package defines the ids of its own columns; zero is a column
// no code names.
type ColumnID uint8

// Column describes one table column over items of type T.
type Column[T any] struct {
	ID    ColumnID
	Title string
	// Min is the width the column needs; Max caps a Flex column (0 = no cap).
	Min, Max int
	// Flex columns share the width left after fixed columns.
	Flex  bool
	Right bool
	// Drop orders columns to hide when the terminal is narrow: the highest
	// Drop goes first; 0 is never hidden.
	Drop int
	Cell func(T) Cell
	// Compare orders items by this column; nil means not sortable.
	Compare func(a, b T) int
}

// Table is a filterable, sortable table over items of type T. It keeps
// the derived state (filtered order, match positions, column widths) up to
// date when data, filter, sort or size change, so View only renders the
// rows on screen.
type Table[T any] struct {
	cols   []Column[T]
	key    func(T) string
	name   func(T) string
	search func(T) []string // the other columns "/" matches; nil: the name only

	items   []T
	natural []int   // indexes into items, sorted, unfiltered
	order   []int   // indexes into items, in display order
	matches [][]int // byte positions in name(item) matched by the filter, parallel to order
	filter  string
	sortCol int // index into cols; -1: natural order
	desc    bool

	// The filter's index of the rows (built on the first filter after the
	// data changed), the generation of the data it was built from, and the
	// latest results, which typing more narrows and backspace reuses.
	index   *filter.Index
	dataGen int
	results []*filter.Result

	cursor, offset int
	width, height  int
	shown          []int // indexes of columns that fit
	widths         []int // widths of shown columns
	nameMax        int   // longest name, caps the flex column
	focused        bool

	brushes tableBrushes
}

type tableBrushes struct {
	header, sel, selBlur, match, sortMark Brush
	tones                                 [6]Brush
	selMatch                              Brush
}

// NewTable returns an empty table. key identifies an item across refreshes
// (so the selection survives); name is what the fuzzy filter matches, and
// is shown in the first column: it comes from outside, so the table
// sanitizes it here rather than every caller. SetSearch adds the other
// columns.
func NewTable[T any](st *theme.Styles, cols []Column[T], key, name func(T) string) *Table[T] {
	clean := func(it T) string { return sanitize.Line(name(it)) }
	t := &Table[T]{cols: cols, key: key, name: clean, sortCol: -1, focused: true}
	t.SetStyles(st)
	return t
}

// SetStyles rebuilds the cached brushes, e.g. after the terminal reported
// its background colour.
func (t *Table[T]) SetStyles(st *theme.Styles) {
	b := &t.brushes
	b.header = NewBrush(st.Table.Header)
	b.sel = NewBrush(st.Table.Selected)
	b.selBlur = NewBrush(st.Table.SelectedBlur)
	b.match = NewBrush(st.Table.Match)
	b.selMatch = NewBrush(st.Table.Match.Inherit(st.Table.Selected))
	b.sortMark = NewBrush(st.Table.SortMark)
	b.tones[ToneNormal] = NewBrush(st.Table.Cell)
	b.tones[ToneMuted] = NewBrush(st.Table.Muted)
	b.tones[ToneOK] = NewBrush(st.Table.OK)
	b.tones[ToneWarn] = NewBrush(st.Table.Warn)
	b.tones[ToneErr] = NewBrush(st.Table.Err)
	b.tones[ToneInfo] = NewBrush(st.Table.Info)
}

// SetItems replaces the data, keeping the selection on the same key.
func (t *Table[T]) SetItems(items []T) {
	selKey, hadSel := t.selectedKey()
	t.items = items
	t.dataChanged()
	t.nameMax = 0
	for _, it := range items {
		t.nameMax = max(t.nameMax, Width(t.name(it)))
	}
	t.reorder()
	t.layoutColumns()
	if hadSel {
		t.selectKey(selKey)
	}
	t.clamp()
}

// Items returns all items, unfiltered.
func (t *Table[T]) Items() []T { return t.items }

// SetFilter applies the "/" query (see package filter): the name ranked
// fuzzily, the other columns by substring. Clearing the filter keeps the
// row the user found with it.
func (t *Table[T]) SetFilter(q string) {
	if q == t.filter {
		return
	}
	t.setFilter(q, nil)
}

func (t *Table[T]) setFilter(q string, r *filter.Result) {
	selKey, hadSel := t.selectedKey()
	t.filter = q
	if r != nil {
		t.show(r)
	} else {
		t.reorder()
	}
	t.cursor, t.offset = 0, 0
	if hadSel && q == "" {
		t.selectKey(selKey)
	}
	t.clamp()
}

// Filter returns the current filter text.
func (t *Table[T]) Filter() string { return t.filter }

// SelectKey moves the cursor to the item with key k, if it is shown.
func (t *Table[T]) SelectKey(k string) bool {
	ok := t.selectKey(k)
	t.clamp()
	return ok
}

func (t *Table[T]) selectKey(k string) bool {
	for i, idx := range t.order {
		if t.key(t.items[idx]) == k {
			t.cursor = i
			return true
		}
	}
	return false
}

func (t *Table[T]) selectedKey() (string, bool) {
	it, ok := t.Selected()
	if !ok {
		return "", false
	}
	return t.key(it), true
}

// reorder recomputes the display order from sort and filter.
func (t *Table[T]) reorder() {
	if t.natural == nil {
		t.natural = make([]int, len(t.items))
		for i := range t.items {
			t.natural[i] = i
		}
		t.sortOrder(t.natural)
	}
	q := filter.Parse(t.filter)
	if q.Empty() {
		t.order = append(t.order[:0], t.natural...)
		t.matches = t.matches[:0]
		return
	}
	t.show(t.find(q))
}

func (t *Table[T]) sortOrder(order []int) {
	if t.sortCol < 0 || t.sortCol >= len(t.cols) || t.cols[t.sortCol].Compare == nil {
		return
	}
	c := t.cols[t.sortCol].Compare
	slices.SortStableFunc(order, func(a, b int) int {
		r := c(t.items[a], t.items[b])
		if r == 0 {
			r = cmp.Compare(t.name(t.items[a]), t.name(t.items[b]))
		}
		if t.desc {
			return -r
		}
		return r
	})
}

// CycleSort moves the sort to the next sortable column on screen (after
// the last, back to natural order) and puts the cursor on the top row.
func (t *Table[T]) CycleSort() {
	next := -1
	for _, i := range t.shown {
		if i > t.sortCol && t.cols[i].Compare != nil {
			next = i
			break
		}
	}
	t.sortCol, t.desc = next, next >= 0 && t.defaultDesc(next)
	t.sorted()
}

// SortByLetter sorts by the sortable column on screen whose title starts
// with letter (k9s's shift+letter): the same column again reverses it;
// when several titles share the letter, each press moves to the next.
// It puts the cursor on the top row, and reports false when no visible
// column has that letter.
func (t *Table[T]) SortByLetter(letter rune) bool {
	var hits []int
	for _, i := range t.shown {
		title := []rune(strings.ToUpper(t.cols[i].Title))
		if t.cols[i].Compare != nil && len(title) > 0 && title[0] == unicode.ToUpper(letter) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		return false
	}
	at := slices.Index(hits, t.sortCol)
	switch {
	case at >= 0 && len(hits) == 1:
		t.desc = !t.desc
	case at >= 0:
		t.sortCol = hits[(at+1)%len(hits)]
		t.desc = t.defaultDesc(t.sortCol)
	default:
		t.sortCol = hits[0]
		t.desc = t.defaultDesc(t.sortCol)
	}
	t.sorted()
	return true
}

// sorted re-sorts after the user chose a sort: the layout makes room for
// the arrow and the cursor goes to the top row, where the highest values
// now are.
func (t *Table[T]) sorted() {
	t.natural, t.results = nil, nil
	t.reorder()
	t.layoutColumns()
	t.cursor, t.offset = 0, 0
	t.clamp()
}

// defaultDesc sorts numeric (right-aligned) columns largest first, since
// "which function has the most errors" is the usual question.
func (t *Table[T]) defaultDesc(i int) bool { return t.cols[i].Right }

// ReverseSort flips the sort direction.
func (t *Table[T]) ReverseSort() {
	if t.sortCol < 0 {
		return
	}
	t.desc = !t.desc
	t.sorted()
}

// SortBy sorts by the sortable column id; false if there is none.
func (t *Table[T]) SortBy(id ColumnID, desc bool) bool {
	for i, c := range t.cols {
		if id != 0 && c.ID == id && c.Compare != nil {
			t.sortCol, t.desc = i, desc
			t.resort()
			t.layoutColumns()
			return true
		}
	}
	return false
}

// Sort returns the id of the sort column (0 for natural order, or a
// column no code names) and whether it sorts descending.
func (t *Table[T]) Sort() (ColumnID, bool) {
	if t.sortCol < 0 {
		return 0, false
	}
	return t.cols[t.sortCol].ID, t.desc
}

// SortLabel is the sort column's title with its direction, "ERR%↓", as
// the header shows it; "" for natural order.
func (t *Table[T]) SortLabel() string {
	if t.sortCol < 0 {
		return ""
	}
	return t.cols[t.sortCol].Title + sortArrow(t.desc)
}

func sortArrow(desc bool) string {
	if desc {
		return "↓"
	}
	return "↑"
}

func (t *Table[T]) resort() {
	selKey, hadSel := t.selectedKey()
	t.natural, t.results = nil, nil
	t.reorder()
	if hadSel {
		t.selectKey(selKey)
	}
	t.clamp()
}
