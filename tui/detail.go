package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/detail"
	"github.com/virgahq/virga/views"
)

// The root's hooks into the detail pane and the raw view (package
// tui/detail): the selection they show, when they read, and the delivery
// of their reads.

type (
	// detailDueMsg says the selection has settled long enough to fetch
	// its detail.
	detailDueMsg = detail.DueMsg
	// functionDetailLoadedMsg carries GetFunction for the selection.
	functionDetailLoadedMsg = detail.FunctionMsg
	// taskDefLoadedMsg carries a task definition read for the detail.
	taskDefLoadedMsg = detail.TaskDefMsg
	// describeLoadedMsg carries the API's document for the raw view.
	describeLoadedMsg = detail.RawMsg
)

// selection is the selection of the visible table.
func (m *Model) selection() detail.Selection {
	var s detail.Selection
	switch l := m.top(); {
	case l.scr != nil:
	case l.kind == kindFunctions:
		if r, ok := l.fns.Selected(); ok {
			s.Fn = &r
		}
	case l.kind == kindClusters:
		if c, ok := l.clusters.Selected(); ok {
			s.Cluster = &c
		}
	case l.kind == kindServices:
		if v, ok := l.services.Selected(); ok {
			s.Service = &v
		}
	case l.kind == kindTasks:
		if t, ok := l.tasks.Selected(); ok {
			s.Task, s.Tasks = &t, l.tasks.Items()
		}
	}
	return s
}

// selectionChanged runs after anything that may move the selection or
// the rows on screen: it refreshes the detail pane, schedules the
// selection's detail fetch, and asks for metrics of newly visible rows.
func (m *Model) selectionChanged() tea.Cmd {
	if m.top().scr != nil {
		return nil
	}
	var cmds []tea.Cmd
	sel := m.selection()
	m.detail.Select(sel)
	m.syncDetail()
	if m.top().kind == kindFunctions {
		if sel.Fn != nil && m.detailVisible() {
			cmds = append(cmds, m.detail.Schedule(sel.Fn.Fn.Name))
		}
		cmds = append(cmds, m.metrics.Soon(), m.metrics.Reads().Read())
	}
	cmds = append(cmds, m.loadTaskDef())
	return tea.Batch(cmds...)
}

func (m *Model) detailDue(msg detailDueMsg) tea.Cmd {
	if sel := m.selection(); sel.Fn != nil && m.detailVisible() && !m.credsExpired {
		return m.detail.Due(msg, sel.Fn.Fn.Name)
	}
	return nil
}

func (m *Model) functionDetailLoaded(msg functionDetailLoadedMsg) tea.Cmd {
	kept, next := m.detail.Loaded(msg)
	if !kept {
		return nil
	}
	if msg.Err == nil {
		// GetFunction reads the reservation too (fresher after an
		// action); show it in the table rows.
		m.metrics.Reads().Set(msg.Name, msg.Detail.Function.Reserved, msg.At)
		m.metrics.RefreshRows()
	}
	m.syncDetail()
	return next
}

// loadTaskDef reads the selection's task definition when the detail is on
// screen and it is not read yet.
func (m *Model) loadTaskDef() tea.Cmd {
	if m.top().scr != nil || !m.detailVisible() || m.credsExpired {
		return nil
	}
	return m.detail.LoadTaskDef(m.selection().TaskDef())
}

func (m *Model) taskDefLoaded(msg taskDefLoadedMsg) tea.Cmd {
	if m.detail.TaskDefLoaded(msg, m.selection().TaskDef()) {
		m.syncDetail()
	}
	return nil
}

// revealNext shows the selected function's next environment variable.
func (m *Model) revealNext() {
	if sel := m.selection(); sel.Fn != nil && m.detail.RevealNext(sel.Fn.Fn) {
		m.syncDetail()
	}
}

// openDescribe opens the raw view of the selection.
func (m *Model) openDescribe() tea.Cmd {
	ref, ok := m.selection().Ref(m.who.ID().Region)
	if !ok {
		return m.notify(views.LevelInfo, "select a function, cluster, service or task first")
	}
	cmd, ok := m.raw.Open(ref)
	if ok {
		m.over = overlayRaw
	}
	return cmd
}

// describeLoaded shows a document read for the raw view while it is open.
func (m *Model) describeLoaded(msg describeLoadedMsg) tea.Cmd {
	if m.over != overlayRaw {
		return nil
	}
	return m.raw.Loaded(msg)
}

// rawKey handles the raw view's keys; those of every pane scroll or close it.
func (m *Model) rawKey(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.raw.Key(k); ok {
		return cmd
	}
	return m.paneKey(k, m.raw.Pane())
}

// syncDetail rebuilds the detail pane's lines for the selection. It runs
// in Update when something changed, never in View.
func (m *Model) syncDetail() {
	if m.top().scr == nil {
		m.detail.Sync(m.selection(), m.detailTextWidth())
	}
}

// detailTextWidth is the width of a line in the detail pane: beside the
// table or full screen, less the border and the leading space.
func (m *Model) detailTextWidth() int {
	if tw := m.tableWidth(); tw < m.width {
		return m.width - tw - 2
	}
	return m.width - 1
}
