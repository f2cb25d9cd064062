package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/virgahq/virga/internal/logdedup"
	"github.com/virgahq/virga/internal/logfollow"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/internal/wait"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Following: after the range, `virga logs --follow` keeps printing new
// lines through a Live Tail session when it can (a poll of
// FilterLogEvents every 2 s otherwise), and survives outages: a failed
// read or session is retried with a growing backoff, said on stderr, and
// reading resumes from where it stopped, re-reading a short overlap whose
// events are printed only once. The overlap, poll interval and backoff are
// the log pane's (internal/logfollow).

// logRun is one `virga logs`: what to read, how, and where reading is.
type logRun struct {
	rd      providers.LogReader
	tailer  providers.LogTailer // nil: poll
	targets []logtarget.Target
	queries []logtarget.Query
	pattern string
	timeout time.Duration
	now     func() time.Time
	// wait sleeps d, or less when ctx ends; false when ctx ended.
	wait   func(ctx context.Context, d time.Duration) bool
	p      *logPrinter
	stderr io.Writer
	dedup  *logdedup.Window
	// cursor: every event before it was read (and printed, if it was to
	// be). Reads resume from cursor minus the overlap. through is the
	// time of the newest event printed.
	cursor, through time.Time
	// sampled says Live Tail's last update was a sample.
	sampled bool
	// down is when the current outage began, resume where reading
	// resumed from; fails counts its retries.
	down, resume time.Time
	fails        int
}

// up ends an outage: reading works again.
func (r *logRun) up() {
	if !r.down.IsZero() {
		r.warn("reading again after %s; the lines since %s are printed", r.now().Sub(r.down).Round(time.Second), r.hms(r.resume))
		r.down, r.fails = time.Time{}, 0
	}
}

// sleep is the real wait.
func sleep(ctx context.Context, d time.Duration) bool {
	return wait.Sleep(ctx, d) == nil
}

// hms is a time of day in the clock's zone.
func (r *logRun) hms(t time.Time) string { return t.In(r.now().Location()).Format("15:04:05") }

func (r *logRun) warn(format string, a ...any) {
	fmt.Fprintln(r.stderr, "virga: logs: "+sanitize.Line(fmt.Sprintf(format, a...)))
}

// catchUp prints [from, to), then moves the cursor to to. A read that
// fails half way moves the cursor as far as it printed.
func (r *logRun) catchUp(ctx context.Context, from, to time.Time) error {
	if err := r.readRange(ctx, from, to, r.dedup.NewRead(time.Time{})); err != nil {
		if r.through.After(r.cursor) {
			r.cursor = r.through
		}
		return err
	}
	r.cursor = to
	r.dedup.Forget(r.cursor.Add(-logfollow.Overlap))
	return r.p.w.Flush()
}

// permanent reports errors no retry mends. A log group that does not
// exist is not one of them: a function that never ran has none yet, and
// an endpoint that restarted may not have it back yet.
func permanent(err error) bool {
	switch providers.KindOf(err) {
	case providers.ErrAccessDenied, providers.ErrInvalid, providers.ErrCredentials, providers.ErrRegionDisabled:
		return true
	}
	return false
}

// follow prints the lines since from, then new lines until ctx ends.
// Errors other than permanent ones are an outage: it says so, waits, and
// tries again from where it stopped.
func (r *logRun) follow(ctx context.Context, from time.Time) error {
	started := false
	for ctx.Err() == nil {
		var err error
		switch {
		case !started:
			start := from
			if r.cursor.After(from) {
				// A first read that failed half way resumes where it was.
				start = r.cursor.Add(-logfollow.Overlap)
			}
			if err = r.catchUp(ctx, start, r.now()); err == nil {
				started = true
			}
		case r.tailer != nil:
			err = r.tailSession(ctx)
		default:
			err = r.pollOnce(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil:
			r.up()
			continue
		case permanent(err):
			return err
		}
		r.fails++
		if r.down.IsZero() {
			r.down, r.resume = r.now(), r.cursor
			if !started && !r.cursor.After(from) {
				r.resume = from
			}
		}
		d := logfollow.Retry(r.fails)
		r.warn("%s; retrying in %s (reading resumes from %s, nothing is skipped)", providers.Short(err), d, r.hms(r.resume))
		if !r.wait(ctx, d) {
			return nil
		}
	}
	return nil
}

// pollOnce reads from the cursor to now, then waits for the next poll.
func (r *logRun) pollOnce(ctx context.Context) error {
	if err := r.catchUp(ctx, r.cursor.Add(-logfollow.Overlap), r.now()); err != nil {
		return err
	}
	r.wait(ctx, logfollow.PollEvery)
	return nil
}

// errTailEnded is a session that closed without saying why.
var errTailEnded = errors.New("the Live Tail stream ended")

// tailSession runs one Live Tail session: it opens it, prints what
// happened since the cursor (the session's updates wait meanwhile), then
// its updates, until it ends. A session that reached its time limit ends
// without an error, so the next opens at once; an endpoint without Live
// Tail switches the run to polling for good.
func (r *logRun) tailSession(ctx context.Context) error {
	req, _ := logtarget.Tail(r.queries, r.pattern)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := r.tailer.Tail(sctx, req)
	if err != nil {
		if errors.Is(err, providers.ErrTailUnavailable) || permanent(err) {
			r.warn("%s; polling FilterLogEvents every %s", providers.Short(err), logfollow.PollEvery)
			r.tailer = nil
			return nil
		}
		return err
	}
	opened := r.now()
	// The backfill runs while the session's updates are kept in memory:
	// Live Tail drops what a slow reader leaves waiting.
	backfilled := make(chan error, 1)
	go func() { backfilled <- r.catchUp(sctx, r.cursor.Add(-logfollow.Overlap), opened) }()
	var held []providers.LogBatch
	for backfilled != nil {
		select {
		case err := <-backfilled:
			if err != nil {
				return err
			}
			backfilled = nil
		case b, ok := <-ch:
			if !ok {
				b.Err = errTailEnded
			}
			held = append(held, b)
			if b.Err != nil {
				// Stop reading the session; finish the backfill first.
				ch = nil
			}
		}
	}
	// The session is open and what it missed is printed.
	r.up()
	for _, b := range held {
		if b.Err != nil {
			return sessionEnd(b.Err)
		}
		if err := r.printBatch(b); err != nil {
			return err
		}
	}
	for ch != nil {
		var b providers.LogBatch
		var ok bool
		select {
		case b, ok = <-ch:
		case <-ctx.Done():
			return nil
		}
		switch {
		case !ok:
			return errTailEnded
		case b.Err != nil:
			return sessionEnd(b.Err)
		}
		if err := r.printBatch(b); err != nil {
			return err
		}
	}
	return nil
}

// sessionEnd is why a session ended, nil for its time limit: the next
// session opens at once.
func sessionEnd(err error) error {
	if providers.IsSessionTimeout(err) {
		return nil
	}
	return err
}

// printBatch prints a Live Tail update; one update is one read.
func (r *logRun) printBatch(b providers.LogBatch) error {
	rd := r.dedup.NewRead(time.Time{})
	for i := range b.Events {
		if err := r.emit(&b.Events[i], rd); err != nil {
			return err
		}
	}
	if b.Sampled && !r.sampled {
		r.warn("Live Tail is sending a sample: more than 500 lines a second match and some are not printed; --filter narrows the stream")
	}
	r.sampled = b.Sampled
	r.cursor = r.now()
	r.dedup.Forget(r.cursor.Add(-logfollow.Overlap))
	return r.p.w.Flush()
}
