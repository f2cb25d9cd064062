package tui

import "time"

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
