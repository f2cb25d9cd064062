// Package identity is who the backend is (account, ARN, profile,
// region): the lookup at start, after ctrl+r and after a backend switch.
// A failed lookup is retried with the retry delay until it succeeds
// (expired credentials wait for ctrl+r instead), so the header and every
// action recover by themselves when AWS comes back. The root asks it
// through its methods; it reaches the root only through Host.
package identity

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
)

// Host is what the lookup needs from the program around it.
type Host interface {
	screen.Env
	// Epoch changes when the backend is switched: an answer of an
	// earlier epoch is about another account or region and is dropped.
	Epoch() int
	// RetryDelay is the wait before the nth retry after err.
	RetryDelay(n int, err error) time.Duration
}

type (
	// Loaded carries who the backend of epoch is.
	Loaded struct {
		epoch int
		id    providers.Identity
		err   error
	}
	// Due says it is time to ask again, after a failure.
	Due struct{ gen int }
)

// Who is the identity in use and the state of its lookup.
type Who struct {
	h   Host
	id  providers.Identity
	err error
	// fails counts failed lookups in a row; gen drops retry timers of
	// earlier failures.
	fails, gen int
}

// New returns an identity not looked up yet.
func New(h Host) *Who { return &Who{h: h} }

// ID is the identity in use (zero until a lookup succeeds).
func (w *Who) ID() providers.Identity { return w.id }

// Err is the last lookup's failure, nil once one succeeded.
func (w *Who) Err() error { return w.err }

// Load asks the backend who it is.
func (w *Who) Load() tea.Cmd {
	b, epoch := w.h.Backend(), w.h.Epoch()
	ctx, cancel := w.h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		id, err := b.Identity(ctx)
		return Loaded{epoch: epoch, id: id, err: err}
	}
}

// Set records the identity a backend switch connected with; timers of
// earlier failures are dropped.
func (w *Who) Set(id providers.Identity) {
	w.id, w.err, w.fails = id, nil, 0
	w.gen++
}

// Due asks again after a failure, unless a later answer came or polling
// is paused (expired credentials wait for ctrl+r).
func (w *Who) Due(msg Due, paused bool) tea.Cmd {
	if msg.gen != w.gen || paused || w.err == nil {
		return nil
	}
	return w.Load()
}

// Update records an answer: got says it names the identity now in use;
// expired says the credentials expired, which the root answers by
// pausing every poll. Other failures are retried after the retry delay;
// the first in a row is notified.
func (w *Who) Update(msg Loaded) (cmd tea.Cmd, got, expired bool) {
	if msg.epoch != w.h.Epoch() {
		return nil, false, false
	}
	w.gen++
	if msg.err == nil {
		w.id, w.err, w.fails = msg.id, nil, 0
		return nil, true, false
	}
	first := w.err == nil
	w.err = msg.err
	w.fails++
	var cmds []tea.Cmd
	expired = providers.KindOf(msg.err) == providers.ErrCredentials
	if !expired {
		cmds = append(cmds, w.h.After(w.h.RetryDelay(w.fails, msg.err), Due{gen: w.gen}))
	}
	if first {
		cmds = append(cmds, w.h.Notify(views.LevelError, "identity: "+providers.Short(msg.err)))
	}
	return tea.Batch(cmds...), false, expired
}
