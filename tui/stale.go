package tui

import "time"

// staleness says whether the visible view shows data whose last refresh
// failed (lists.Cycle.Stale): the list itself, or (on the functions
// list) its metrics.
func (m *Model) staleness() (since time.Time, err error, stale bool) {
	l := m.top()
	switch {
	case l.scr != nil:
		return time.Time{}, nil, false
	case l.kind == kindFunctions:
		return l.Stale(m.metrics.Stale())
	}
	return l.Stale(time.Time{}, nil, false)
}
