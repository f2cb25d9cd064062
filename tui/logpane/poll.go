package logpane

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/logdedup"
	"github.com/virgahq/virga/internal/logfollow"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/logs"
)

// Polling and backfill, and the queue every FilterLogEvents page goes
// through: pages are paced by the backend's bucket (providers/pace, the
// one the CLI waits on too), asked without blocking, gathered per round
// and appended in time order.

// logReq is one FilterLogEvents page the engine wants.
type logReq struct {
	purpose reqPurpose
	qi      int
	q       providers.LogQuery
	// round ties a page to the poll cycle, history window or backfill
	// that asked for it.
	round int
}

type reqPurpose uint8

const (
	reqPoll reqPurpose = iota
	reqHistory
	reqBackfill
)

// round gathers the pages of one poll cycle, history window or backfill
// across the queries, to append them merged in time order.
type round struct {
	id         int
	start, end time.Time
	pending    int
	acc        []srcEvent
	// loaded counts the lines appended page by page (one query).
	loaded int
	// first is the first window of a range; older says a history window
	// prepends instead of appending; chain is the history it belongs to.
	first, older bool
	chain        *histChain
	// through is the time of the newest line a round of one query has
	// appended so far.
	through time.Time
	// read de-duplicates an appending round against what was shown.
	read *logdedup.Read
}

type (
	// logPageMsg carries one FilterLogEvents page.
	logPageMsg struct {
		scr, gen int
		req      logReq
		page     providers.LogPage
		err      error
		at       time.Time
	}
	// logWakeMsg says queued calls may go out (the bucket has tokens, the
	// backoff is over).
	logWakeMsg struct{ scr, gen int }
	// logPollDueMsg starts the next poll cycle.
	logPollDueMsg struct{ scr, gen int }
)

func (m logPageMsg) ScreenID() int    { return m.scr }
func (m logWakeMsg) ScreenID() int    { return m.scr }
func (m logPollDueMsg) ScreenID() int { return m.scr }

// interval is the wait between poll cycles.
func (f *follower) interval() time.Duration {
	if f.host.Idle() {
		return logPollIdleEvery
	}
	return logfollow.PollEvery
}

func (f *follower) newRound(start, end time.Time) *round {
	f.rounds++
	return &round{id: f.rounds, start: start, end: end, pending: len(f.queries)}
}

// enqueue asks for every query's pages of a round.
func (f *follower) enqueue(r *round, p reqPurpose) tea.Cmd {
	switch p {
	case reqPoll:
		f.poll = r
	case reqHistory:
		f.hist = r
	case reqBackfill:
		f.back = r
	}
	for qi := range f.queries {
		f.queueReq(f.request(p, qi, r), r.older)
	}
	return f.pump()
}

// queueReq queues a page. Older history waits behind everything else:
// a poll or backfill keeps the pane live, and held live events wait for
// a backfill.
func (f *follower) queueReq(req logReq, older bool) {
	if older {
		f.queue = append(f.queue, req)
		return
	}
	i := len(f.queue)
	for i > 0 && f.isOlder(f.queue[i-1]) {
		i--
	}
	f.queue = slices.Insert(f.queue, i, req)
}

// isOlder reports whether a queued page belongs to an older history
// window.
func (f *follower) isOlder(req logReq) bool {
	return req.purpose == reqHistory && f.hist != nil && f.hist.id == req.round && f.hist.older
}

func (f *follower) request(p reqPurpose, qi int, r *round) logReq {
	q := f.queries[qi]
	return logReq{purpose: p, qi: qi, round: r.id, q: providers.LogQuery{
		Group: q.Group, Streams: q.Streams, StreamPrefix: q.Prefix, Pattern: f.pattern, Start: r.start, End: r.end,
	}}
}

// pollCycle reads every query from where it was covered to now.
func (f *follower) pollCycle() tea.Cmd {
	if f.poll != nil || f.back != nil {
		return nil
	}
	if f.loadingFirst() {
		// The first history window is still loading; polling starts after
		// it so lines arrive in order.
		return f.host.After(f.interval(), logPollDueMsg{scr: f.scr, gen: f.gen})
	}
	now := f.now()
	floor := f.covered.Add(-logfollow.Overlap)
	earliest := now
	for i := range f.pollFrom {
		f.pollFrom[i] = maxTime(f.pollFrom[i], floor)
		earliest = minTime(earliest, f.pollFrom[i])
	}
	start := f.catchUp(earliest, now)
	r := f.newRound(start, now)
	r.read = f.roundRead(now)
	f.poll = r
	for qi := range f.queries {
		req := f.request(reqPoll, qi, r)
		req.q.Start = maxTime(f.pollFrom[qi], start)
		f.queueReq(req, false)
	}
	return f.pump()
}

// catchUp returns where reading may resume: from, unless that is further
// back than the catch-up limit, in which case the skipped range is marked
// as a gap with the reason.
func (f *follower) catchUp(from, now time.Time) time.Time {
	limit := now.Add(-logCatchUp)
	if !from.Before(limit) {
		return from
	}
	why := f.gapWhy
	if why == "" {
		why = "the pane was not shown"
	}
	f.gapWhy = ""
	f.sink.marker(logs.KindGap, now, "lines between "+f.hms(from)+" and "+f.hms(limit)+" may be missing: the stream was interrupted for "+
		format.Age(limit, from)+" ("+why+") · older lines: [")
	return limit
}

// backfill reads what happened between the last covered time and until
// (a new Live Tail session's start), then releases the held live events.
func (f *follower) backfill(until time.Time) tea.Cmd {
	if f.reader == nil {
		if !f.covered.IsZero() && until.Sub(f.covered) > time.Second {
			f.sink.marker(logs.KindGap, until, "lines between "+f.hms(f.covered)+" and "+f.hms(until)+
				" may be missing: Live Tail reconnected and this backend cannot read history")
		}
		f.release(until)
		return nil
	}
	from := f.catchUp(f.covered.Add(-logfollow.Overlap), until)
	r := f.newRound(from, until)
	r.read = f.roundRead(until)
	return f.enqueue(r, reqBackfill)
}

// release appends the live events held during a backfill.
func (f *follower) release(covered time.Time) {
	f.holding = false
	if covered.After(f.covered) {
		f.covered = covered
	}
	f.releaseHeld()
	f.forget()
}

// pump sends queued requests as the backend's bucket allows and arms a
// wake-up for the rest. It asks the bucket without blocking (Reserve),
// so Update never waits on it. Hidden panes are stopped and pump nothing.
func (f *follower) pump() tea.Cmd {
	if !f.running || f.reader == nil {
		return nil
	}
	var cmds []tea.Cmd
	now := f.now()
	for len(f.queue) > 0 {
		wait := f.notBefore.Sub(now)
		if wait <= 0 {
			wait = f.pacer.Reserve()
		}
		if wait > 0 {
			if !f.waking {
				f.waking = true
				cmds = append(cmds, f.host.After(wait, logWakeMsg{scr: f.scr, gen: f.gen}))
			}
			break
		}
		r := f.queue[0]
		f.queue = f.queue[1:]
		cmds = append(cmds, f.call(r))
	}
	return tea.Batch(cmds...)
}

func (f *follower) call(r logReq) tea.Cmd {
	rd, scr, gen, clock := f.reader, f.scr, f.gen, f.host.Clock()
	ctx, cancel := f.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		// pump spent the call's token already.
		page, err := rd.FilterLogEvents(pace.Reserved(ctx), r.q)
		return logPageMsg{scr: scr, gen: gen, req: r, page: page, err: err, at: clock()}
	}
}

// roundOf finds the round a page belongs to; nil when it is stale.
func (f *follower) roundOf(req logReq) *round {
	var r *round
	switch req.purpose {
	case reqPoll:
		r = f.poll
	case reqHistory:
		r = f.hist
	case reqBackfill:
		r = f.back
	}
	if r == nil || r.id != req.round {
		return nil
	}
	return r
}

func (f *follower) page(msg logPageMsg) tea.Cmd {
	r := f.roundOf(msg.req)
	if r == nil {
		return nil
	}
	if msg.err != nil {
		return f.pageFailed(msg)
	}
	f.failures, f.err, f.errAt = 0, nil, time.Time{}
	evs := f.route(msg.page.Events)
	if msg.page.NextToken != "" {
		next := msg.req
		next.q.NextToken = msg.page.NextToken
		f.queueReq(next, r.older)
	} else {
		r.pending--
	}
	if len(f.queries) == 1 && !r.older {
		// One query: its pages come in time order, so each is shown as it
		// arrives instead of after the last, and what lies an overlap
		// behind it can be forgotten.
		last := r.through
		for i := range evs {
			last = maxTime(last, evs[i].ev.Timestamp)
		}
		r.loaded += f.flushAppend(evs, r.read)
		if last.After(r.through) {
			r.through = last
			f.dedup.Forget(last.Add(-logfollow.Overlap))
		}
	} else {
		r.acc = append(r.acc, evs...)
	}
	var cmds []tea.Cmd
	if r.pending == 0 {
		cmds = append(cmds, f.roundDone(r, msg.req.purpose))
	}
	return tea.Batch(append(cmds, f.pump())...)
}

func (f *follower) roundDone(r *round, p reqPurpose) tea.Cmd {
	switch p {
	case reqPoll:
		f.flushAppend(r.acc, r.read)
		f.poll = nil
		f.covered = maxTime(f.covered, r.end)
		for i := range f.pollFrom {
			f.pollFrom[i] = r.end.Add(-logfollow.Overlap)
		}
		f.forget()
		return f.host.After(f.interval(), logPollDueMsg{scr: f.scr, gen: f.gen})
	case reqBackfill:
		f.flushAppend(r.acc, r.read)
		f.back = nil
		f.release(r.end)
		return nil
	}
	return f.historyDone(r)
}

// pageFailed keeps the round and retries the page: after the backend's
// throttle pause for a throttle (its bucket pauses every caller; a
// backend without one gets the backoff), after a growing backoff for a
// network error or a log group that does not exist (yet: a function that
// never ran has none, an endpoint that restarted may not have it back).
// Denied access, bad credentials or an invalid query stop the pane with
// the reason.
func (f *follower) pageFailed(msg logPageMsg) tea.Cmd {
	err := msg.err
	now := f.now()
	if f.err == nil {
		f.errAt = now
	}
	if providers.KindOf(err) == providers.ErrNotFound && providers.KindOf(f.err) != providers.ErrNotFound {
		f.sink.marker(logs.KindNotice, now, msg.req.q.Group+" does not exist (yet): "+providers.Short(err)+" · waiting for it")
	}
	f.err = err
	f.gapWhy = "reading failed: " + providers.Short(err)
	switch kind := providers.KindOf(err); {
	case kind == providers.ErrThrottled && f.pacer != nil:
		// The bucket waits out the throttle for every caller.
	case kind == providers.ErrAccessDenied || kind == providers.ErrInvalid || kind == providers.ErrCredentials:
		f.mode = modeStopped
		f.why = providers.Short(err)
		f.cancelTail()
		f.queue, f.poll, f.hist, f.back, f.seek = nil, nil, nil, nil, nil
		text := "cannot read " + msg.req.q.Group + ": " + providers.Short(err)
		if providers.KindOf(err) == providers.ErrAccessDenied {
			text += " (logs:FilterLogEvents)"
		}
		f.sink.marker(logs.KindNotice, now, text+" · ctrl+r retries")
		return f.host.Notify(views.LevelError, text)
	default:
		f.failures++
		f.notBefore = now.Add(max(logfollow.Retry(f.failures), retryAfter(err)))
	}
	f.queue = append([]logReq{msg.req}, f.queue...)
	return f.pump()
}

func retryAfter(err error) time.Duration {
	if pe, ok := err.(*providers.Error); ok {
		return pe.RetryAfter
	}
	return 0
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) && !b.IsZero() {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
