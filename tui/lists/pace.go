package lists

import (
	"errors"
	"math/rand/v2"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/backoff"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/reserved"
	"github.com/virgahq/virga/views/format"
)

// Retry delays after a failed background read: 2 s, doubling with each
// failure in a row, never more than 30 s, so that virga finds a recovered
// network or account within 30 s of its return however long it was gone.
const (
	retryFirst = 2 * time.Second
	retryCap   = 30 * time.Second
)

// Retry draws the retry delays of every poller that backs off; one per
// session, so their jitter comes from one source.
type Retry struct{ rng *rand.Rand }

// NewRetry seeds the jitter from the clock at start: sessions differ, a
// test's fixed clock gives the same delays every run.
func NewRetry(start time.Time) *Retry {
	return &Retry{rng: rand.New(rand.NewPCG(uint64(start.UnixNano()), 0x76697267))}
}

// Delay is the wait before the next attempt after n failures in a row
// (n >= 1) of a background read. It is drawn from the upper half of the
// step (jitter, so panes and sessions that failed together do not retry
// in step) and is never shorter than the wait AWS asked for
// (Retry-After), within the cap.
func (r *Retry) Delay(n int, err error) time.Duration {
	d := backoff.Doubling{First: retryFirst, Max: retryCap}.Jittered(n, r.rng.Int64N)
	var pe *providers.Error
	if errors.As(err, &pe) && pe.RetryAfter > d {
		d = min(pe.RetryAfter, retryCap)
	}
	return d
}

// Interval is how long until the next refresh of a list whose cycles
// are c: every (its configured interval), four times slower after a long
// idle; after failures in a row, the retry delay (at most 30 s), so a
// list comes back soon after AWS does.
func (r *Retry) Interval(every time.Duration, idle func() bool, c *Cycle) time.Duration {
	if c.Failures > 0 {
		return r.Delay(c.Failures, c.Err)
	}
	if idle() {
		every *= 4
	}
	return every
}

// The first listing of the functions goes as fast as the pages come, so
// rows appear page by page. A refresh re-lists every page; at 10,000
// functions that is 200 ListFunctions calls, which a one-minute interval
// would repeat every minute. So the pages of a refresh spend the list's
// budget of Lambda calls (TakeAbove in tui/reserved), leaving
// reserved.BackgroundKeep calls for the reserved concurrency of rows the
// user scrolls to: a big inventory refreshes more slowly (at 10,000
// functions a cycle takes about a quarter of an hour), a small one every
// minute.

// NextPage asks for the page at marker of a listing whose cycles are c:
// at once during a first listing; during a refresh when reads allows, or
// it arms a timer (PageDue) for when it will.
func NextPage(h Host, reads *reserved.Reads, c *Cycle, r Ref, marker string) tea.Cmd {
	if !c.Loaded || reads.TakeAbove(reserved.BackgroundKeep) {
		return FunctionsPage(h, r, marker)
	}
	return h.After(reads.TokenWait(reserved.BackgroundKeep), PageDue{Ref: r, Marker: marker})
}

// StaleText is the status line's "stale · 12s" for data last good at
// since (zero if never), saying when AWS throttles.
func StaleText(now, since time.Time, err error) string {
	s := "stale"
	if !since.IsZero() {
		s += " · " + format.Age(now, since)
	}
	if providers.KindOf(err) == providers.ErrThrottled {
		s += " (throttled, backing off)"
	}
	return s
}
