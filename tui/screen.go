package tui

import (
	tea "charm.land/bubbletea/v2"
	scr "github.com/virgahq/virga/tui/screen"
)

// screen and screenMsg are the contract of tui/screen, named here for
// the root's code.
type (
	screen    = scr.Screen
	screenMsg = scr.Msg
)

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
