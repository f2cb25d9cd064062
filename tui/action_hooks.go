package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/actions"
	"github.com/virgahq/virga/tui/invokescreen"
	"github.com/virgahq/virga/views"
)

// The root's hooks into the action pipeline (package tui/actions): the
// routing of action keys, overlay keys and pipeline messages, and the
// writes a change makes to the tables on the stack.

// actionMsg is a message of the action pipeline.
type actionMsg = actions.Msg

// actionOverlayKey sends a key to the open form or confirmation.
func (m *Model) actionOverlayKey(msg tea.Msg) tea.Cmd { return m.actions.OverlayKey(msg) }

// actionOverlayView draws the open form or confirmation over the frame.
func (m *Model) actionOverlayView(lines []string) []string {
	return m.actions.View(lines, m.width, m.bodyHeight())
}

// actionTable is the kind of rows k lists, for the action keys.
func actionTable(k kind) actions.Table {
	switch k {
	case kindFunctions:
		return actions.Functions
	case kindServices:
		return actions.Services
	case kindTasks:
		return actions.Tasks
	}
	return actions.NoActions
}

// actionHelp is the help group of the visible table's actions.
func (m *Model) actionHelp() []views.HelpGroup {
	if m.top().scr != nil {
		return nil
	}
	return m.actions.Help(actionTable(m.top().kind))
}

// actionKey gives an action key the selection of the visible table (or
// its detail pane). It reports whether k was an action key.
func (m *Model) actionKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	l := m.top()
	if l.scr != nil {
		return nil, false
	}
	sel := actions.Selection{Table: actionTable(l.kind)}
	switch l.kind {
	case kindFunctions:
		if r, ok := l.fns.Selected(); ok {
			sel.Function = &r.Fn
		}
	case kindServices:
		if s, ok := l.services.Selected(); ok {
			sel.Service = &s
		}
	case kindTasks:
		if t, ok := l.tasks.Selected(); ok {
			sel.Task = &t
		}
	}
	return m.actions.Key(k, sel)
}

// openInvoke pushes the invoke screen of fn.
func (m *Model) openInvoke(fn providers.Function) tea.Cmd {
	return m.pushScreen(func(id int) screen {
		return invokescreen.New(host{m}, id, fn)
	})
}

// payloads is the invoke screen's history store.
func (m *Model) payloads() *invoke.History {
	if m.opt.Payloads == nil {
		m.opt.Payloads = invoke.OpenHistory("")
	}
	return m.opt.Payloads
}

// journal is where actions are recorded; without one configured the
// session keeps its journal in memory.
func (m *Model) journal() *journal.Journal {
	if m.opt.Journal == nil {
		m.opt.Journal = journal.Memory("this session")
	}
	return m.opt.Journal
}

// storeDetail puts a fresh GetFunction where the views read it: the
// detail cache and the function rows (memory, timeout and reserved
// concurrency change with actions). GetFunction reads the reservation
// too, fresher than the list's own read of it.
func (m *Model) storeDetail(name string, d providers.FunctionDetail, at time.Time) {
	m.detail.Put(name, d, at)
	m.metrics.Reads().Set(name, d.Function.Reserved, at)
	m.metrics.Replace(name, d.Function)
}

// storeServices puts a cluster's fresh services into every services table
// that shows that cluster.
func (m *Model) storeServices(cluster string, svcs []providers.Service) {
	byName := map[string]providers.Service{}
	for _, s := range svcs {
		byName[s.Name] = s
	}
	for _, l := range m.stack {
		if l.kind != kindServices || (l.cluster != "" && l.cluster != cluster) {
			continue
		}
		items := append([]providers.Service(nil), l.services.Items()...)
		for i, s := range items {
			if n, ok := byName[s.Name]; ok && s.Cluster == cluster {
				items[i] = n
			}
		}
		l.services.SetItems(items)
	}
	m.syncDetail()
}

// refetch starts a fetch now of the visible location if it matches.
func (m *Model) refetch(match func(l *location) bool) tea.Cmd {
	l := m.top()
	if l.scr != nil || !match(l) {
		return nil
	}
	l.Restart(m.gen())
	return m.fetch(l)
}
