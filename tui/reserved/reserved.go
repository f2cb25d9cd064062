// Package reserved reads the reserved concurrency of the functions on
// screen, which ListFunctions does not say, within the list's budget of
// Lambda calls.
package reserved

import (
	"cmp"
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
)

// ListFunctions does not say which functions reserve concurrency, yet the
// RSV column and the LIMIT flag ("c100%") depend on it. So the reserved
// concurrency of every row on screen is read (GetFunctionConcurrency, one
// light call each), a few at a time, and kept for TTL: virga's own
// actions and the selection's detail refresh it sooner. The reads share
// Lambda's control-plane quota with everything else, so a token bucket
// bounds them: a screenful at once, then Refill a minute while the user
// scrolls; at rest, a screen of 50 rows costs 5 calls a minute.
//
// Calls that can wait, re-reads of expired rows and the pages of an
// inventory refresh (lists.NextPage), spend the same budget but leave
// BackgroundKeep tokens for rows the user has never seen. So at rest the
// list makes at most Burst-BackgroundKeep+Refill Lambda calls in any
// minute, whatever the account's size (60 at most).
const (
	TTL            = 10 * time.Minute
	MaxInFlight    = 4
	Burst          = 60
	Refill         = 20 // calls a minute
	BackgroundKeep = 30
)

// Host is what the reads need from the program around them.
type Host interface {
	Now() time.Time
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
	// Epoch changes when the account or region is switched.
	Epoch() int
	Backend() providers.Backend
	CallCtx() (context.Context, context.CancelFunc)
	After(d time.Duration, msg tea.Msg) tea.Cmd
	// RetryDelay is how long to wait after n failures in a row.
	RetryDelay(n int, err error) time.Duration
	// FunctionsOnScreen lists the functions on screen, the selection
	// first; none when no functions table is visible or calls are paused.
	FunctionsOnScreen() []string
	// ShowReserved puts the reads that came back into the rows.
	ShowReserved()
}

// entry is what the list knows of one function's reservation.
type entry struct {
	n        *int // nil: none
	at       time.Time
	err      error // the last read failed (at says when)
	inflight bool
}

// readOnce says the entry was read before (it may have expired since),
// as 1, or 0 for a row never read: a sort key.
func (e *entry) readOnce() int {
	if e != nil && !e.at.IsZero() {
		return 1
	}
	return 0
}

// known says the entry holds a reservation that was read.
func (e *entry) known() bool { return e != nil && !e.at.IsZero() && e.err == nil }

// Reads is the reads of reserved concurrency for the list, and what they
// found.
type Reads struct {
	host     Host
	entries  map[string]*entry
	inflight int
	// tokens is the call budget left, as of refilled.
	tokens   float64
	refilled time.Time
	// gen drops retry timers of earlier waits; failures counts throttled
	// or failed reads in a row, for the retry delay.
	gen      int
	waiting  bool
	failures int
	// unshown counts reads not yet in the rows: rows are rebuilt once a
	// few reads have come back, not after every one.
	unshown int
}

// New returns reads that know nothing yet.
func New(h Host) *Reads { return &Reads{host: h} }

// Reset forgets everything after a switch of account or region; timers
// of earlier waits are dropped.
func (r *Reads) Reset() { *r = Reads{host: r.host, gen: r.gen + 1} }

// InFlight is how many reads are out.
func (r *Reads) InFlight() int { return r.inflight }

type (
	// ReadMsg carries one function's reserved concurrency.
	ReadMsg struct {
		epoch int
		name  string
		n     *int
		err   error
		at    time.Time
	}
	// dueMsg says reads may go on after a wait for the budget or after a
	// failure.
	dueMsg struct{ gen int }
)

// Msg marks the messages of the reads, so the root routes them to
// Update with one case.
type Msg interface{ isReservedMsg() }

func (ReadMsg) isReservedMsg() {}
func (dueMsg) isReservedMsg()  {}

// Update handles the reads' messages.
func (r *Reads) Update(msg Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ReadMsg:
		return r.read(msg)
	case dueMsg:
		if msg.gen != r.gen {
			return nil
		}
		r.waiting = false
		return r.Read()
	}
	return nil
}

// Of returns what is known of name's reservation.
func (r *Reads) Of(name string) (*int, bool) {
	e := r.entries[name]
	if !e.known() {
		return nil, false
	}
	return e.n, true
}

// entryOf returns name's entry, made when there is none.
func (r *Reads) entryOf(name string) *entry {
	if r.entries == nil {
		r.entries = map[string]*entry{}
	}
	e := r.entries[name]
	if e == nil {
		e = &entry{}
		r.entries[name] = e
	}
	return e
}

// Set records a reservation read by any call (GetFunction too).
func (r *Reads) Set(name string, n *int, at time.Time) {
	e := r.entryOf(name)
	if at.Before(e.at) {
		return
	}
	e.n, e.at, e.err = n, at, nil
}

// TakeAbove spends one call of the budget if more than keep are left,
// so calls that can wait leave keep for those that cannot. The clock
// refills the budget.
func (r *Reads) TakeAbove(keep float64) bool {
	now := r.host.Now()
	if r.refilled.IsZero() {
		r.tokens = Burst
	} else if d := now.Sub(r.refilled); d > 0 {
		r.tokens = min(Burst, r.tokens+d.Minutes()*Refill)
	}
	r.refilled = now
	if r.tokens < keep+1 {
		return false
	}
	r.tokens--
	return true
}

// TokenWait is how long until the budget holds more than keep.
func (r *Reads) TokenWait(keep float64) time.Duration {
	return max(time.Duration((keep+1-r.tokens)/Refill*float64(time.Minute)), time.Second)
}

// due lists the rows on screen (the selection first) whose reservation
// is unknown or older than TTL and not being read.
func (r *Reads) due() []string {
	now := r.host.Now()
	var out []string
	for _, name := range r.host.FunctionsOnScreen() {
		e := r.entries[name]
		if e != nil && (e.inflight || !e.at.IsZero() && now.Sub(e.at) < TTL) {
			continue
		}
		dup := false
		for _, n := range out {
			if n == name {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, name)
		}
	}
	return out
}

// Read starts reads for the rows that need one, within the in-flight
// limit and the call budget; when the budget is spent it waits for the
// next token.
func (r *Reads) Read() tea.Cmd {
	h := r.host
	rd, ok := h.Backend().(providers.ReservedConcurrencyReader)
	if !ok || r.waiting {
		return nil
	}
	due := r.due()
	// Rows never read go before re-reads, which wait for spare budget.
	slices.SortStableFunc(due, func(a, b string) int {
		return cmp.Compare(r.entries[a].readOnce(), r.entries[b].readOnce())
	})
	var cmds []tea.Cmd
	for _, name := range due {
		if r.inflight >= MaxInFlight {
			break
		}
		keep := 0.0
		if r.entries[name].readOnce() == 1 {
			keep = BackgroundKeep // a re-read can wait
		}
		if !r.TakeAbove(keep) {
			cmds = append(cmds, r.wait(r.TokenWait(keep)))
			break
		}
		r.entryOf(name).inflight = true
		r.inflight++
		epoch, clock := h.Epoch(), h.Clock()
		ctx, cancel := h.CallCtx()
		cmds = append(cmds, func() tea.Msg {
			defer cancel()
			n, err := rd.ReservedConcurrency(ctx, name)
			return ReadMsg{epoch: epoch, name: name, n: n, err: err, at: clock()}
		})
	}
	return tea.Batch(cmds...)
}

// wait holds further reads back for d.
func (r *Reads) wait(d time.Duration) tea.Cmd {
	r.gen++
	r.waiting = true
	return r.host.After(d, dueMsg{gen: r.gen})
}

// read stores a read and goes on with the next rows. A throttle or an
// outage leaves the row unknown and waits the retry delay; a function
// that is gone or may not be read is not asked again until the entry
// expires.
func (r *Reads) read(msg ReadMsg) tea.Cmd {
	if msg.epoch != r.host.Epoch() {
		return nil
	}
	r.inflight = max(r.inflight-1, 0)
	e := r.entries[msg.name]
	if e == nil {
		return nil
	}
	e.inflight = false
	switch kind := providers.KindOf(msg.err); {
	case msg.err == nil:
		r.failures = 0
		r.Set(msg.name, msg.n, msg.at)
		r.unshown++
	case kind == providers.ErrNotFound || kind == providers.ErrAccessDenied || kind == providers.ErrInvalid:
		e.at, e.err = msg.at, msg.err
	case kind == providers.ErrCredentials:
		return nil
	default:
		r.failures++
		if r.waiting {
			return nil
		}
		r.show()
		return r.wait(r.host.RetryDelay(r.failures, msg.err))
	}
	cmd := r.Read()
	if r.inflight == 0 || r.unshown >= 2*MaxInFlight {
		r.show()
	}
	return cmd
}

// show puts the reads that came back into the rows.
func (r *Reads) show() {
	if r.unshown == 0 {
		return
	}
	r.unshown = 0
	r.host.ShowReserved()
}
