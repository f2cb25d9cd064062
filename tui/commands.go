package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/lists"
)

// Every Cmd constructor copies what it needs (ids, names, the provider)
// before returning its closure; a closure never touches the model.

// fetch starts a fetch cycle of l unless one is running.
func (m *Model) fetch(l *location) tea.Cmd {
	if m.credsExpired || l.scr != nil || !l.Begin() {
		return nil
	}
	switch l.kind {
	case kindClusters:
		l.accClusters = l.accClusters[:0]
		return lists.Clusters(host{m}, l.ref())
	case kindServices:
		l.accServices = l.accServices[:0]
		return m.loadServices(l, l.scope())
	case kindTasks:
		l.accTasks = l.accTasks[:0]
		return m.loadTasks(l, l.scope())
	default:
		l.accFns = l.accFns[:0]
		return lists.FunctionsPage(host{m}, l.ref(), "")
	}
}

// scope is the clusters a services or tasks location starts its cycle
// with: its own, or nil to list them all first.
func (l *location) scope() []string {
	if l.cluster != "" {
		return []string{l.cluster}
	}
	return nil
}

func (m *Model) loadServices(l *location, clusters []string) tea.Cmd {
	return lists.Services(host{m}, l.ref(), clusters)
}

func (m *Model) loadTasks(l *location, clusters []string) tea.Cmd {
	return lists.Tasks(host{m}, l.ref(), l.service, clusters)
}

// schedule arms l's next refresh (lists.Retry.Interval); the functions
// list has its own, longer interval.
func (m *Model) schedule(l *location) tea.Cmd {
	if m.credsExpired {
		return nil
	}
	every := m.opt.Refresh
	if l.kind == kindFunctions {
		every = m.opt.FunctionsRefresh
	}
	return m.opt.After(m.retry.Interval(every, m.idle, &l.Cycle), lists.PollDue{Ref: l.ref()})
}

// activate makes l the visible location: a new generation (so timers of
// earlier visits are dropped) and a fetch now.
func (m *Model) activate(l *location) tea.Cmd {
	l.Restart(m.gen())
	if l.scr != nil {
		m.layout()
		return l.scr.Activate()
	}
	cmds := []tea.Cmd{m.fetch(l)}
	if l.kind == kindFunctions {
		cmds = append(cmds, m.metrics.Schedule(0))
	}
	m.layout()
	m.syncDetail()
	return tea.Batch(append(cmds, m.selectionChanged())...)
}
