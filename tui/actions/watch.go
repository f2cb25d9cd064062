package actions

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
func (p *Pipeline) watchAfter(msg doneMsg) tea.Cmd {
	h := p.host
	a := msg.act
	switch a.Watch() {
	case action.WatchNone:
		return nil
	case action.WatchTasks:
		return h.RefreshTasks(a.Resource.Cluster)
	}
	w := &watch{id: h.Gen(), epoch: h.Epoch(), w: action.NewWatcher(a, msg.out.Receipt, h.Now(), watchLimit)}
	p.watches = append(p.watches, w)
	return p.watchRead(w)
}

func (p *Pipeline) findWatch(id int) *watch {
	for _, w := range p.watches {
		if w.id == id {
			return w
		}
	}
	return nil
}

func (p *Pipeline) endWatch(id int) {
	ws := p.watches[:0]
	for _, w := range p.watches {
		if w.id != id {
			ws = append(ws, w)
		}
	}
	p.watches = ws
}

// watchRead reads what the watch follows.
func (p *Pipeline) watchRead(w *watch) tea.Cmd {
	h := p.host
	b := h.Backend()
	if h.Paused() || w.epoch != h.Epoch() || !w.w.Polls(b) {
		p.endWatch(w.id)
		return nil
	}
	now, id, epoch, ww := h.Clock(), w.id, w.epoch, w.w
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		pl, err := ww.Poll(ctx, b)
		return watchPolledMsg{id: id, epoch: epoch, p: pl, err: err, at: now()}
	}
}

func (p *Pipeline) watchDue(msg watchDueMsg) tea.Cmd {
	w := p.findWatch(msg.id)
	if w == nil {
		return nil
	}
	return p.watchRead(w)
}

func (p *Pipeline) watchPolled(msg watchPolledMsg) tea.Cmd {
	h := p.host
	w := p.findWatch(msg.id)
	if w == nil || msg.epoch != h.Epoch() {
		return nil
	}
	a := w.w.Action()
	if providers.KindOf(msg.err) == providers.ErrCredentials {
		p.endWatch(w.id)
		return nil
	}
	switch {
	case msg.p.Function != nil:
		h.StoreDetail(a.Resource.Function, *msg.p.Function, msg.at)
	case msg.err == nil && a.Watch() == action.WatchService:
		h.StoreServices(a.Resource.Cluster, msg.p.Services)
	}
	st := w.w.Next(msg.p, msg.err, h.Now())
	label := a.Resource.String() + ": "
	switch {
	case st.Done && !a.Waits():
		p.endWatch(w.id)
		return nil
	case st.Done && st.Failed:
		p.endWatch(w.id)
		return tea.Batch(h.Notify(views.LevelError, "✗ "+label+st.Text), h.Changed(a))
	case st.Done:
		p.endWatch(w.id)
		return tea.Batch(h.Notify(views.LevelInfo, "✓ "+label+st.Text), h.Changed(a))
	case st.GaveUp:
		p.endWatch(w.id)
		return h.Notify(views.LevelWarn, label+"still in progress after "+w.w.Limit().String()+"; no longer watching ("+st.Text+")")
	}
	var cmds []tea.Cmd
	if st.Err == nil && (st.Changed || !h.StatusShown()) {
		cmds = append(cmds, h.Notify(views.LevelInfo, "… "+label+st.Text))
	}
	return tea.Batch(append(cmds, h.After(w.w.Every(), watchDueMsg{id: w.id}))...)
}
