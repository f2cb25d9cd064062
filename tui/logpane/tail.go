package logpane

import (
	"context"
	"errors"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/logfollow"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/logs"
)

// Live Tail: one session over every source, read one update per Cmd.
// A session that opens late or reconnects is backfilled from where the
// pane was covered; its live events wait (holding) until then.

type (
	// logTailStartedMsg carries a new Live Tail session or why it failed.
	logTailStartedMsg struct {
		scr, gen int
		ch       <-chan providers.LogBatch
		err      error
		at       time.Time
	}
	// logBatchMsg carries one Live Tail update; closed says the channel
	// ended.
	logBatchMsg struct {
		scr, gen int
		ch       <-chan providers.LogBatch
		batch    providers.LogBatch
		closed   bool
		at       time.Time
	}
	// logTailRetryMsg starts a new Live Tail session after a backoff.
	logTailRetryMsg struct{ scr, gen int }
)

func (m logTailStartedMsg) ScreenID() int { return m.scr }
func (m logBatchMsg) ScreenID() int       { return m.scr }
func (m logTailRetryMsg) ScreenID() int   { return m.scr }

// startTail opens a Live Tail session over every source.
func (f *follower) startTail() tea.Cmd {
	f.cancelTail()
	ctx, cancel := context.WithCancel(f.host.Context())
	f.tailCancel = cancel
	req, _ := logtarget.Tail(f.queries, f.pattern)
	t, scr, gen, clock := f.tailer, f.scr, f.gen, f.host.Clock()
	return func() tea.Msg {
		ch, err := t.Tail(ctx, req)
		return logTailStartedMsg{scr: scr, gen: gen, ch: ch, err: err, at: clock()}
	}
}

// readBatch waits for the next Live Tail update: one Cmd per batch.
func (f *follower) readBatch(ch <-chan providers.LogBatch) tea.Cmd {
	scr, gen, clock := f.scr, f.gen, f.host.Clock()
	return func() tea.Msg {
		b, ok := <-ch
		return logBatchMsg{scr: scr, gen: gen, ch: ch, batch: b, closed: !ok, at: clock()}
	}
}

// tailUnavailable says why a session could not open.
func tailUnavailable(err error) string {
	switch {
	case errors.Is(err, providers.ErrTailUnavailable):
		return providers.Short(err)
	case providers.KindOf(err) == providers.ErrAccessDenied:
		return "Live Tail not permitted (logs:StartLiveTail)"
	}
	return "Live Tail not available: " + providers.Short(err)
}

func (f *follower) tailStarted(msg logTailStartedMsg) tea.Cmd {
	if msg.err != nil {
		f.cancelTail()
		why := tailUnavailable(msg.err)
		f.noTail = true
		f.sink.marker(logs.KindNotice, msg.at, why+"; polling FilterLogEvents every "+f.interval().String())
		return f.startPolling(why)
	}
	f.tailSince = msg.at
	f.why = ""
	cmds := []tea.Cmd{f.readBatch(msg.ch)}
	if f.holding && !f.loadingFirst() {
		// A resume or reconnect: read what happened since the pane was
		// last covered, then release the held live events.
		cmds = append(cmds, f.backfill(msg.at))
	}
	return tea.Batch(cmds...)
}

func (f *follower) batch(msg logBatchMsg) tea.Cmd {
	b := msg.batch
	if msg.closed || b.Err != nil {
		f.cancelTail()
		return f.tailEnded(msg.at, b.Err)
	}
	f.tailFails = 0
	evs := f.route(b.Events)
	if b.Dropped > 0 {
		f.sink.marker(logs.KindGap, msg.at, strconv.Itoa(b.Dropped)+
			" lines were dropped here: this pane read slower than the shared Live Tail delivered them")
	}
	if b.Sampled {
		if !f.sampled {
			f.sampled, f.sampleFrom = true, msg.at
			if len(b.Events) > 0 {
				f.sampleFrom = b.Events[0].Timestamp
			}
			f.sink.marker(logs.KindNotice, msg.at, "Live Tail is sending a sample: more than 500 lines a second match and not every line is shown · F sets a CloudWatch filter pattern to narrow the stream")
		}
		f.sampledAt = msg.at
	} else if f.sampled && len(b.Events) > 0 {
		f.sampled = false
		f.sink.marker(logs.KindGap, msg.at, "lines between "+f.hms(f.sampleFrom)+" and "+f.hms(f.sampledAt)+
			" may be missing: Live Tail sent a sample of them (more than 500 lines a second)")
	}
	if f.holding {
		f.held = append(f.held, evs)
	} else {
		// One update is one read: it never holds an event twice.
		f.flushAppend(evs, f.readUntil(msg.at))
		f.covered = msg.at
		f.forget()
	}
	// The channel travels in the messages, not in the engine: a message
	// of an older session carries an older generation and is dropped.
	return f.readBatch(msg.ch)
}

// tailEnded handles the end of a session: a time limit reconnects at
// once; failures back off and, after a few in a row, fall back to polling.
func (f *follower) tailEnded(at time.Time, err error) tea.Cmd {
	if providers.IsSessionTimeout(err) {
		f.sink.marker(logs.KindNotice, at, "Live Tail session reached its time limit · reconnected")
		f.holding = true
		return f.startTail()
	}
	why := "the stream ended"
	if err != nil {
		why = providers.Short(err)
	}
	// The session is gone: the bar stops saying LIVE until another opens.
	f.tailSince = time.Time{}
	f.gapWhy = "Live Tail failed: " + why
	f.tailFails++
	switch kind := providers.KindOf(err); {
	case kind == providers.ErrAccessDenied, f.tailFails >= logTailRetries:
		f.noTail = true
		f.sink.marker(logs.KindNotice, at, "Live Tail failed ("+why+"); polling FilterLogEvents every "+f.interval().String())
		return f.startPolling("Live Tail failed: " + why)
	}
	f.why = "Live Tail interrupted: " + why + " · reconnecting"
	delay := logfollow.Retry(f.tailFails)
	f.sink.marker(logs.KindNotice, at, "Live Tail interrupted ("+why+") · reconnecting in "+delay.String()+"; what it missed is read back")
	return f.host.After(delay, logTailRetryMsg{scr: f.scr, gen: f.gen})
}
