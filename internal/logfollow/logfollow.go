// Package logfollow is the policy both log followers keep, the TUI's log
// pane and `virga logs --follow`: how far back each read reaches again,
// how often a poll reads, and how long to wait after failures in a row.
package logfollow

import (
	"time"

	"github.com/virgahq/virga/internal/backoff"
)

const (
	// Overlap is re-read at the end of the previous window on every poll
	// and backfill, for events CloudWatch ingests a little late; events
	// read twice are dropped (logdedup).
	Overlap = 10 * time.Second
	// PollEvery is the interval of polling FilterLogEvents.
	PollEvery = 2 * time.Second
)

// Retry is the wait after n failed reads or sessions in a row: 1 s, 2 s,
// 4 s … 32 s.
func Retry(n int) time.Duration {
	return backoff.Doubling{First: time.Second, Max: 32 * time.Second}.Step(n)
}
