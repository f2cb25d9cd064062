package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/logs"
)

// Polling, history and backfill: FilterLogEvents pages, paced by the
// model's limiter, gathered per round and appended in time order.

// interval is the wait between poll cycles.
func (f *follower) interval() time.Duration {
	if f.m.idle() {
		return logPollIdleEvery
	}
	return logPollEvery
}

func (f *follower) newRound(start, end time.Time) *round {
	f.rounds++
	return &round{id: f.rounds, start: start, end: end, pending: len(f.queries)}
}

func (f *follower) request(p reqPurpose, qi int, r *round) logReq {
	q := f.queries[qi]
	return logReq{purpose: p, qi: qi, round: r.id, q: providers.LogQuery{
		Group: q.group, Streams: q.streams, StreamPrefix: q.prefix, Pattern: f.pattern, Start: r.start, End: r.end,
	}}
}

// historyWindow loads [end-w, end) of every query. The first window
// appends (and then releases held live events); older ones prepend. A
// chain of windows, each twice as wide, goes back until budget lines were
// loaded or floor is reached.
func (f *follower) historyWindow(end time.Time, w time.Duration, older bool, budget int, floor time.Time) tea.Cmd {
	r := f.newRound(end.Add(-w), end)
	r.older, r.budget, r.floor = older, budget, floor
	f.hist = r
	for qi := range f.queries {
		f.queue = append(f.queue, f.request(reqHistory, qi, r))
	}
	return f.pump()
}

// pollCycle reads every query from where it was covered to now.
func (f *follower) pollCycle() tea.Cmd {
	if f.poll != nil || f.back != nil {
		return nil
	}
	if f.hist != nil && !f.hist.older {
		// The first history window is still loading; polling starts after
		// it so lines arrive in order.
		return f.m.opt.After(f.interval(), logPollDueMsg{scr: f.scr, gen: f.gen})
	}
	now := f.now()
	floor := f.covered.Add(-logOverlap)
	earliest := now
	for i := range f.pollFrom {
		f.pollFrom[i] = maxTime(f.pollFrom[i], floor)
		earliest = minTime(earliest, f.pollFrom[i])
	}
	start := f.catchUp(earliest, now)
	r := f.newRound(start, now)
	f.poll = r
	for qi := range f.queries {
		req := f.request(reqPoll, qi, r)
		req.q.Start = maxTime(f.pollFrom[qi], start)
		f.queue = append(f.queue, req)
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
	f.sink.marker(logs.KindGap, now, "lines between "+clock(from)+" and "+clock(limit)+" may be missing: the stream was interrupted for "+
		views.Age(limit, from)+" ("+why+") · older lines: [")
	return limit
}

// backfill reads what happened between the last covered time and until
// (a new Live Tail session's start), then releases the held live events.
func (f *follower) backfill(until time.Time) tea.Cmd {
	if f.reader == nil {
		if !f.covered.IsZero() && until.Sub(f.covered) > time.Second {
			f.sink.marker(logs.KindGap, until, "lines between "+clock(f.covered)+" and "+clock(until)+
				" may be missing: Live Tail reconnected and this backend cannot read history")
		}
		f.release(until)
		return nil
	}
	from := f.catchUp(f.covered.Add(-logOverlap), until)
	r := f.newRound(from, until)
	f.back = r
	for qi := range f.queries {
		f.queue = append(f.queue, f.request(reqBackfill, qi, r))
	}
	return f.pump()
}

// release appends the live events held during a backfill.
func (f *follower) release(covered time.Time) {
	f.holding = false
	f.flushAppend(f.held)
	f.held = nil
	if covered.After(f.covered) {
		f.covered = covered
	}
}

// loadOlder pages back before the oldest line held ("["). It returns a
// message for the status line.
func (f *follower) loadOlder() (tea.Cmd, string) {
	switch {
	case f.reader == nil:
		return nil, "this backend cannot read log history"
	case f.hist != nil:
		return nil, "already loading older lines"
	case len(f.queries) == 0:
		return nil, "nothing to load"
	}
	end := f.oldest
	if end.IsZero() {
		end = f.now()
	}
	w := f.backWin
	if w == 0 {
		w = 5 * time.Minute
	}
	return f.historyWindow(end, w, true, 1000, end.Add(-24*time.Hour)), "loading lines before " + clock(end)
}

// pump sends queued requests as the limiter allows and arms a wake-up
// for the rest. Hidden panes are stopped and pump nothing.
func (f *follower) pump() tea.Cmd {
	if !f.running || f.reader == nil {
		return nil
	}
	var cmds []tea.Cmd
	now := f.now()
	for len(f.queue) > 0 {
		wait := f.notBefore.Sub(now)
		if wait <= 0 {
			wait = f.m.logLimiter().take(now)
		}
		if wait > 0 {
			if !f.waking {
				f.waking = true
				cmds = append(cmds, f.m.opt.After(wait, logWakeMsg{scr: f.scr, gen: f.gen}))
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
	rd, scr, gen, clock := f.reader, f.scr, f.gen, f.m.opt.Now
	ctx, cancel := f.m.callCtx()
	return func() tea.Msg {
		defer cancel()
		page, err := rd.FilterLogEvents(ctx, r.q)
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
	f.m.logLimiter().succeeded()
	f.failures, f.err, f.errAt = 0, nil, time.Time{}
	evs := f.route(msg.page.Events)
	if msg.page.NextToken != "" {
		next := msg.req
		next.q.NextToken = msg.page.NextToken
		f.queue = append(f.queue, next)
	} else {
		r.pending--
	}
	if len(f.queries) == 1 && !r.older {
		// One query: its pages come in time order, so each is shown as it
		// arrives instead of after the last.
		f.flushAppend(evs)
		r.loaded += len(evs)
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
		f.flushAppend(r.acc)
		f.poll = nil
		f.covered = maxTime(f.covered, r.end)
		for i := range f.pollFrom {
			f.pollFrom[i] = r.end.Add(-logOverlap)
		}
		f.prune()
		return f.m.opt.After(f.interval(), logPollDueMsg{scr: f.scr, gen: f.gen})
	case reqBackfill:
		f.flushAppend(r.acc)
		f.back = nil
		f.release(r.end)
		f.prune()
		return nil
	}
	// History.
	if r.older {
		sortEvents(r.acc)
		n := f.sink.prependEvents(r.acc)
		r.loaded += n
		if n < len(r.acc) {
			f.hist = nil
			f.m.status.set(views.LevelWarn, "log buffer full: older lines were not loaded · S saves, then ctrl+r starts afresh", 8*time.Second, f.now())
			return f.m.status.expireCmd(f.m.opt.After)
		}
	} else {
		f.flushAppend(r.acc)
		r.loaded += len(r.acc)
		f.covered = maxTime(f.covered, r.end)
	}
	f.oldest = r.start
	f.hist = nil
	var cmds []tea.Cmd
	if !r.older && f.holding && f.back == nil && f.mode == modeTail && !f.tailSince.IsZero() {
		// The session opened after this window's end: read the moment in
		// between, then release the live events. (When the session has
		// not opened yet, tailStarted does this.)
		cmds = append(cmds, f.backfill(f.tailSince))
	}
	w := r.end.Sub(r.start)
	if r.loaded >= r.budget || !r.start.After(r.floor) {
		f.histDone = !r.older
		f.backWin = min(w, 6*time.Hour)
		return tea.Batch(cmds...)
	}
	next := min(2*w, r.start.Sub(r.floor), 6*time.Hour)
	cmds = append(cmds, f.historyWindow(r.start, next, true, r.budget, r.floor))
	f.hist.loaded = r.loaded
	return tea.Batch(cmds...)
}

// pageFailed keeps the round and retries the page: after the throttle
// pause for a throttle, after a growing backoff for a network error. A
// denied, missing or invalid log group stops the pane with the reason.
func (f *follower) pageFailed(msg logPageMsg) tea.Cmd {
	err := msg.err
	now := f.now()
	if f.err == nil {
		f.errAt = now
	}
	f.err = err
	f.gapWhy = "reading failed: " + providers.Short(err)
	switch providers.KindOf(err) {
	case providers.ErrThrottled:
		f.m.logLimiter().throttled(now, retryAfter(err))
	case providers.ErrAccessDenied, providers.ErrNotFound, providers.ErrInvalid, providers.ErrCredentials:
		f.mode = modeStopped
		f.why = providers.Short(err)
		f.cancelTail()
		f.queue, f.poll, f.hist, f.back = nil, nil, nil, nil
		text := "cannot read " + msg.req.q.Group + ": " + providers.Short(err)
		if providers.KindOf(err) == providers.ErrAccessDenied {
			text += " (logs:FilterLogEvents)"
		}
		f.sink.marker(logs.KindNotice, now, text+" · ctrl+r retries")
		return f.m.notify(views.LevelError, text)
	default:
		f.failures++
		f.notBefore = now.Add(time.Duration(1<<min(f.failures-1, 5)) * time.Second)
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
