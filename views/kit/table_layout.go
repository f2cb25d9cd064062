package kit

import "slices"

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
	t.shown = t.shown[:0]
	for i := range t.cols {
		t.shown = append(t.shown, i)
	}
	t.dropColumns()
	t.widths = t.widths[:0]
	for _, i := range t.shown {
		t.widths = append(t.widths, t.minOf(i))
	}
	spare := t.width - t.minWidth()
	spare = t.shrinkColumns(spare)
	t.growColumns(spare)
}

// NaturalWidth is the width the table fills with every column shown at
// the width its content needs: the name column as wide as the longest
// name (within its Min and Max), the other columns at their Min, a space
// after each. A layout that gives the table more only pads it.
func (t *Table[T]) NaturalWidth() int {
	total := 0
	for i, c := range t.cols {
		w := t.minOf(i)
		if i == 0 && c.Flex {
			w = max(min(t.capOf(0), 1<<20), w)
		}
		total += w + 1
	}
	return total
}

// minWidth is the width the shown columns need, a space after each.
func (t *Table[T]) minWidth() int {
	total := 0
	for _, i := range t.shown {
		total += t.minOf(i) + 1
	}
	return total
}

// minOf is column i's narrowest width: its Min, and for the sort column
// room for its title and the sort arrow, so the arrow never cuts the
// title.
func (t *Table[T]) minOf(i int) int {
	if i == t.sortCol {
		return max(t.cols[i].Min, Width(t.cols[i].Title)+1)
	}
	return t.cols[i].Min
}

// dropColumns hides columns, highest Drop first, until the minimum
// widths fit.
func (t *Table[T]) dropColumns() {
	for t.minWidth() > t.width {
		worst, worstDrop := -1, 0
		for j, i := range t.shown {
			if t.cols[i].Drop > worstDrop {
				worst, worstDrop = j, t.cols[i].Drop
			}
		}
		if worst < 0 {
			return
		}
		t.shown = slices.Delete(t.shown, worst, worst+1)
	}
}

// shrinkColumns handles the columns that are never hidden not fitting a
// tiny pane: it narrows the widest until the row fits, so no line
// overflows. It returns what is left of spare.
func (t *Table[T]) shrinkColumns(spare int) int {
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
	return spare
}

// growColumns hands out the spare width to flex columns in rounds, each
// up to its cap, so width one column cannot use goes to the others.
func (t *Table[T]) growColumns(spare int) {
	for spare > 0 {
		open := 0
		for j, i := range t.shown {
			if t.cols[i].Flex && t.widths[j] < t.capOf(i) {
				open++
			}
		}
		if open == 0 {
			return
		}
		share := max(spare/open, 1)
		for j, i := range t.shown {
			if spare == 0 {
				break
			}
			if !t.cols[i].Flex || t.widths[j] >= t.capOf(i) {
				continue
			}
			grow := min(share, t.capOf(i)-t.widths[j], spare)
			t.widths[j] += grow
			spare -= grow
		}
	}
}

// capOf is how wide flex column i may grow: its Max, and for the first
// (name) column no wider than the longest name needs.
func (t *Table[T]) capOf(i int) int {
	c := t.cols[i]
	capW := c.Max
	if capW > 0 {
		capW = max(capW, t.minOf(i))
	}
	if i == 0 && t.nameMax > 0 && (capW == 0 || t.nameMax+1 < capW) {
		capW = max(t.nameMax+1, c.Min)
	}
	if capW == 0 {
		capW = 1 << 30
	}
	return capW
}
