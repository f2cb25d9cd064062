package kit

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

// clamp keeps the cursor on a row and the row on screen.
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
