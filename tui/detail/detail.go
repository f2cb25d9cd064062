package detail

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// debounce lets the cursor settle before the selection's detail is
// fetched, so holding j does not fire a GetFunction per row.
const debounce = 150 * time.Millisecond

// Selection is the selection of the visible table: one of its fields is
// set, or none when nothing is selected.
type Selection struct {
	Fn      *views.FunctionRow
	Cluster *providers.Cluster
	Service *providers.Service
	Task    *providers.Task
	// Tasks are the rows of a task's table (its detail counts siblings).
	Tasks []providers.Task
}

// Key identifies the selection.
func (s Selection) Key() string {
	switch {
	case s.Fn != nil:
		return "fn:" + s.Fn.Fn.Name
	case s.Cluster != nil:
		return "cl:" + s.Cluster.Name
	case s.Service != nil:
		return "svc:" + s.Service.Cluster + "/" + s.Service.Name
	case s.Task != nil:
		return "task:" + s.Task.ARN
	}
	return ""
}

// TaskDef is the task definition ARN of a selected service or task.
func (s Selection) TaskDef() string {
	switch {
	case s.Service != nil:
		return s.Service.TaskDefinition
	case s.Task != nil:
		return s.Task.TaskDefinition
	}
	return ""
}

// fnEntry caches GetFunction for a function.
type fnEntry struct {
	detail providers.FunctionDetail
	err    error
	at     time.Time
}

// Pane is the detail pane and the caches behind it.
type Pane struct {
	*kit.Pane
	h Host
	// refresh is the poll interval; a function's detail is read again
	// when it is three of them old.
	refresh time.Duration
	// key is the selection shown; revealed the index of its revealed
	// environment variable, -1 for none.
	key      string
	revealed int
	fns      map[string]fnEntry
	taskDefs map[string]taskDefEntry
	// gen is the generation of the selection's fetch timer.
	gen int
}

// New returns an empty pane.
func New(h Host, refresh time.Duration) *Pane {
	p := &Pane{Pane: kit.NewPane(h.Styles()), h: h, refresh: refresh, revealed: -1}
	p.Forget()
	return p
}

// Forget drops every cached read and fetch timer (the backend switched).
func (p *Pane) Forget() {
	p.fns = map[string]fnEntry{}
	p.taskDefs = map[string]taskDefEntry{}
	p.gen++
}

// Of is the cached GetFunction of name, false when it was never read or
// its last read failed; Asked is true even for a failed read.
func (p *Pane) Of(name string) (providers.FunctionDetail, bool) {
	e, ok := p.fns[name]
	return e.detail, ok && e.err == nil
}

func (p *Pane) Asked(name string) bool { _, ok := p.fns[name]; return ok }

// Put is the one writer of the function cache: the pane's own reads, the
// metrics screens, the pool and the actions' fresh reads all land here.
func (p *Pane) Put(name string, d providers.FunctionDetail, at time.Time) {
	p.fns[name] = fnEntry{detail: d, at: at}
}

// LogGroups adds the log groups of the cached functions to known.
func (p *Pane) LogGroups(known map[string]string) {
	for n, e := range p.fns {
		if e.err == nil && e.detail.Function.LogGroup != "" {
			known[n] = e.detail.Function.LogGroup
		}
	}
}

// Key names the selection the pane shows.
func (p *Pane) Key() string { return p.key }

// Select records the selection; a new one hides the revealed variable.
func (p *Pane) Select(sel Selection) {
	if k := sel.Key(); k != p.key {
		p.key = k
		p.revealed = -1
	}
}

// RevealNext shows the next environment variable of fn in clear, then
// none after the last; false when fn has none.
func (p *Pane) RevealNext(fn providers.Function) bool {
	n := len(fn.Env)
	if d, ok := p.Of(fn.Name); ok {
		n = len(d.Function.Env)
	}
	if n == 0 {
		return false
	}
	p.revealed++
	if p.revealed >= n {
		p.revealed = -1
	}
	return true
}

// Sync rebuilds the pane's lines for sel, width the width of a line. It
// runs in Update when something changed, never in View.
func (p *Pane) Sync(sel Selection, width int) {
	st, now := p.h.Styles(), p.h.Now()
	var title string
	var lines []string
	switch {
	case sel.Fn != nil:
		r := sel.Fn
		var d *providers.FunctionDetail
		if e, ok := p.fns[r.Fn.Name]; ok {
			if e.err != nil {
				lines = append(lines, st.Text.Err.Render(sanitize.Line("detail: "+providers.Short(e.err))), "")
			} else {
				d = &e.detail
			}
		}
		title = r.Fn.Name
		lines = append(lines, views.FunctionDetail(st, r.Fn, d, r.Live, p.revealed, now)...)
	case sel.Cluster != nil:
		title, lines = sel.Cluster.Name, views.ClusterDetail(st, *sel.Cluster)
	case sel.Service != nil:
		s := sel.Service
		title, lines = s.Cluster+"/"+s.Name, views.ServiceDetail(st, *s, now, p.ecsContext(s.TaskDefinition, width))
	case sel.Task != nil:
		t := sel.Task
		x := p.ecsContext(t.TaskDefinition, width)
		x.Tasks = sel.Tasks
		title, lines = "task "+t.ID, views.TaskDetail(st, *t, now, x)
	}
	if title == "" {
		lines = []string{st.Text.Muted.Render("nothing selected")}
	}
	p.SetContent(sanitize.Line(title), lines)
}

// DueMsg says the selection has settled long enough to fetch its detail.
type DueMsg struct{ gen int }

// FunctionMsg carries GetFunction for the selection.
type FunctionMsg struct {
	epoch, gen int
	Name       string
	Detail     providers.FunctionDetail
	Err        error
	At         time.Time
}

// Schedule arms the fetch of function name's detail once the cursor
// settles, unless a fresh one is cached.
func (p *Pane) Schedule(name string) tea.Cmd {
	if e, ok := p.fns[name]; ok && p.h.Now().Sub(e.at) <= 3*p.refresh {
		return nil
	}
	p.gen++
	return p.h.After(debounce, DueMsg{gen: p.gen})
}

// Due reads function name's detail if msg is the current timer.
func (p *Pane) Due(msg DueMsg, name string) tea.Cmd {
	r, ok := p.h.Backend().(providers.FunctionReader)
	if msg.gen != p.gen || !ok {
		return nil
	}
	now, epoch, gen := p.h.Clock(), p.h.Epoch(), msg.gen
	ctx, cancel := p.h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		return FunctionMsg{epoch: epoch, gen: gen, Name: name, Detail: d, Err: err, At: now()}
	}
}

// Loaded stores a GetFunction read and reports whether it was kept (a
// throttled read keeps the good detail cached, merely stale); next keeps
// the detail fresh while it stays on screen.
func (p *Pane) Loaded(msg FunctionMsg) (kept bool, next tea.Cmd) {
	if msg.epoch != p.h.Epoch() {
		return false, nil
	}
	if msg.Err != nil && providers.KindOf(msg.Err) == providers.ErrThrottled {
		if e, ok := p.fns[msg.Name]; ok && e.err == nil {
			return false, nil
		}
	}
	p.fns[msg.Name] = fnEntry{detail: msg.Detail, err: msg.Err, at: msg.At}
	if msg.gen != p.gen {
		return true, nil
	}
	return true, p.h.After(3*p.refresh, DueMsg{gen: msg.gen})
}
