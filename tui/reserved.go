package tui

import (
	"cmp"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// ListFunctions does not say which functions reserve concurrency, yet the
// RSV column and the LIMIT flag ("c100%") depend on it. So the reserved
// concurrency of every row on screen is read (GetFunctionConcurrency, one
// light call each), a few at a time, and kept for reservedTTL: virga's own
// actions and the selection's detail refresh it sooner. The reads share
// Lambda's control-plane quota with everything else, so a token bucket
// bounds them: a screenful at once, then reservedRefill a minute while the
// user scrolls; at rest, a screen of 50 rows costs 5 calls a minute.
//
// Calls that can wait, re-reads of expired rows and the pages of an
// inventory refresh (tui/inventory.go), spend the same budget but leave
// backgroundKeep tokens for rows the user has never seen. So at rest the
// list makes at most reservedBurst-backgroundKeep+reservedRefill Lambda
// calls in any minute, whatever the account's size (targets C2: <= 60).
const (
	reservedTTL      = 10 * time.Minute
	reservedInFlight = 4
	reservedBurst    = 60
	reservedRefill   = 20 // calls a minute
	backgroundKeep   = 30
)

// reservedEntry is what the list knows of one function's reservation.
type reservedEntry struct {
	n        *int // nil: none
	at       time.Time
	err      error // the last read failed (at says when)
	inflight bool
}

// readOnce says the entry was read before (it may have expired since),
// as 1, or 0 for a row never read: a sort key.
func (e *reservedEntry) readOnce() int {
	if e != nil && !e.at.IsZero() {
		return 1
	}
	return 0
}

// known says the entry holds a reservation that was read.
func (e *reservedEntry) known() bool { return e != nil && !e.at.IsZero() && e.err == nil }

// reservedState is the reads of reserved concurrency for the list.
type reservedState struct {
	entries  map[string]*reservedEntry
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

type (
	// reservedReadMsg carries one function's reserved concurrency.
	reservedReadMsg struct {
		epoch int
		name  string
		n     *int
		err   error
		at    time.Time
	}
	// reservedDueMsg says reads may go on after a wait for the budget or
	// after a failure.
	reservedDueMsg struct{ gen int }
)

// reservedOf returns what is known of name's reservation.
func (m *Model) reservedOf(name string) (*int, bool) {
	e := m.reserved.entries[name]
	if !e.known() {
		return nil, false
	}
	return e.n, true
}

// reservedEntryOf returns name's entry, made when there is none.
func (m *Model) reservedEntryOf(name string) *reservedEntry {
	if m.reserved.entries == nil {
		m.reserved.entries = map[string]*reservedEntry{}
	}
	e := m.reserved.entries[name]
	if e == nil {
		e = &reservedEntry{}
		m.reserved.entries[name] = e
	}
	return e
}

// setReserved records a reservation read by any call (GetFunction too).
func (m *Model) setReserved(name string, n *int, at time.Time) {
	e := m.reservedEntryOf(name)
	if at.Before(e.at) {
		return
	}
	e.n, e.at, e.err = n, at, nil
}

// takeToken spends one call of the budget, refilled by the clock.
func (m *Model) takeToken() bool { return m.takeTokenAbove(0) }

// takeTokenAbove spends one call of the budget if more than keep are
// left, so calls that can wait leave keep for those that cannot.
func (m *Model) takeTokenAbove(keep float64) bool {
	rs := &m.reserved
	now := m.now()
	if rs.refilled.IsZero() {
		rs.tokens = reservedBurst
	} else if d := now.Sub(rs.refilled); d > 0 {
		rs.tokens = min(reservedBurst, rs.tokens+d.Minutes()*reservedRefill)
	}
	rs.refilled = now
	if rs.tokens < keep+1 {
		return false
	}
	rs.tokens--
	return true
}

// tokenWait is how long until the budget holds more than keep.
func (m *Model) tokenWait(keep float64) time.Duration {
	return max(time.Duration((keep+1-m.reserved.tokens)/reservedRefill*float64(time.Minute)), time.Second)
}

// reservedDue lists the rows on screen (the selection first) whose
// reservation is unknown or older than reservedTTL and not being read.
func (m *Model) reservedDue() []string {
	l := m.top()
	if l.kind != kindFunctions || l.scr != nil || m.credsExpired {
		return nil
	}
	now := m.now()
	var out []string
	due := func(name string) {
		e := m.reserved.entries[name]
		if e != nil && (e.inflight || !e.at.IsZero() && now.Sub(e.at) < reservedTTL) {
			return
		}
		for _, n := range out {
			if n == name {
				return
			}
		}
		out = append(out, name)
	}
	if r, ok := l.fns.Selected(); ok {
		due(r.Fn.Name)
	}
	for _, r := range l.fns.Visible() {
		due(r.Fn.Name)
	}
	return out
}

// readReserved starts reads for the rows that need one, within the
// in-flight limit and the call budget; when the budget is spent it waits
// for the next token.
func (m *Model) readReserved() tea.Cmd {
	r, ok := m.opt.Backend.(providers.ReservedConcurrencyReader)
	if !ok || m.reserved.waiting {
		return nil
	}
	due := m.reservedDue()
	// Rows never read go before re-reads, which wait for spare budget.
	slices.SortStableFunc(due, func(a, b string) int {
		return cmp.Compare(m.reserved.entries[a].readOnce(), m.reserved.entries[b].readOnce())
	})
	var cmds []tea.Cmd
	for _, name := range due {
		if m.reserved.inflight >= reservedInFlight {
			break
		}
		keep := 0.0
		if m.reserved.entries[name].readOnce() == 1 {
			keep = backgroundKeep // a re-read can wait
		}
		if !m.takeTokenAbove(keep) {
			cmds = append(cmds, m.waitReserved(m.tokenWait(keep)))
			break
		}
		m.reservedEntryOf(name).inflight = true
		m.reserved.inflight++
		epoch, clock := m.epoch, m.opt.Now
		ctx, cancel := m.callCtx()
		cmds = append(cmds, func() tea.Msg {
			defer cancel()
			n, err := r.ReservedConcurrency(ctx, name)
			return reservedReadMsg{epoch: epoch, name: name, n: n, err: err, at: clock()}
		})
	}
	return tea.Batch(cmds...)
}

// waitReserved holds further reads back for d.
func (m *Model) waitReserved(d time.Duration) tea.Cmd {
	m.reserved.gen++
	m.reserved.waiting = true
	return m.opt.After(d, reservedDueMsg{gen: m.reserved.gen})
}

func (m *Model) reservedDueNow(msg reservedDueMsg) tea.Cmd {
	if msg.gen != m.reserved.gen {
		return nil
	}
	m.reserved.waiting = false
	return m.readReserved()
}

// reservedRead stores a read and goes on with the next rows. A throttle
// or an outage leaves the row unknown and waits the retry delay; a
// function that is gone or may not be read is not asked again until the
// entry expires.
func (m *Model) reservedRead(msg reservedReadMsg) tea.Cmd {
	if msg.epoch != m.epoch {
		return nil
	}
	m.reserved.inflight = max(m.reserved.inflight-1, 0)
	e := m.reserved.entries[msg.name]
	if e == nil {
		return nil
	}
	e.inflight = false
	switch kind := providers.KindOf(msg.err); {
	case msg.err == nil:
		m.reserved.failures = 0
		m.setReserved(msg.name, msg.n, msg.at)
		m.reserved.unshown++
	case kind == providers.ErrNotFound || kind == providers.ErrAccessDenied || kind == providers.ErrInvalid:
		e.at, e.err = msg.at, msg.err
	case kind == providers.ErrCredentials:
		return nil
	default:
		m.reserved.failures++
		if m.reserved.waiting {
			return nil
		}
		m.showReserved()
		return m.waitReserved(m.retryDelay(m.reserved.failures, msg.err))
	}
	cmd := m.readReserved()
	if m.reserved.inflight == 0 || m.reserved.unshown >= 2*reservedInFlight {
		m.showReserved()
	}
	return cmd
}

// showReserved puts the reads that came back into the rows, in place:
// the table renders rows from its items every frame, so only a table
// sorted by RSV or LIMIT needs its order rebuilt (at 10,000 functions a
// rebuild costs about 4 ms, patching a fraction of that).
func (m *Model) showReserved() {
	if m.reserved.unshown == 0 {
		return
	}
	m.reserved.unshown = 0
	for _, l := range m.stack {
		if l.kind != kindFunctions || l.scr != nil {
			continue
		}
		items := l.fns.Items()
		for i := range items {
			if n, ok := m.reservedOf(items[i].Fn.Name); ok {
				items[i].Fn.Reserved, items[i].Fn.ReservedKnown = n, true
			}
		}
		if col, _ := l.fns.Sort(); col == views.FnReserved || col == views.FnLimit {
			l.fns.SetItems(items)
		}
	}
	m.syncDetail()
}

// refreshFunctionRows rebuilds the function rows of every functions
// table, so a new reservation shows in RSV and LIMIT at once.
func (m *Model) refreshFunctionRows() {
	for _, l := range m.stack {
		if l.kind == kindFunctions && l.scr == nil {
			l.fns.SetItems(m.functionRows(fnsOf(l.fns.Items())))
		}
	}
	m.syncDetail()
}
