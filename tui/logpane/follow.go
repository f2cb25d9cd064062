package logpane

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/logdedup"
	"github.com/virgahq/virga/internal/logfollow"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/internal/timespec"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
	"github.com/virgahq/virga/views/logs"
)

// The follow engine reads one log pane's sources. It first loads the
// range (the newest lines first, then older ones until the range or the
// buffer is full; when the range holds nothing, the newest lines whatever
// their age), then follows: with CloudWatch Logs Live Tail, or by polling
// FilterLogEvents when Live Tail is missing, not permitted or keeps
// failing. Reads overlap on purpose and events read twice are dropped
// (logdedup); wherever lines may have been missed (a session that could
// not be backfilled, an interruption longer than the catch-up limit, Live
// Tail sampling) a visible marker says so and why: nothing is dropped
// silently.
//
// It runs entirely in Update. Calls go out as Cmds tagged with the
// screen's id and the engine's generation; stop bumps the generation so
// late results of a stopped stream are dropped.
//
// The engine is split by concern: logs_tail.go (Live Tail),
// logs_poll.go (the request queue and polling), logs_history.go (the
// first load, older lines and the search for the newest lines).

// Engine timing.
const (
	// logCatchUp bounds how far back a poll or backfill reaches after an
	// interruption; older missing lines are marked as a gap instead of
	// paging through hours of history.
	logCatchUp = 10 * time.Minute
	// logPollIdleEvery is the poll interval of an idle user (else
	// logfollow.PollEvery).
	logPollIdleEvery = 10 * time.Second
	// logHistoryLines is how many lines the search for a quiet source's
	// newest lines, and each "[", aim for before they stop going back.
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

// logSink receives what the engine reads; the log session implements it.
type logSink interface {
	appendEvents(evs []srcEvent)
	// prependEvents adds older events before the oldest held and returns
	// how many fitted in the buffer (the newest of them).
	prependEvents(evs []srcEvent) int
	marker(kind logs.Kind, at time.Time, text string)
	// capacity is how many lines the buffer holds.
	capacity() int
}

// follower is the engine of one log pane.
type follower struct {
	host   Host
	scr    int
	sink   logSink
	reader providers.LogReader
	// pacer is the backend's FilterLogEvents bucket, nil when it has none.
	pacer   *pace.Pacer
	tailer  providers.LogTailer
	lister  providers.LogStreamLister
	sources []logtarget.Target
	queries []logtarget.Query
	pattern string
	// since is the range to load first; from, when set, an absolute start.
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
	// held has one entry per Live Tail update, each a read of its own.
	held [][]srcEvent

	// dedup drops events read twice where reads overlap.
	dedup *logdedup.Window
	// covered is the time up to which every event was appended.
	covered time.Time

	pollFrom []time.Time
	poll     *round
	hist     *round
	back     *round
	rounds   int
	// oldest is the start of what history holds; "[" reads before it.
	oldest  time.Time
	backWin time.Duration
	// resumeHist is a history window a stop interrupted, to load again
	// on resume so the range is complete.
	resumeHist *round
	// seek looks for the newest lines of a range that held none.
	seek *seekState

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

func newFollower(h Host, scr int, sink logSink) *follower {
	f := &follower{host: h, scr: scr, sink: sink, since: 15 * time.Minute, follow: true, dedup: logdedup.New()}
	f.reader, _ = h.Backend().(providers.LogReader)
	if p, ok := h.Backend().(pace.Paced); ok {
		f.pacer = p.LogPacer()
	}
	f.tailer, _ = h.Backend().(providers.LogTailer)
	f.lister, _ = h.Backend().(providers.LogStreamLister)
	f.noTail = h.LogOptions().NoLiveTail
	return f
}

func (f *follower) setSources(srcs []logtarget.Target) {
	f.sources = srcs
	f.queries = logtarget.Queries(srcs)
	f.pollFrom = make([]time.Time, len(f.queries))
}

func (f *follower) now() time.Time { return f.host.Now() }

// tailable reports whether Live Tail can express the selection.
func (f *follower) tailable() bool {
	if f.tailer == nil || f.noTail {
		return false
	}
	_, ok := logtarget.Tail(f.queries, f.pattern)
	return ok
}

// start begins (or resumes) reading: on the first start it loads the
// range and starts following; on a resume it backfills from where the
// pane stopped and finishes an interrupted load, so hiding and showing a
// pane loses nothing.
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
	switch {
	case !f.started:
		f.started = true
		if f.reader != nil {
			cmds = append(cmds, f.firstWindow(now))
		} else {
			f.covered = now
		}
	case f.resumeHist != nil && f.resumeHist.first:
		r := f.newRound(f.resumeHist.start, f.resumeHist.end)
		r.first, r.read, r.chain = true, f.roundRead(r.end), f.resumeHist.chain
		f.resumeHist = nil
		cmds = append(cmds, f.enqueue(r, reqHistory))
	case f.resumeHist != nil:
		r := f.resumeHist
		f.resumeHist = nil
		cmds = append(cmds, f.historyWindow(r.end, r.end.Sub(r.start), r.chain))
	case f.seek != nil && f.seek.reask:
		cmds = append(cmds, f.askStreams())
	}
	if f.follow {
		cmds = append(cmds, f.followFrom(resume))
	}
	return tea.Batch(cmds...)
}

// rangeStart is the start of the range.
func (f *follower) rangeStart(now time.Time) time.Time {
	if !f.from.IsZero() {
		return f.from
	}
	return now.Add(-f.since)
}

// rangeText is the range as the since prompt takes it: "15m", "2d", or
// the start time.
func (f *follower) rangeText() string {
	return timespec.Point{Ago: f.since, At: f.host.InZone(f.from)}.String()
}

// followFrom starts Live Tail when it can, else polling. resume says the
// pane was following before: what happened meanwhile is backfilled.
func (f *follower) followFrom(resume bool) tea.Cmd {
	if f.tailable() {
		f.mode = modeTail
		// Hold tail events until the first window or the backfill is in.
		f.holding = f.loadingFirst() || resume
		return f.startTail()
	}
	return f.startPolling(f.whyPoll())
}

func (f *follower) whyPoll() string {
	switch {
	case f.tailer == nil:
		return "Live Tail not offered by this backend"
	case f.noTail && f.host.LogOptions().NoLiveTail:
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
	from := f.covered.Add(-logfollow.Overlap)
	for i := range f.pollFrom {
		if f.pollFrom[i].IsZero() || f.pollFrom[i].Before(from) {
			f.pollFrom[i] = from
		}
	}
	f.releaseHeld()
	if f.reader == nil {
		f.mode, f.why = modeStopped, "no FilterLogEvents in this backend"
		return nil
	}
	return f.host.After(0, logPollDueMsg{scr: f.scr, gen: f.gen})
}

// stop ends every call and stream; the state needed to resume stays.
func (f *follower) stop() {
	f.running = false
	f.stopCalls()
	f.gapWhy = "the pane was not shown"
}

func (f *follower) stopCalls() {
	f.gen = f.host.Gen()
	f.cancelTail()
	f.queue, f.waking = nil, false
	// A round cut short appended its pages up to through, in time order:
	// the pane is covered that far, and reading resumes from there.
	for _, r := range []*round{f.poll, f.back, f.hist} {
		if r != nil && !r.older && r.through.After(f.covered) {
			f.covered = r.through
		}
	}
	f.poll, f.back = nil, nil
	switch r := f.hist; {
	case r == nil:
	case r.first && r.through.IsZero():
		// The first window had shown nothing: read it again on resume.
		f.resumeHist = &round{start: r.start, end: r.end, first: true, chain: r.chain}
	case r.first:
		// The first window showed part of itself: the rest comes with the
		// catch-up on resume, and older history goes on from its start.
		f.oldest = r.start
		if w := r.end.Sub(r.start); r.start.After(r.chain.floor) {
			next := min(2*w, r.start.Sub(r.chain.floor))
			f.resumeHist = &round{start: r.start.Add(-next), end: r.start, older: true, chain: r.chain}
		}
	default:
		// An older window (part of the first load, a search for the
		// newest lines, or "["): load it whole on resume.
		f.resumeHist = &round{start: r.start, end: r.end, older: true, chain: r.chain}
	}
	f.hist = nil
	if f.seek != nil && f.seek.asking > 0 {
		// Its DescribeLogStreams answers will be dropped: ask again on
		// resume.
		f.seek.asking, f.seek.reask = 0, true
	}
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
	f.started, f.resumeHist, f.seek = false, nil, nil
	f.dedup.Reset()
	f.covered, f.oldest = time.Time{}, time.Time{}
	f.pollFrom = make([]time.Time, len(f.queries))
	f.sampled, f.tailFails, f.failures, f.err = false, 0, 0, nil
	f.backWin = 0
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
	case logStreamsMsg:
		if msg.gen != f.gen || !f.running {
			return nil
		}
		return f.streamsRead(msg)
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

// route maps events to their sources, dropping events that belong to
// none (a whole group read for a narrower selection).
func (f *follower) route(evs []providers.LogEvent) []srcEvent {
	out := make([]srcEvent, 0, len(evs))
	for i := range evs {
		if si := logtarget.Route(f.sources, f.queries, &evs[i]); si >= 0 {
			out = append(out, srcEvent{ev: evs[i], src: si})
		}
	}
	return out
}

// flushAppend sorts events, drops those already appended (rd is the read
// they came from), appends the rest and returns how many.
func (f *follower) flushAppend(evs []srcEvent, rd *logdedup.Read) int {
	sortEvents(evs)
	out := evs[:0]
	for i := range evs {
		if rd.Keep(&evs[i].ev) {
			out = append(out, evs[i])
		}
	}
	if len(out) > 0 {
		f.sink.appendEvents(out)
	}
	return len(out)
}

// releaseHeld appends the held Live Tail updates, each as its own read.
func (f *follower) releaseHeld() {
	for _, evs := range f.held {
		f.flushAppend(evs, f.readUntil(f.covered))
	}
	f.held = nil
}

// readUntil starts a read that ends at end: the pane is covered up to end
// after it, so later reads start at end minus the overlap or later.
func (f *follower) readUntil(end time.Time) *logdedup.Read {
	return f.dedup.NewRead(end.Add(-logfollow.Overlap))
}

// roundRead starts the read of an appending round. A round of one query
// appends page by page, in time order, and may be cut short by a stop:
// its read remembers all it appends, and the de-duplication forgets as
// the pages move on (see page), so the overlap behind the last page is
// always remembered. A round of several queries appends once, at its end.
func (f *follower) roundRead(end time.Time) *logdedup.Read {
	if len(f.queries) == 1 {
		return f.dedup.NewRead(time.Time{})
	}
	return f.readUntil(end)
}

// forget lets the de-duplication drop what no read reaches again: reads
// start at covered minus the overlap, at the earliest.
func (f *follower) forget() { f.dedup.Forget(f.covered.Add(-logfollow.Overlap)) }

func sortEvents(evs []srcEvent) {
	slices.SortStableFunc(evs, func(a, b srcEvent) int {
		if c := a.ev.Timestamp.Compare(b.ev.Timestamp); c != 0 {
			return c
		}
		return strings.Compare(a.ev.Stream, b.ev.Stream)
	})
}

// clock formats a time of day for markers.
// hms is a time of day as the pane's markers write it.
func (f *follower) hms(t time.Time) string { return f.host.InZone(t).Format("15:04:05") }
