package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// A watch is the targeted refresh after a change: it reads again exactly
// what changed (one function, or one cluster's services) right away, and
// keeps reading, faster than the normal poll, while the change is in
// progress: provisioned allocation until READY or FAILED, a function
// update until it completes, tasks until the desired count is reached, a
// rollout until it completes or the circuit breaker rolls it back. Each
// read updates the tables and the detail pane, and the progress shows in
// the status line.

// Watch pacing and limit.
const (
	watchFunctionEvery = 2 * time.Second
	watchServiceEvery  = 3 * time.Second
	watchLimit         = 15 * time.Minute
)

type watch struct {
	id      int
	act     action.Action
	rc      providers.Receipt
	epoch   int
	started time.Time
	last    string
}

type (
	// watchDueMsg says a watch's next read is due.
	watchDueMsg struct{ id int }
	// watchPolledMsg carries a watch's read.
	watchPolledMsg struct {
		id     int
		epoch  int
		detail *providers.FunctionDetail
		svcs   []providers.Service
		// kube is the namespace's deployments, for an EKS change.
		kube *[]providers.KubeDeployment
		err  error
		at   time.Time
	}
)

// watchAfter starts the targeted refresh of a successful action.
func (m *Model) watchAfter(msg actionDoneMsg) tea.Cmd {
	a := msg.act
	switch a.Watch() {
	case action.WatchNone:
		return nil
	case action.WatchTasks:
		return m.refetch(func(l *location) bool {
			return l.kind == kindTasks && (l.cluster == "" || l.cluster == a.Resource.Cluster)
		})
	}
	w := &watch{id: m.gen(), act: a, rc: msg.out.Receipt, epoch: m.epoch, started: m.now()}
	m.actions.watches = append(m.actions.watches, w)
	return m.watchRead(w)
}

func (m *Model) findWatch(id int) *watch {
	for _, w := range m.actions.watches {
		if w.id == id {
			return w
		}
	}
	return nil
}

func (m *Model) endWatch(id int) {
	ws := m.actions.watches[:0]
	for _, w := range m.actions.watches {
		if w.id != id {
			ws = append(ws, w)
		}
	}
	m.actions.watches = ws
}

// watchRead reads what the watch follows.
func (m *Model) watchRead(w *watch) tea.Cmd {
	if m.credsExpired || w.epoch != m.epoch {
		m.endWatch(w.id)
		return nil
	}
	b, now := m.opt.Backend, m.opt.Now
	id, epoch, r := w.id, w.epoch, w.act.Resource
	ctx, cancel := m.callCtx()
	switch w.act.Watch() {
	case action.WatchFunction:
		fr, ok := b.(providers.FunctionReader)
		if !ok {
			cancel()
			m.endWatch(w.id)
			return nil
		}
		return func() tea.Msg {
			defer cancel()
			d, err := fr.GetFunction(ctx, r.Function)
			return watchPolledMsg{id: id, epoch: epoch, detail: &d, err: err, at: now()}
		}
	case action.WatchService:
		return func() tea.Msg {
			defer cancel()
			svcs, err := b.ListServices(ctx, r.Cluster)
			return watchPolledMsg{id: id, epoch: epoch, svcs: svcs, err: err, at: now()}
		}
	case action.WatchKubeDeployment:
		if cmd := eksWatchRead(ctx, cancel, b, w, now); cmd != nil {
			return cmd
		}
	}
	cancel()
	m.endWatch(w.id)
	return nil
}

func (m *Model) watchDue(msg watchDueMsg) tea.Cmd {
	w := m.findWatch(msg.id)
	if w == nil {
		return nil
	}
	return m.watchRead(w)
}

func (m *Model) watchPolled(msg watchPolledMsg) tea.Cmd {
	w := m.findWatch(msg.id)
	if w == nil || msg.epoch != m.epoch {
		return nil
	}
	a := w.act
	every := watchFunctionEvery
	var p action.Polled
	switch {
	case msg.err != nil:
		// A failed read is retried at the watch's pace; the change itself
		// is not retried.
		if providers.KindOf(msg.err) == providers.ErrCredentials {
			m.endWatch(w.id)
			return nil
		}
	case msg.detail != nil:
		m.storeDetail(a.Resource.Function, *msg.detail, msg.at)
		p.Function = msg.detail
	case msg.kube != nil:
		every = watchServiceEvery
		p.KubeDeployment = eksWatched(a, *msg.kube)
	default:
		every = watchServiceEvery
		for i := range msg.svcs {
			if msg.svcs[i].Name == a.Resource.Service {
				p.Service = &msg.svcs[i]
			}
		}
		m.storeServices(a.Resource.Cluster, msg.svcs)
	}
	if msg.err != nil {
		return m.opt.After(every, watchDueMsg{id: w.id})
	}
	prog := a.Progress(p, w.rc)
	label := a.Resource.String() + ": "
	switch {
	case prog.Done && !a.Waits():
		m.endWatch(w.id)
		return nil
	case prog.Done && prog.Failed:
		m.endWatch(w.id)
		return tea.Batch(m.notify(views.LevelError, "✗ "+label+prog.Text), m.eksRefresh(a))
	case prog.Done:
		m.endWatch(w.id)
		return tea.Batch(m.notify(views.LevelInfo, "✓ "+label+prog.Text), m.eksRefresh(a))
	case m.now().Sub(w.started) > watchLimit:
		m.endWatch(w.id)
		return m.notify(views.LevelWarn, label+"still in progress after "+watchLimit.String()+"; no longer watching ("+prog.Text+")")
	}
	var cmds []tea.Cmd
	if prog.Text != w.last || m.status.text == "" {
		w.last = prog.Text
		cmds = append(cmds, m.notify(views.LevelInfo, "… "+label+prog.Text))
	}
	return tea.Batch(append(cmds, m.opt.After(every, watchDueMsg{id: w.id}))...)
}

// storeDetail puts a fresh GetFunction where the views read it: the
// detail cache and the function rows (memory, timeout and reserved
// concurrency change with actions).
func (m *Model) storeDetail(name string, d providers.FunctionDetail, at time.Time) {
	m.fnDetail[name] = detailEntry{detail: d, at: at}
	for _, l := range m.stack {
		if l.kind != kindFunctions {
			continue
		}
		fns := fnsOf(l.fns.Items())
		for i := range fns {
			if fns[i].Name == name {
				fns[i] = d.Function
			}
		}
		l.fns.SetItems(m.functionRows(fns))
	}
	m.syncDetail()
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
	l.gen = m.gen()
	l.inflight = false
	return m.fetch(l)
}
