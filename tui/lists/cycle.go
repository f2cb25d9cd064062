package lists

import "time"

// Cycle is the state of a location's fetch cycles: a cycle lists the
// whole table (one call, or one per page or cluster) and the next one
// starts after the refresh interval.
type Cycle struct {
	// Gen is the generation of the current cycle; bumping it drops every
	// answer and timer of the cycle before.
	Gen int
	// Inflight says a cycle is running; Loaded that one has finished, the
	// last at Fetched.
	Inflight, Loaded bool
	Fetched          time.Time
	// Err is the last failure, Failures the failures in a row since the
	// last success.
	Err      error
	Failures int
}

// Begin starts a cycle unless one is running.
func (c *Cycle) Begin() bool {
	if c.Inflight {
		return false
	}
	c.Inflight = true
	return true
}

// Restart opens generation gen: answers and timers of the cycle before
// are dropped, and a new one may begin at once.
func (c *Cycle) Restart(gen int) { c.Gen, c.Inflight = gen, false }

// Done ends a successful cycle whose answer came at at.
func (c *Cycle) Done(at time.Time) { *c = Cycle{Gen: c.Gen, Loaded: true, Fetched: at} }

// Failed ends a cycle that failed with err; first says the data was good
// until now.
func (c *Cycle) Failed(err error) (first bool) {
	c.Inflight = false
	first = c.Err == nil
	c.Err = err
	c.Failures++
	return first
}

// Stale says whether the list shows data whose last refresh failed: the
// list itself, or the figures shown in it, whose own staleness is
// (okAt, ferr, fstale). It is stale from the first failed refresh,
// whichever poll failed, until one succeeds; since is when the data was
// last good (zero if never), err the failure.
func (c *Cycle) Stale(okAt time.Time, ferr error, fstale bool) (since time.Time, err error, stale bool) {
	switch {
	case c.Err != nil:
		return c.Fetched, c.Err, true
	case fstale:
		if okAt.IsZero() || c.Fetched.Before(okAt) && !c.Fetched.IsZero() {
			okAt = c.Fetched
		}
		return okAt, ferr, true
	}
	return time.Time{}, nil, false
}

// Gather adds one answer's rows to acc, the rows c has gathered so far
// over several calls (pages, clusters), and returns what the table
// shows: all of them when the answer is the last (more is false), the
// rows so far while a first listing is still coming in, and nil during
// a refresh, so a refresh never shows half a list. The result is acc
// itself: a caller that keeps it copies it.
func Gather[T any](c *Cycle, acc *[]T, items []T, more bool) []T {
	*acc = append(*acc, items...)
	if more && c.Loaded {
		return nil
	}
	return *acc
}
