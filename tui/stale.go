package tui

import (
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
)

// staleness says whether the visible view shows data whose last refresh
// failed: the list itself, or (on the functions list) its metrics. It is
// stale from the first failed refresh, whichever poll failed, until one
// succeeds; since is when the data was last good (zero if never), err
// the failure.
func (m *Model) staleness() (since time.Time, err error, stale bool) {
	l := m.top()
	if l.scr != nil {
		return time.Time{}, nil, false
	}
	if l.err != nil {
		return l.fetched, l.err, true
	}
	if since, err, stale := m.metrics.Stale(); stale && l.kind == kindFunctions {
		if since.IsZero() || l.fetched.Before(since) && !l.fetched.IsZero() {
			since = l.fetched
		}
		return since, err, true
	}
	return time.Time{}, nil, false
}

// staleText is the status line's "stale · 12s", saying when AWS throttles.
func (m *Model) staleText(since time.Time, err error) string {
	s := "stale"
	if !since.IsZero() {
		s += " · " + format.Age(m.now(), since)
	}
	if providers.KindOf(err) == providers.ErrThrottled {
		s += " (throttled, backing off)"
	}
	return s
}
