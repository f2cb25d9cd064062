package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views"
)

// screen is a full-body view pushed on the navigation stack above the
// resource tables: a function's metrics, a log pane, an invocation list,
// the journal. Screens live in this package and hold the *Model they
// belong to, so their Cmds can use its backend, clock and timers; like
// every Cmd, theirs copy what they need before returning.
//
// A screen is active only while it is on top of the stack: the root calls
// deactivate when it is covered or popped, and activate when it is shown
// again, so a hidden screen makes no calls and runs no stream.
type screen interface {
	// Crumbs names the screen in the breadcrumb line.
	Crumbs() []string
	// Info is the right side of the breadcrumb line.
	Info() string
	SetSize(w, h int)
	// Restyle rebuilds cached styles after a theme change.
	Restyle()
	Activate() tea.Cmd
	Deactivate()
	// Key gets every Key first while the screen is on top; handled=false
	// lets the root apply its global keys (quit, help, palette, back...).
	Key(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	// Update receives the messages addressed to this screen (screenMsg).
	Update(msg tea.Msg) tea.Cmd
	// View renders exactly the size given to setSize.
	View() string
	// Hints are the keys shown in the status line; help lists all of them.
	Hints() []key.Binding
	Help() []views.HelpGroup
	// Status reports freshness for the header ("updated 12:04:05") and
	// staleness for the Status line ("stale · 12s"), empty when fresh.
	Status() (freshness, stale string)
}

// screenMsg is a message addressed to the screen of one location.
type screenMsg interface {
	ScreenID() int
}

// pushScreen drills into a screen. build receives the location id the
// screen tags its messages with (see screenMsg).
func (m *Model) pushScreen(build func(id int) screen) tea.Cmd {
	id := m.gen()
	l := &location{id: id, kind: kindScreen, scr: build(id)}
	return m.push(l)
}

// routeScreenMsg delivers msg to the screen it is addressed to, if that
// screen is still on the stack; otherwise the message is dropped.
func (m *Model) routeScreenMsg(msg screenMsg) tea.Cmd {
	l := m.findLocation(msg.ScreenID())
	if l == nil || l.scr == nil {
		return nil
	}
	return l.scr.Update(msg)
}

// topTable returns the visible table, if the top of the stack is one.
func (m *Model) topTable() (table, bool) {
	l := m.top()
	if l.scr != nil {
		return nil, false
	}
	return l.table(), true
}

// leave deactivates every screen in ls (their polls and streams stop).
func leave(ls []*location) {
	for _, l := range ls {
		if l.scr != nil {
			l.scr.Deactivate()
		}
	}
}
