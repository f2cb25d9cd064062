package tui

import (
	"errors"
	"time"

	"github.com/virgahq/virga/internal/backoff"
	"github.com/virgahq/virga/providers"
)

// Retry delays after a failed background read: 2 s, doubling with each
// failure in a row, never more than 30 s, so that virga finds a recovered
// network or account within 30 s of its return however long it was gone.
const (
	retryFirst = 2 * time.Second
	retryCap   = 30 * time.Second
)

// retryDelay is the wait before the next attempt after n failures in a
// row (n >= 1) of a background read. It is drawn from the upper half of
// the step (jitter, so panes and sessions that failed together do not
// retry in step) and is never shorter than the wait AWS asked for
// (Retry-After), within the cap. Every poller that backs off uses it.
func (m *Model) retryDelay(n int, err error) time.Duration {
	d := backoff.Doubling{First: retryFirst, Max: retryCap}.Jittered(n, m.rng.Int64N)
	var pe *providers.Error
	if errors.As(err, &pe) && pe.RetryAfter > d {
		d = min(pe.RetryAfter, retryCap)
	}
	return d
}
