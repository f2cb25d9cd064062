package tui_test

import (
	"testing"
)

// TestQuitKeyLeavesPanes: q in a log pane, a metrics screen or the
// journal goes back one level; on a table it quits (TestQuitFromFlow
// covers a drilled one), and ctrl+c quits from anywhere.
func TestQuitKeyLeavesPanes(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.press("/", "type:checkout-api", "enter", "l")
	h.mustSee("checkout-api › logs")
	h.mustStay("q in a log pane quit virga instead of going back", "q")
	h.mustSee("functions (")
	h.mustNotSee("checkout-api › logs")

	h.key(":", "type:journal", "enter")
	h.mustSee("journal")
	h.key("q")
	h.mustSee("functions (")

	h.press("m")
	h.mustSee("metrics")
	h.key("?")
	h.mustSee("back")
	h.mustStay("q in a metrics screen quit virga", "esc", "q")
	h.mustSee("functions (")

	h.mustQuit("q at the top level did not quit", "q")
}

// TestCtrlCQuitsFromAPane: the chord quits even from a pane.
func TestCtrlCQuitsFromAPane(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.press("/", "type:checkout-api", "enter", "l")
	h.mustQuit("ctrl+c in a log pane did not quit", "ctrl+c")
}
