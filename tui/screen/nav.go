package screen

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/kit"
)

// Mover is what the navigation keys move: a table's cursor, a log view.
type Mover interface {
	Move(n int)
	Page(n int)
	Top()
	Bottom()
}

// Navigate applies a navigation key to t and reports whether k was one.
// Every screen, table and pane moves through it.
func Navigate(t Mover, k tea.KeyPressMsg, n keymap.Nav) bool {
	switch {
	case key.Matches(k, n.Up):
		t.Move(-1)
	case key.Matches(k, n.Down):
		t.Move(1)
	case key.Matches(k, n.PageUp):
		t.Page(-1)
	case key.Matches(k, n.PageDown):
		t.Page(1)
	case key.Matches(k, n.Top):
		t.Top()
	case key.Matches(k, n.Bottom):
		t.Bottom()
	default:
		return false
	}
	return true
}

// Scroll applies a navigation key to a pane.
func Scroll(p *kit.Pane, k tea.KeyPressMsg, n keymap.Nav) bool { return Navigate(pane{p}, k, n) }

// pane moves a kit.Pane with the navigation keys.
type pane struct{ p *kit.Pane }

func (p pane) Move(n int) { p.p.Scroll(n) }
func (p pane) Page(n int) { p.p.PageScroll(n) }
func (p pane) Top()       { p.p.ScrollTop() }
func (p pane) Bottom()    { p.p.ScrollBottom() }

// Pressed reports whether k is one of b's keys, enabled or not: a
// disabled binding (an action in read-only mode) still gets an answer
// saying why it does nothing.
func Pressed(k tea.KeyPressMsg, b key.Binding) bool {
	b.SetEnabled(true)
	return key.Matches(k, b)
}
