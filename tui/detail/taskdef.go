package detail

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

// TaskDefMsg carries a task definition read for the detail.
type TaskDefMsg struct {
	epoch int
	arn   string
	td    providers.TaskDefinition
	err   error
}

// LoadTaskDef reads task definition arn unless it is read already.
func (p *Pane) LoadTaskDef(arn string) tea.Cmd {
	r, ok := p.h.Backend().(providers.TaskDefinitionReader)
	if arn == "" || !ok {
		return nil
	}
	if _, seen := p.taskDefs[arn]; seen {
		return nil
	}
	p.taskDefs[arn] = taskDefEntry{loading: true}
	epoch := p.h.Epoch()
	ctx, cancel := p.h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		td, err := r.DescribeTaskDefinition(ctx, arn)
		return TaskDefMsg{epoch: epoch, arn: arn, td: td, err: err}
	}
}

// TaskDefLoaded stores a task definition read; it reports whether the
// pane, showing selected, must be drawn again.
func (p *Pane) TaskDefLoaded(msg TaskDefMsg, selected string) bool {
	if msg.epoch != p.h.Epoch() {
		return false
	}
	p.taskDefs[msg.arn] = taskDefEntry{td: msg.td, err: msg.err}
	if providers.KindOf(msg.err) == providers.ErrThrottled {
		delete(p.taskDefs, msg.arn) // worth another try on the next selection
	}
	return msg.arn == selected
}

// ecsContext is what the detail of a service or task on task definition
// arn shows besides the resource.
func (p *Pane) ecsContext(arn string, width int) views.ECSContext {
	x := views.ECSContext{Width: width}
	if e, ok := p.taskDefs[arn]; ok {
		x.Loading, x.TaskDefErr = e.loading, e.err
		if !e.loading && e.err == nil {
			x.TaskDef = &e.td
		}
	}
	return x
}

// Essential names the essential containers of task definition arn, if
// it is read already; nil when it is not.
func (p *Pane) Essential(arn string) map[string]bool {
	e, ok := p.taskDefs[arn]
	if !ok || e.loading || e.err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, c := range e.td.Containers {
		if c.Essential {
			out[c.Name] = true
		}
	}
	return out
}
