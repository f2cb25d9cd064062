package keymap

import "charm.land/bubbles/v2/key"

// Nav is the six bindings that move through a list or scroll a pane; each
// context that has them hands them out together, so one helper (in
// tui/screen) applies them everywhere.
type Nav struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// Nav returns the list's navigation bindings.
func (l List) Nav() Nav { return l.Scroll }

// Nav returns the detail pane's scroll bindings.
func (d Detail) Nav() Nav { return d.Scroll }

// Nav returns the log pane's navigation bindings.
func (l Logs) Nav() Nav { return l.Scroll }

// Nav returns the invoke result's scroll bindings (it has no top and
// bottom keys).
func (e InvokeEditor) Nav() Nav {
	return Nav{Up: e.Up, Down: e.Down, PageUp: e.PageUp, PageDown: e.PageDown}
}
