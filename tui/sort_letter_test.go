package tui_test

import "testing"

// TestShiftLetterSorts: shift and a column's first letter sorts the
// functions table by it and puts the cursor on the top row; a capital
// bound to a key (I: invocations) keeps its meaning.
func TestShiftLetterSorts(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key("j", "j", "j", "N")
	h.mustSee("NAME↑")
	sel := h.m.SelectedName()
	h.key("g")
	if top := h.m.SelectedName(); top != sel {
		t.Fatalf("after sorting the cursor is on %q, the top row is %q", sel, top)
	}
	h.key("N")
	h.mustSee("NAME↓")
	h.key("I")
	h.mustSee("invocations")
}
