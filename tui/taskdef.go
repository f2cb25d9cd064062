package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// taskDefEntry is a task definition read (or being read) for the detail.
// A revision never changes, so an entry is kept until the backend
// switches; a failed read is kept too, so moving the cursor does not
// retry it row after row.
type taskDefEntry struct {
	td      providers.TaskDefinition
	err     error
	loading bool
}

// taskDefLoadedMsg carries a task definition read for the detail.
type taskDefLoadedMsg struct {
	epoch int
	arn   string
	td    providers.TaskDefinition
	err   error
}

// selectedTaskDef is the task definition ARN of the selected service or
// task, "" for other views.
func (m *Model) selectedTaskDef() string {
	l := m.top()
	switch l.kind {
	case kindServices:
		if s, ok := l.services.Selected(); ok {
			return s.TaskDefinition
		}
	case kindTasks:
		if t, ok := l.tasks.Selected(); ok {
			return t.TaskDefinition
		}
	}
	return ""
}

// loadTaskDef reads the selection's task definition when the detail is on
// screen and it is not read yet.
func (m *Model) loadTaskDef() tea.Cmd {
	if m.top().scr != nil || !m.detailVisible() || m.credsExpired {
		return nil
	}
	arn := m.selectedTaskDef()
	r, ok := m.opt.Backend.(providers.TaskDefinitionReader)
	if arn == "" || !ok {
		return nil
	}
	if _, seen := m.taskDefs[arn]; seen {
		return nil
	}
	m.taskDefs[arn] = taskDefEntry{loading: true}
	epoch := m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		td, err := r.DescribeTaskDefinition(ctx, arn)
		return taskDefLoadedMsg{epoch: epoch, arn: arn, td: td, err: err}
	}
}

func (msg taskDefLoadedMsg) update(m *Model) tea.Cmd {
	if msg.epoch != m.epoch {
		return nil
	}
	m.taskDefs[msg.arn] = taskDefEntry{td: msg.td, err: msg.err}
	if providers.KindOf(msg.err) == providers.ErrThrottled {
		delete(m.taskDefs, msg.arn) // worth another try on the next selection
	}
	if msg.arn == m.selectedTaskDef() {
		m.syncDetail()
	}
	return nil
}

// ecsContext is what the detail of a service or task on task definition
// arn shows besides the resource.
func (m *Model) ecsContext(arn string) views.ECSContext {
	x := views.ECSContext{Width: m.detailTextWidth()}
	if e, ok := m.taskDefs[arn]; ok {
		x.Loading, x.TaskDefErr = e.loading, e.err
		if !e.loading && e.err == nil {
			x.TaskDef = &e.td
		}
	}
	return x
}

// detailTextWidth is the width of a line in the detail pane: beside the
// table or full screen, less the border and the leading space.
func (m *Model) detailTextWidth() int {
	if tw := m.tableWidth(); tw < m.width {
		return m.width - tw - 2
	}
	return m.width - 1
}
