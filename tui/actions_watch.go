package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
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

// watchLimit is how long a change is followed.
const watchLimit = 15 * time.Minute

type watch struct {
	id    int
	epoch int
	w     *action.Watcher
}

type (
	// watchDueMsg says a watch's next read is due.
	watchDueMsg struct{ id int }
	// watchPolledMsg carries a watch's read.
	watchPolledMsg struct {
		id    int
		epoch int
		p     action.Polled
		err   error
		at    time.Time
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
	w := &watch{id: m.gen(), epoch: m.epoch, w: action.NewWatcher(a, msg.out.Receipt, m.now(), watchLimit)}
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
	b := m.opt.Backend
	if m.credsExpired || w.epoch != m.epoch || !w.w.Polls(b) {
		m.endWatch(w.id)
		return nil
	}
	now, id, epoch, ww := m.opt.Now, w.id, w.epoch, w.w
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		p, err := ww.Poll(ctx, b)
		return watchPolledMsg{id: id, epoch: epoch, p: p, err: err, at: now()}
	}
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
	a := w.w.Action()
	if providers.KindOf(msg.err) == providers.ErrCredentials {
		m.endWatch(w.id)
		return nil
	}
	switch {
	case msg.p.Function != nil:
		m.storeDetail(a.Resource.Function, *msg.p.Function, msg.at)
	case msg.err == nil && a.Watch() == action.WatchService:
		m.storeServices(a.Resource.Cluster, msg.p.Services)
	}
	st := w.w.Next(msg.p, msg.err, m.now())
	label := a.Resource.String() + ": "
	switch {
	case st.Done && !a.Waits():
		m.endWatch(w.id)
		return nil
	case st.Done && st.Failed:
		m.endWatch(w.id)
		return tea.Batch(m.notify(views.LevelError, "✗ "+label+st.Text), m.eksRefresh(a))
	case st.Done:
		m.endWatch(w.id)
		return tea.Batch(m.notify(views.LevelInfo, "✓ "+label+st.Text), m.eksRefresh(a))
	case st.GaveUp:
		m.endWatch(w.id)
		return m.notify(views.LevelWarn, label+"still in progress after "+w.w.Limit().String()+"; no longer watching ("+st.Text+")")
	}
	var cmds []tea.Cmd
	if st.Err == nil && (st.Changed || m.status.text == "") {
		cmds = append(cmds, m.notify(views.LevelInfo, "… "+label+st.Text))
	}
	return tea.Batch(append(cmds, m.opt.After(w.w.Every(), watchDueMsg{id: w.id}))...)
}

// storeDetail puts a fresh GetFunction where the views read it: the
// detail cache and the function rows (memory, timeout and reserved
// concurrency change with actions).
func (m *Model) storeDetail(name string, d providers.FunctionDetail, at time.Time) {
	m.putDetail(name, detailEntry{detail: d, at: at})
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
