package views

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sahilm/fuzzy"
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

// Column describes one table column over items of type T.
type Column[T any] struct {
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
	cols []Column[T]
	key  func(T) string
	name func(T) string

	items   []T
	order   []int   // indexes into items, in display order
	matches [][]int // byte positions in name(item) matched by the filter, parallel to order
	filter  string
	sortCol int // -1: natural order
	desc    bool

	cursor, offset int
	width, height  int
	shown          []int // indexes of columns that fit
	widths         []int // widths of shown columns
	nameMax        int   // longest name, caps the flex column
	focused        bool

	brushes tableBrushes
	styles  *theme.Styles
}

type tableBrushes struct {
	header, sel, selBlur, match, sortMark Brush
	tones                                 [6]Brush
	selMatch                              Brush
}

// NewTable returns an empty table. key identifies an item across refreshes
// (so the selection survives); name is what the fuzzy filter matches.
func NewTable[T any](st *theme.Styles, cols []Column[T], key, name func(T) string) *Table[T] {
	t := &Table[T]{cols: cols, key: key, name: name, sortCol: -1, focused: true}
	t.SetStyles(st)
	return t
}

// SetStyles rebuilds the cached brushes, e.g. after the terminal reported
// its background colour.
func (t *Table[T]) SetStyles(st *theme.Styles) {
	t.styles = st
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
	t.nameMax = 0
	for _, it := range items {
		t.nameMax = max(t.nameMax, width(t.name(it)))
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

// SetFilter applies a fuzzy filter on names; matches are ranked by score.
func (t *Table[T]) SetFilter(q string) {
	if q == t.filter {
		return
	}
	selKey, hadSel := t.selectedKey()
	t.filter = q
	t.reorder()
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

// reorder recomputes the display order from filter and sort.
func (t *Table[T]) reorder() {
	t.order = t.order[:0]
	t.matches = t.matches[:0]
	if t.filter == "" {
		for i := range t.items {
			t.order = append(t.order, i)
		}
		t.sortOrder()
		return
	}
	found := fuzzy.FindFrom(t.filter, nameSource[T]{t})
	for _, m := range found {
		t.order = append(t.order, m.Index)
		t.matches = append(t.matches, m.MatchedIndexes)
	}
}

func (t *Table[T]) sortOrder() {
	if t.sortCol < 0 || t.sortCol >= len(t.cols) || t.cols[t.sortCol].Compare == nil {
		return
	}
	c := t.cols[t.sortCol].Compare
	slices.SortStableFunc(t.order, func(a, b int) int {
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

type nameSource[T any] struct{ t *Table[T] }

func (s nameSource[T]) String(i int) string { return s.t.name(s.t.items[i]) }
func (s nameSource[T]) Len() int            { return len(s.t.items) }

// CycleSort moves the sort to the next sortable column (after the last,
// back to natural order).
func (t *Table[T]) CycleSort() {
	for i := t.sortCol + 1; i < len(t.cols); i++ {
		if t.cols[i].Compare != nil {
			t.sortCol = i
			t.desc = t.defaultDesc(i)
			t.resort()
			return
		}
	}
	t.sortCol = -1
	t.desc = false
	t.resort()
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
	t.resort()
}

// SortBy sorts by the column with the given title; false if there is none.
func (t *Table[T]) SortBy(title string, desc bool) bool {
	for i, c := range t.cols {
		if strings.EqualFold(c.Title, title) && c.Compare != nil {
			t.sortCol, t.desc = i, desc
			t.resort()
			return true
		}
	}
	return false
}

// Sort returns the title of the sort column ("" for natural order).
func (t *Table[T]) Sort() (string, bool) {
	if t.sortCol < 0 {
		return "", false
	}
	return t.cols[t.sortCol].Title, t.desc
}

func (t *Table[T]) resort() {
	selKey, hadSel := t.selectedKey()
	t.reorder()
	if hadSel {
		t.selectKey(selKey)
	}
	t.clamp()
}

// SetSize sets the table's outer size (the header row included).
func (t *Table[T]) SetSize(w, h int) {
	t.width, t.height = max(w, 0), max(h, 0)
	t.layoutColumns()
	t.clamp()
}

// SetFocused controls whether the selection is drawn as focused.
func (t *Table[T]) SetFocused(f bool) { t.focused = f }

func (t *Table[T]) bodyHeight() int { return max(t.height-1, 0) }

// layoutColumns decides which columns fit and how wide each is.
func (t *Table[T]) layoutColumns() {
	n := len(t.cols)
	t.shown = t.shown[:0]
	for i := range n {
		t.shown = append(t.shown, i)
	}
	need := func() int {
		total := 0
		for _, i := range t.shown {
			total += t.cols[i].Min + 1
		}
		return total
	}
	// Hide columns, highest Drop first, until the minimum widths fit.
	for need() > t.width {
		worst, worstDrop := -1, 0
		for j, i := range t.shown {
			if t.cols[i].Drop > worstDrop {
				worst, worstDrop = j, t.cols[i].Drop
			}
		}
		if worst < 0 {
			break
		}
		t.shown = slices.Delete(t.shown, worst, worst+1)
	}
	t.widths = t.widths[:0]
	spare := t.width - need()
	for _, i := range t.shown {
		t.widths = append(t.widths, t.cols[i].Min)
	}
	// Even the columns that are never hidden may not fit a tiny pane:
	// shrink the widest until the row fits, so no line overflows.
	for spare < 0 {
		widest := 0
		for j := range t.widths {
			if t.widths[j] > t.widths[widest] {
				widest = j
			}
		}
		if t.widths[widest] <= 1 {
			break
		}
		t.widths[widest]--
		spare++
	}
	// Hand out the spare width to flex columns in rounds, each up to its
	// cap, so width one column cannot use goes to the others.
	capOf := func(i int) int {
		c := t.cols[i]
		capW := c.Max
		if i == 0 && t.nameMax > 0 && (capW == 0 || t.nameMax+1 < capW) {
			capW = max(t.nameMax+1, c.Min)
		}
		if capW == 0 {
			capW = 1 << 30
		}
		return capW
	}
	for spare > 0 {
		open := 0
		for j, i := range t.shown {
			if t.cols[i].Flex && t.widths[j] < capOf(i) {
				open++
			}
		}
		if open == 0 {
			break
		}
		share := max(spare/open, 1)
		for j, i := range t.shown {
			if spare == 0 {
				break
			}
			if !t.cols[i].Flex || t.widths[j] >= capOf(i) {
				continue
			}
			grow := min(share, capOf(i)-t.widths[j], spare)
			t.widths[j] += grow
			spare -= grow
		}
	}
}

// Len returns the number of rows shown (after filtering).
func (t *Table[T]) Len() int { return len(t.order) }

// Total returns the number of items before filtering.
func (t *Table[T]) Total() int { return len(t.items) }

// Cursor returns the selected row's position in display order.
func (t *Table[T]) Cursor() int { return t.cursor }

// Selected returns the selected item.
func (t *Table[T]) Selected() (T, bool) {
	var zero T
	if t.cursor < 0 || t.cursor >= len(t.order) {
		return zero, false
	}
	return t.items[t.order[t.cursor]], true
}

// Visible returns the items on screen now, top to bottom.
func (t *Table[T]) Visible() []T {
	end := min(t.offset+t.bodyHeight(), len(t.order))
	out := make([]T, 0, max(end-t.offset, 0))
	for i := t.offset; i < end; i++ {
		out = append(out, t.items[t.order[i]])
	}
	return out
}

// Move moves the cursor by delta rows.
func (t *Table[T]) Move(delta int) { t.cursor += delta; t.clamp() }

// Page moves by one screen of rows.
func (t *Table[T]) Page(dir int) { t.Move(dir * max(t.bodyHeight()-1, 1)) }

// Top moves to the first row.
func (t *Table[T]) Top() { t.cursor = 0; t.clamp() }

// Bottom moves to the last row.
func (t *Table[T]) Bottom() { t.cursor = len(t.order) - 1; t.clamp() }

// Scroll moves the viewport by delta rows (mouse wheel), dragging the
// cursor along only when it would leave the screen.
func (t *Table[T]) Scroll(delta int) {
	t.offset += delta
	maxOff := max(len(t.order)-t.bodyHeight(), 0)
	t.offset = min(max(t.offset, 0), maxOff)
	if t.cursor < t.offset {
		t.cursor = t.offset
	}
	if h := t.bodyHeight(); h > 0 && t.cursor >= t.offset+h {
		t.cursor = t.offset + h - 1
	}
	t.clamp()
}

// Click selects the row at body line y (0 = first row under the header).
func (t *Table[T]) Click(y int) bool {
	i := t.offset + y
	if y < 0 || i >= len(t.order) {
		return false
	}
	t.cursor = i
	return true
}

func (t *Table[T]) clamp() {
	if len(t.order) == 0 {
		t.cursor, t.offset = 0, 0
		return
	}
	t.cursor = min(max(t.cursor, 0), len(t.order)-1)
	h := t.bodyHeight()
	if h <= 0 {
		t.offset = t.cursor
		return
	}
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	t.offset = min(t.offset, max(len(t.order)-h, 0))
}

// View renders the header row and the visible rows, exactly t.height lines
// of exactly t.width cells. empty is shown when there are no rows.
func (t *Table[T]) View(empty string) string {
	if t.height <= 0 || t.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((t.width + 32) * t.height)
	t.writeHeader(&b)
	body := t.bodyHeight()
	if len(t.order) == 0 {
		for i := range body {
			b.WriteByte('\n')
			if i == body/2-1 || (body < 3 && i == 0) {
				b.WriteString(t.brushes.tones[ToneMuted].Paint(fit("  "+sanitize.Line(empty), t.width, false)))
			} else {
				b.WriteString(strings.Repeat(" ", t.width))
			}
		}
		return b.String()
	}
	end := min(t.offset+body, len(t.order))
	for i := t.offset; i < end; i++ {
		b.WriteByte('\n')
		t.writeRow(&b, i)
	}
	for i := end - t.offset; i < body; i++ {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", t.width))
	}
	return b.String()
}

func (t *Table[T]) writeHeader(b *strings.Builder) {
	var line strings.Builder
	used := 0
	for j, i := range t.shown {
		c := t.cols[i]
		title := c.Title
		if i == t.sortCol {
			if t.desc {
				title += "↓"
			} else {
				title += "↑"
			}
		}
		line.WriteString(fit(title, t.widths[j], c.Right))
		line.WriteByte(' ')
		used += t.widths[j] + 1
	}
	s := line.String()
	if used < t.width {
		s += strings.Repeat(" ", t.width-used)
	}
	b.WriteString(t.brushes.header.Paint(fit(s, t.width, false)))
}

func (t *Table[T]) writeRow(b *strings.Builder, pos int) {
	it := t.items[t.order[pos]]
	selected := pos == t.cursor
	var match []int
	if t.filter != "" && pos < len(t.matches) {
		match = t.matches[pos]
	}
	rowBrush := t.brushes.sel
	if !t.focused {
		rowBrush = t.brushes.selBlur
	}
	used := 0
	for j, i := range t.shown {
		c := t.cols[i]
		cell := c.Cell(it)
		w := t.widths[j]
		text := fit(cell.Text, w, c.Right)
		isName := match != nil && j == 0
		switch {
		case selected && isName:
			b.WriteString(t.highlight(text, match, rowBrush, t.brushes.selMatch))
			b.WriteString(rowBrush.Paint(" "))
		case selected:
			b.WriteString(rowBrush.Paint(text + " "))
		case isName:
			b.WriteString(t.highlight(text, match, t.brushes.tones[cell.Tone], t.brushes.match))
			b.WriteByte(' ')
		default:
			b.WriteString(t.brushes.tones[cell.Tone].Paint(text))
			b.WriteByte(' ')
		}
		used += w + 1
	}
	if used < t.width {
		pad := strings.Repeat(" ", t.width-used)
		if selected {
			b.WriteString(rowBrush.Paint(pad))
		} else {
			b.WriteString(pad)
		}
	}
}

// highlight paints the matched byte positions of the fitted text. fit
// keeps a prefix of the original text, so positions carry over; matches
// past a truncation simply are not shown.
func (t *Table[T]) highlight(fitted string, match []int, base, hi Brush) string {
	if len(match) == 0 {
		return base.Paint(fitted)
	}
	var b strings.Builder
	mi, start := 0, 0
	inMatch := false
	flush := func(end int) {
		if end <= start {
			return
		}
		if inMatch {
			b.WriteString(hi.Paint(fitted[start:end]))
		} else {
			b.WriteString(base.Paint(fitted[start:end]))
		}
		start = end
	}
	for i := range fitted {
		for mi < len(match) && match[mi] < i {
			mi++
		}
		isM := mi < len(match) && match[mi] == i
		if isM != inMatch {
			flush(i)
			inMatch = isM
		}
	}
	flush(len(fitted))
	return b.String()
}
