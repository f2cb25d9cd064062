package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/reserved"
)

// The first listing of the functions goes as fast as the pages come, so
// rows appear page by page. A refresh re-lists every page; at 10,000
// functions that is 200 ListFunctions calls, which a one-minute interval
// would repeat every minute. So the pages of a refresh spend the list's
// budget of Lambda calls (TakeAbove in tui/reserved), leaving
// reserved.BackgroundKeep calls for the reserved concurrency of rows the user
// scrolls to: a big inventory refreshes more slowly (at 10,000 functions
// a cycle takes about a quarter of an hour), a small one every minute.

// functionsPageDueMsg says the next page of a refresh may be asked for.
type functionsPageDueMsg struct {
	loc, gen int
	marker   string
}

// nextFunctionsPage asks for the page at marker when the budget allows,
// or arms a timer for when it will.
func (m *Model) nextFunctionsPage(l *location, marker string) tea.Cmd {
	if m.metrics.Reads().TakeAbove(reserved.BackgroundKeep) {
		return m.loadFunctionsPage(l, marker)
	}
	return m.opt.After(m.metrics.Reads().TokenWait(reserved.BackgroundKeep), functionsPageDueMsg{loc: l.id, gen: l.gen, marker: marker})
}

func (msg functionsPageDueMsg) update(m *Model) tea.Cmd {
	if l := m.current(msg.loc, msg.gen); l != nil && m.visible(l) {
		return m.nextFunctionsPage(l, msg.marker)
	}
	// Hidden locations make no calls; activate starts a new cycle.
	return nil
}
