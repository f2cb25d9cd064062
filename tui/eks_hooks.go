package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/tui/eks"
	"github.com/virgahq/virga/tui/filter"
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/views/dialog"
)

// The root's hooks into the EKS screens (package tui/eks): the Host they
// use, the adapter that puts them on the navigation stack, the palette
// commands :eks, :profiles and :pods, key 5, and the delivery of their
// messages.

// eksHost is the Model as the EKS screens see it: the root's host, with
// pages pushed in their adapter.
type eksHost struct{ host }

func (h eksHost) Propose(a action.Action) tea.Cmd { return h.m.actions.Propose(a) }
func (h eksHost) Disabled(k tea.KeyPressMsg, bs ...key.Binding) (tea.Cmd, bool) {
	return h.m.actions.Disabled(k, bs...)
}
func (h eksHost) Push(build func(id int) eks.Page) tea.Cmd {
	return h.m.pushScreen(h.m.eksScreen(build))
}

// CloudWatchLogs opens the log pane of the streams of group that start
// with prefix: where Fargate's log router sends a pod's containers.
func (h eksHost) CloudWatchLogs(name, group, prefix string, crumbs []string) tea.Cmd {
	if !h.m.canReadLogs() {
		return logpane.Unreadable(h.host)
	}
	sess := logpane.NewSession(h.host, name, []logtarget.Target{{Name: name, Group: group, Prefix: prefix}}, nil)
	return logpane.OpenScreen(h.host, sess, crumbs)
}

// PollEvery is the list refresh interval, four times slower when idle.
func (h eksHost) PollEvery() time.Duration {
	d := h.m.opt.Refresh
	if h.m.idle() {
		d *= 4
	}
	return d
}

func (h eksHost) Form(title, sub string, fields []dialog.Field, submit func([]string) (action.Action, error)) tea.Cmd {
	return h.m.actions.Form(title, sub, fields, submit)
}

// eksAdapter puts an EKS screen on the stack: the page answers the
// screen contract itself; the adapter adds only the filter bar over an
// EKS table.
type eksAdapter struct {
	eks.Page
	m *Model
}

func (m *Model) eksScreen(build func(id int) eks.Page) func(id int) screen {
	return func(id int) screen { return eksAdapter{Page: build(id), m: m} }
}

// filterTarget is what the filter bar narrows: the table on top, or an
// EKS table.
func (m *Model) filterTarget() (filter.Target, bool) {
	if t, ok := m.topTable(); ok {
		return t, true
	}
	if s, ok := eksTable(m.top()); ok && s.Level() != eks.Pod {
		return s, true
	}
	return nil, false
}

// Key opens the filter bar over an EKS table; the screen gets the rest.
func (a eksAdapter) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if s, ok := a.Page.(*eks.Screen); ok && s.Level() != eks.Pod && key.Matches(k, a.m.km.List.Filter) {
		a.m.over = overlayFilter
		return a.m.filter.Open(s), true
	}
	return a.Page.Key(k)
}

// openEKS makes an EKS screen the root of the stack: :eks, :profiles,
// :pods and key 5.
func (m *Model) openEKS(level eks.Level, cluster string) tea.Cmd {
	if len(m.stack) == 1 {
		if s, ok := eksTable(m.top()); ok && s.Level() == level && s.Cluster() == cluster {
			return nil
		}
	}
	leave(m.stack)
	id := m.gen()
	m.stack = []*location{{id: id, kind: kindScreen, scr: eksAdapter{Page: eks.New(eksHost{host{m}}, id, level, cluster, ""), m: m}}}
	m.setFocus(focusTable)
	return m.activate(m.top())
}

// reroot is the root location after a switch of account or region: the
// same view, empty.
func (m *Model) reroot(old *location) *location {
	if s, ok := eksTable(old); ok {
		id := m.gen()
		return &location{id: id, kind: kindScreen, scr: eksAdapter{Page: eks.New(eksHost{host{m}}, id, s.Level(), "", ""), m: m}}
	}
	if old.scr != nil {
		return m.newLocation(kindFunctions, "", "")
	}
	return m.newLocation(old.kind, "", "")
}

// eksCommand runs :eks, :profiles and :pods; the argument is a cluster.
func (m *Model) eksCommand(name string, args []string) (tea.Cmd, bool) {
	cluster := ""
	if len(args) > 0 {
		cluster = args[0]
	}
	switch name {
	case "eks":
		return m.openEKS(eks.Clusters, ""), true
	case "profiles":
		return m.openEKS(eks.Profiles, cluster), true
	case "pods":
		return m.openEKS(eks.Pods, cluster), true
	}
	return nil, false
}

// eksRefresh reads the EKS screen on top again after a change to a pod
// or deployment.
func (m *Model) eksRefresh(a action.Action) tea.Cmd {
	if r := a.Resource.Type; r != "pod" && r != "deployment" {
		return nil
	}
	if s, ok := eksTable(m.top()); ok {
		return s.Refresh()
	}
	return nil
}

// eksTable is l's EKS screen (a table or a pod's detail), if it is one.
func eksTable(l *location) (*eks.Screen, bool) {
	a, ok := l.scr.(eksAdapter)
	if !ok {
		return nil, false
	}
	s, ok := a.Page.(*eks.Screen)
	return s, ok
}
