package tui_test

import (
	"testing"

	"github.com/virgahq/virga/keymap"
)

// withKeys overrides bindings as the config file's keys: section does.
func withKeys(t *testing.T, overrides map[string][]string) harnessOpt {
	t.Helper()
	km := keymap.Default()
	if err := km.Apply(overrides); err != nil {
		t.Fatal(err)
	}
	return func(o *setup) { o.Keys = km }
}

// TestHelpQuitsWithTheQuitBinding: the help screen quits on the quit
// binding as the user set it, not on a key spelled in the code.
func TestHelpQuitsWithTheQuitBinding(t *testing.T) {
	h, _ := newDemo(t, 120, 40, withKeys(t, map[string][]string{"global.quit": {"Q", "ctrl+c"}}))
	h.advance(2e9)
	h.key("?")
	h.mustSee("quit")
	h.mustQuit("Q is the quit key; the help screen did not quit", "Q")
}

// TestInvokeEditorQuitsWithACtrlQuitKey: while the payload is edited, a
// quit key that types nothing still quits; letters are text.
func TestInvokeEditorQuitsWithACtrlQuitKey(t *testing.T) {
	h := invokeDemo(t, "checkout-api", withKeys(t, map[string][]string{"global.quit": {"q", "ctrl+q"}}))
	h.mustStay("q typed in the editor quit", "type:q")
	h.mustQuit("ctrl+q is the quit key; the editor kept it", "ctrl+q")
}

// TestInvocationsCommandFollowsTheBinding: :invocations opens the
// selected function's invocations whatever key opens them in the table.
func TestInvocationsCommandFollowsTheBinding(t *testing.T) {
	h, _ := newDemo(t, 120, 40, withKeys(t, map[string][]string{"logs.invocations": {"N"}}))
	h.advance(2e9)
	h.key(":", "type:invocations", "enter")
	h.mustSee("› invocations")
}

// TestHelpScrollsWithEveryDetailKey: the help and :stats panes move with
// the detail keys, top and bottom included, as every other pane does.
func TestHelpScrollsWithEveryDetailKey(t *testing.T) {
	h, _ := newDemo(t, 80, 24)
	h.advance(2e9)
	h.key("?")
	first := h.screen()
	h.key("G")
	if h.screen() == first {
		t.Fatal("G did not move the help to its end")
	}
	h.key("g")
	if h.screen() != first {
		t.Fatal("g did not bring the help back to its top")
	}
}
