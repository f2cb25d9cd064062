package tui

import (
	"github.com/virgahq/virga/views"
)

// The root's side of the reserved concurrency reads (package
// tui/reserved): which rows are on screen, and the rows the reads land in.

// FunctionsOnScreen lists the rows of the visible functions table, the
// selection first.
func (h host) FunctionsOnScreen() []string {
	m := h.m
	l := m.top()
	if l.kind != kindFunctions || l.scr != nil || m.credsExpired {
		return nil
	}
	var out []string
	if r, ok := l.fns.Selected(); ok {
		out = append(out, r.Fn.Name)
	}
	for _, r := range l.fns.Visible() {
		out = append(out, r.Fn.Name)
	}
	return out
}

func (h host) ShowReserved() { h.m.showReserved() }

// showReserved puts the reads that came back into the rows, in place:
// the table renders rows from its items every frame, so only a table
// sorted by RSV or LIMIT needs its order rebuilt (at 10,000 functions a
// rebuild costs about 4 ms, patching a fraction of that).
func (m *Model) showReserved() {
	for _, l := range m.stack {
		if l.kind != kindFunctions || l.scr != nil {
			continue
		}
		items := l.fns.Items()
		for i := range items {
			if n, ok := m.reserved.Of(items[i].Fn.Name); ok {
				items[i].Fn.Reserved, items[i].Fn.ReservedKnown = n, true
			}
		}
		if col, _ := l.fns.Sort(); col == views.FnReserved || col == views.FnLimit {
			l.fns.SetItems(items)
		}
	}
	m.syncDetail()
}

// refreshFunctionRows rebuilds the function rows of every functions
// table, so a new reservation shows in RSV and LIMIT at once.
func (m *Model) refreshFunctionRows() {
	for _, l := range m.stack {
		if l.kind == kindFunctions && l.scr == nil {
			l.fns.SetItems(m.functionRows(fnsOf(l.fns.Items())))
		}
	}
	m.syncDetail()
}
