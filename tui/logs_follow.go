package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/logs"
)

// The follow engine reads one log pane's sources. It prefers CloudWatch
// Logs Live Tail and falls back to polling FilterLogEvents when Live Tail
// is missing, not permitted or keeps failing. Whatever the path, every
// event is de-duplicated by its id, and wherever lines may have been
// missed (a session that could not be backfilled, an interruption longer
// than the catch-up limit, Live Tail sampling) a visible marker says so
// and why: nothing is dropped silently.
//
// It runs entirely in Update. Calls go out as Cmds tagged with the
// screen's id and the engine's generation; stop bumps the generation so
// late results of a stopped stream are dropped.

// Engine timing.
const (
	// logOverlap re-reads the end of the previous window on every poll and
	// backfill, for events CloudWatch ingests a little late.
	logOverlap = 10 * time.Second
	// logCatchUp bounds how far back a poll or backfill reaches after an
	// interruption; older missing lines are marked as a gap instead of
	// paging through hours of history.
	logCatchUp = 10 * time.Minute
	// logPollEvery is the poll interval; idle users get a slower one.
	logPollEvery     = 2 * time.Second
	logPollIdleEvery = 10 * time.Second
	// logHistoryLines is how many lines the first load aims for before it
	// stops going back in time; "[" loads more.
	logHistoryLines = 5000
	// logTailRetries is how many failed Live Tail sessions in a row end in
	// polling.
	logTailRetries = 3
)

// followMode is what the engine is doing.
type followMode uint8

const (
	modeIdle followMode = iota
	modeTail
	modePoll
	// modeStopped: the logs cannot be read (denied, not found); no calls.
	modeStopped
)

// srcEvent is an event and the index of the source it belongs to.
type srcEvent struct {
	ev  providers.LogEvent
	src int
}

// logSink receives what the engine reads; the log screen implements it.
type logSink interface {
	appendEvents(evs []srcEvent)
	// prependEvents adds older events before the oldest held and returns
	// how many fitted in the buffer.
	prependEvents(evs []srcEvent) int
	marker(kind logs.Kind, at time.Time, text string)
}

// logSource is one stream of lines: a function's log group, or one
// container's streams in a task definition's awslogs group.
type logSource struct {
	name    string
	group   string
	streams []string // exact streams (a task's container)
	prefix  string   // stream name prefix (a service's container)
	// taskTag tags each line with the task id from the stream name.
	taskTag bool
}

func (s *logSource) has(ev *providers.LogEvent) bool {
	if ev.Group != "" && ev.Group != s.group {
		return false
	}
	switch {
	case len(s.streams) > 0:
		return slices.Contains(s.streams, ev.Stream)
	case s.prefix != "":
		return strings.HasPrefix(ev.Stream, s.prefix)
	}
	return true
}

// logQuery is one request's selection: a group and what of it.
type logQuery struct {
	group   string
	streams []string
	prefix  string
}

// queriesFor merges sources by group: exact streams are unioned, a single
// prefix is kept, and anything else reads the whole group (lines are then
// sorted to their source, or dropped when they belong to none).
func queriesFor(srcs []logSource) []logQuery {
	var out []logQuery
	idx := map[string]int{}
	for _, s := range srcs {
		i, ok := idx[s.group]
		if !ok {
			idx[s.group] = len(out)
			out = append(out, logQuery{group: s.group, streams: slices.Clone(s.streams), prefix: s.prefix})
			continue
		}
		q := &out[i]
		switch {
		case len(q.streams) > 0 && len(s.streams) > 0:
			q.streams = append(q.streams, s.streams...)
		case q.prefix != "" && q.prefix == s.prefix:
		default:
			q.streams, q.prefix = nil, ""
		}
	}
	return out
}

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
	// older says a history round prepends instead of appending.
	older bool
	// budget stops a chain of older history windows at this many lines.
	budget, loaded int
	// floor is how far back the chain may go.
	floor time.Time
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
	// logWakeMsg says queued calls may go out (the limiter has tokens).
	logWakeMsg struct{ scr, gen int }
	// logPollDueMsg starts the next poll cycle.
	logPollDueMsg struct{ scr, gen int }
	// logTailRetryMsg starts a new Live Tail session after a backoff.
	logTailRetryMsg struct{ scr, gen int }
)

func (m logPageMsg) screenID() int        { return m.scr }
func (m logTailStartedMsg) screenID() int { return m.scr }
func (m logBatchMsg) screenID() int       { return m.scr }
func (m logWakeMsg) screenID() int        { return m.scr }
func (m logPollDueMsg) screenID() int     { return m.scr }
func (m logTailRetryMsg) screenID() int   { return m.scr }

// follower is the engine of one log pane.
type follower struct {
	m       *Model
	scr     int
	sink    logSink
	reader  providers.LogReader
	tailer  providers.LogTailer
	sources []logSource
	queries []logQuery
	pattern string
	// since is the history range; from, when set, is an absolute start.
	since  time.Duration
	from   time.Time
	follow bool
	// noTail keeps the engine on polling (configuration, or Live Tail
	// gave up for this pane).
	noTail bool

	gen     int
	running bool
	started bool
	mode    followMode
	// why says why the engine polls or stopped, for the bar.
	why string

	// Live Tail session.
	tailCancel context.CancelFunc
	tailSince  time.Time
	tailFails  int
	sampled    bool
	sampledAt  time.Time
	sampleFrom time.Time
	// holding keeps Live Tail events back while a backfill or the first
	// history window loads, so lines reach the pane in time order.
	holding bool
	held    []srcEvent

	// seen holds the ids of recent events (timestamp in ms), for
	// de-duplication across overlapping polls, backfills and sessions.
	seen map[string]int64
	// covered is the time up to which every event was appended.
	covered time.Time

	pollFrom []time.Time
	poll     *round
	hist     *round
	back     *round
	rounds   int
	oldest   time.Time
	histDone bool
	backWin  time.Duration

	queue     []logReq
	waking    bool
	notBefore time.Time
	failures  int
	err       error
	errAt     time.Time
	// gapWhy is the reason given if the next read finds a gap: the last
	// failure, kept after the read that recovered.
	gapWhy string
}

func newFollower(m *Model, scr int, sink logSink) *follower {
	f := &follower{m: m, scr: scr, sink: sink, since: 15 * time.Minute, follow: true, seen: map[string]int64{}}
	f.reader, _ = m.opt.Backend.(providers.LogReader)
	f.tailer, _ = m.opt.Backend.(providers.LogTailer)
	f.noTail = m.opt.Logs.NoLiveTail
	return f
}

func (f *follower) setSources(srcs []logSource) {
	f.sources = srcs
	f.queries = queriesFor(srcs)
	f.pollFrom = make([]time.Time, len(f.queries))
}

func (f *follower) now() time.Time { return f.m.now() }

// tailable reports whether Live Tail can express the selection: at most
// 10 groups, and stream filters only with a single group.
func (f *follower) tailable() bool {
	if f.tailer == nil || f.noTail || len(f.queries) == 0 || len(f.queries) > 10 {
		return false
	}
	if len(f.queries) > 1 {
		for _, q := range f.queries {
			if len(q.streams) > 0 || q.prefix != "" {
				return false
			}
		}
	}
	return true
}

// start begins (or resumes) reading: on the first start it loads the
// newest history window and starts following; on a resume it backfills
// from where the pane stopped, so hiding and showing a pane loses nothing.
func (f *follower) start() tea.Cmd {
	f.stopCalls()
	f.running = true
	if len(f.queries) == 0 {
		return nil
	}
	if f.reader == nil && f.tailer == nil {
		f.mode, f.why = modeStopped, "this backend cannot read logs"
		return nil
	}
	now := f.now()
	resume := f.started
	var cmds []tea.Cmd
	if !f.started {
		f.started = true
		if f.reader != nil {
			floor := f.rangeStart(now)
			cmds = append(cmds, f.historyWindow(now, min(now.Sub(floor), time.Minute), false, logHistoryLines, floor))
		} else {
			f.covered = now
		}
	}
	if f.follow {
		cmds = append(cmds, f.followFrom(resume))
	}
	return tea.Batch(cmds...)
}

// rangeStart is the start of the history range.
func (f *follower) rangeStart(now time.Time) time.Time {
	if !f.from.IsZero() {
		return f.from
	}
	return now.Add(-f.since)
}

// followFrom starts Live Tail when it can, else polling. resume says the
// pane was following before: what happened meanwhile is backfilled.
func (f *follower) followFrom(resume bool) tea.Cmd {
	if f.tailable() {
		f.mode = modeTail
		// Hold tail events until history or the backfill is in.
		f.holding = f.hist != nil || resume
		return f.startTail()
	}
	return f.startPolling(f.whyPoll())
}

func (f *follower) whyPoll() string {
	switch {
	case f.tailer == nil:
		return "Live Tail not offered by this backend"
	case f.noTail && f.m.opt.Logs.NoLiveTail:
		return "Live Tail off in the config"
	case len(f.queries) > 10:
		return "more than 10 log groups"
	case len(f.queries) > 1:
		return "stream filters over several groups"
	}
	return f.why
}

// startPolling switches to polling from where the pane is covered.
func (f *follower) startPolling(why string) tea.Cmd {
	f.mode, f.why = modePoll, why
	f.cancelTail()
	f.holding = false
	from := f.covered.Add(-logOverlap)
	for i := range f.pollFrom {
		if f.pollFrom[i].IsZero() || f.pollFrom[i].Before(from) {
			f.pollFrom[i] = from
		}
	}
	if len(f.held) > 0 {
		f.flushAppend(f.held)
		f.held = nil
	}
	if f.reader == nil {
		f.mode, f.why = modeStopped, "no FilterLogEvents in this backend"
		return nil
	}
	return f.m.opt.After(0, logPollDueMsg{scr: f.scr, gen: f.gen})
}

// stop ends every call and stream; the state needed to resume stays.
func (f *follower) stop() {
	f.running = false
	f.stopCalls()
	f.gapWhy = "the pane was not shown"
}

func (f *follower) stopCalls() {
	f.gen = f.m.gen()
	f.cancelTail()
	f.queue, f.waking = nil, false
	f.poll, f.back = nil, nil
	if f.hist != nil && !f.hist.older {
		// The first window did not finish: load it again on resume.
		f.started = false
	}
	f.hist = nil
	f.holding, f.held = false, nil
	f.tailSince = time.Time{}
}

func (f *follower) cancelTail() {
	if f.tailCancel != nil {
		f.tailCancel()
		f.tailCancel = nil
	}
}

// reset forgets everything read, for a new range or server filter.
func (f *follower) reset() {
	f.stopCalls()
	f.started, f.histDone = false, false
	clear(f.seen)
	f.covered, f.oldest = time.Time{}, time.Time{}
	f.pollFrom = make([]time.Time, len(f.queries))
	f.sampled, f.tailFails, f.failures, f.err = false, 0, 0, nil
	f.backWin = 0
}

// startTail opens a Live Tail session over every source.
func (f *follower) startTail() tea.Cmd {
	f.cancelTail()
	ctx, cancel := context.WithCancel(f.m.ctx)
	f.tailCancel = cancel
	req := providers.TailRequest{Pattern: f.pattern}
	for _, q := range f.queries {
		req.Groups = append(req.Groups, q.group)
	}
	if len(f.queries) == 1 {
		req.Streams = f.queries[0].streams
		if f.queries[0].prefix != "" {
			req.StreamPrefixes = []string{f.queries[0].prefix}
		}
	}
	t, scr, gen, clock := f.tailer, f.scr, f.gen, f.m.opt.Now
	return func() tea.Msg {
		ch, err := t.Tail(ctx, req)
		return logTailStartedMsg{scr: scr, gen: gen, ch: ch, err: err, at: clock()}
	}
}

// readBatch waits for the next Live Tail update: one Cmd per batch.
func (f *follower) readBatch(ch <-chan providers.LogBatch) tea.Cmd {
	scr, gen, clock := f.scr, f.gen, f.m.opt.Now
	return func() tea.Msg {
		b, ok := <-ch
		return logBatchMsg{scr: scr, gen: gen, ch: ch, batch: b, closed: !ok, at: clock()}
	}
}

// update handles the engine's messages; others return nil.
func (f *follower) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case logTailStartedMsg:
		if msg.gen != f.gen || !f.running {
			// A session nobody reads any more: its context was cancelled
			// with the generation, so the provider closes it.
			return nil
		}
		return f.tailStarted(msg)
	case logBatchMsg:
		if msg.gen != f.gen || !f.running {
			return nil
		}
		return f.batch(msg)
	case logTailRetryMsg:
		if msg.gen != f.gen || !f.running || f.mode != modeTail {
			return nil
		}
		f.holding = true
		return f.startTail()
	case logPageMsg:
		if msg.gen != f.gen || !f.running {
			return nil
		}
		return f.page(msg)
	case logWakeMsg:
		if msg.gen != f.gen || !f.running {
			return nil
		}
		f.waking = false
		return f.pump()
	case logPollDueMsg:
		if msg.gen != f.gen || !f.running || f.mode != modePoll {
			return nil
		}
		return f.pollCycle()
	}
	return nil
}

func (f *follower) tailStarted(msg logTailStartedMsg) tea.Cmd {
	if msg.err != nil {
		f.cancelTail()
		why := "Live Tail not available: " + providers.Short(msg.err)
		if providers.KindOf(msg.err) == providers.ErrAccessDenied {
			why = "Live Tail not permitted (logs:StartLiveTail)"
		}
		f.noTail = true
		f.sink.marker(logs.KindNotice, msg.at, why+" · polling FilterLogEvents instead")
		return f.startPolling(why)
	}
	f.tailSince = msg.at
	f.why = ""
	cmds := []tea.Cmd{f.readBatch(msg.ch)}
	if f.holding && (f.hist == nil || f.hist.older) {
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
		f.sink.marker(logs.KindGap, msg.at, "lines between "+clock(f.sampleFrom)+" and "+clock(f.sampledAt)+
			" may be missing: Live Tail sent a sample of them (more than 500 lines a second)")
	}
	if f.holding {
		f.held = append(f.held, evs...)
	} else {
		f.flushAppend(evs)
		f.covered = msg.at
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
	f.gapWhy = "Live Tail failed: " + why
	f.tailFails++
	switch kind := providers.KindOf(err); {
	case kind == providers.ErrAccessDenied, f.tailFails >= logTailRetries:
		f.noTail = true
		f.sink.marker(logs.KindNotice, at, "Live Tail failed ("+why+") · polling FilterLogEvents instead")
		return f.startPolling("Live Tail failed: " + why)
	}
	f.why = "Live Tail interrupted: " + why + " · reconnecting"
	delay := time.Duration(1<<min(f.tailFails, 5)) * time.Second
	return f.m.opt.After(delay, logTailRetryMsg{scr: f.scr, gen: f.gen})
}

// route maps events to their sources, dropping events that belong to
// none (a whole group read for a narrower selection).
func (f *follower) route(evs []providers.LogEvent) []srcEvent {
	out := make([]srcEvent, 0, len(evs))
	for i := range evs {
		ev := &evs[i]
		if ev.Group == "" && len(f.queries) == 1 {
			ev.Group = f.queries[0].group
		}
		for si := range f.sources {
			if f.sources[si].has(ev) {
				out = append(out, srcEvent{ev: *ev, src: si})
				break
			}
		}
	}
	return out
}

// dedupe drops events already appended and records the new ones.
func (f *follower) dedupe(evs []srcEvent) []srcEvent {
	out := evs[:0:0]
	for _, e := range evs {
		if e.ev.ID != "" {
			if _, dup := f.seen[e.ev.ID]; dup {
				continue
			}
			f.seen[e.ev.ID] = e.ev.Timestamp.UnixMilli()
		}
		out = append(out, e)
	}
	return out
}

// flushAppend sorts, de-duplicates and appends events.
func (f *follower) flushAppend(evs []srcEvent) {
	sortEvents(evs)
	if evs = f.dedupe(evs); len(evs) > 0 {
		f.sink.appendEvents(evs)
	}
}

// prune forgets ids older than anything a poll or backfill can re-read.
func (f *follower) prune() {
	if len(f.seen) < 4096 {
		return
	}
	limit := f.covered.Add(-logOverlap - logCatchUp).UnixMilli()
	for id, ts := range f.seen {
		if ts < limit {
			delete(f.seen, id)
		}
	}
}

func sortEvents(evs []srcEvent) {
	slices.SortStableFunc(evs, func(a, b srcEvent) int {
		if c := a.ev.Timestamp.Compare(b.ev.Timestamp); c != 0 {
			return c
		}
		return strings.Compare(a.ev.Stream, b.ev.Stream)
	})
}

// clock formats a time of day for markers.
func clock(t time.Time) string { return t.Local().Format("15:04:05") }
