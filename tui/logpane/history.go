package logpane

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/logs"
)

// History: the first load of the range, the search for the newest lines
// when the range holds none, and "[" (older lines).
//
// The first window is the last minute of the range, appended page by page
// so the newest lines show at once. Older windows, each twice as wide,
// are then prepended until the range is loaded or the buffer is full (the
// pane marks that it dropped older lines). A range without a single line
// does not leave the pane empty: the engine asks DescribeLogStreams which
// streams logged last and reads back from the newest of their last
// events, or, where that cannot be asked, widens the search step by step
// (an hour, 6 hours, a day, a week); the lines it finds are marked with
// their age.

// histChain is a sequence of history windows going back in time.
type histChain struct {
	// budget stops the chain after this many lines; floor is how far back
	// it may go.
	budget, loaded int
	floor          time.Time
	// initial: the first load of the range, which a full buffer ends
	// quietly. seeking: a window of the search for the newest lines.
	initial, seeking bool
}

// seekState is the search for the newest lines before a range that held
// none.
type seekState struct {
	// end is where the empty range begins.
	end time.Time
	// asking counts DescribeLogStreams answers awaited; reask says a stop
	// dropped them.
	asking int
	reask  bool
	// hint is the newest last-event time the streams gave, before end.
	hint time.Time
	// starts are the starts of the windows still to read, newest first;
	// next is the end of the next one.
	starts []time.Time
	next   time.Time
	// planned says starts was built.
	planned bool
}

// logStreamsMsg carries one group's newest streams.
type logStreamsMsg struct {
	scr, gen int
	streams  []providers.LogStream
	err      error
}

func (m logStreamsMsg) ScreenID() int { return m.scr }

// loadingFirst reports whether the first window is loading: live events
// wait for it.
func (f *follower) loadingFirst() bool { return f.hist != nil && f.hist.first }

// firstWindow loads the last minute of the range (less when the range is
// shorter), then the rest of the range backwards until the buffer is full.
func (f *follower) firstWindow(now time.Time) tea.Cmd {
	floor := f.rangeStart(now)
	r := f.newRound(now.Add(-min(now.Sub(floor), time.Minute)), now)
	r.first, r.read = true, f.roundRead(now)
	r.chain = &histChain{budget: f.sink.capacity(), floor: floor, initial: true}
	return f.enqueue(r, reqHistory)
}

// historyWindow loads [end-w, end) of every query and prepends it.
func (f *follower) historyWindow(end time.Time, w time.Duration, c *histChain) tea.Cmd {
	r := f.newRound(end.Add(-w), end)
	r.older, r.chain = true, c
	return f.enqueue(r, reqHistory)
}

// historyDone ends a history window: append or prepend what it read,
// then go on back in time, or start the search for the newest lines, or
// stop.
func (f *follower) historyDone(r *round) tea.Cmd {
	f.hist = nil
	c := r.chain
	var cmds []tea.Cmd
	n := r.loaded
	if r.first {
		n += f.flushAppend(r.acc, r.read)
		f.covered = maxTime(f.covered, r.end)
		if f.holding && f.back == nil && f.mode == modeTail && !f.tailSince.IsZero() {
			// The session opened after this window's end: read the moment
			// in between, then release the live events. (When the session
			// has not opened yet, tailStarted does this.)
			cmds = append(cmds, f.backfill(f.tailSince))
		}
	} else {
		sortEvents(r.acc)
		n = f.sink.prependEvents(r.acc)
		if n < len(r.acc) {
			// The buffer is full; the pane marks that older lines are not
			// held. Only "[" asked for more than fits: say so.
			if n > 0 {
				f.oldest = r.acc[len(r.acc)-n].ev.Timestamp
				f.seekFound(r)
			}
			f.seek = nil
			if !c.initial && !c.seeking {
				cmds = append(cmds, f.host.Notify(views.LevelWarn, "log buffer full: older lines were not loaded · S saves, then ctrl+r starts afresh"))
			}
			return tea.Batch(cmds...)
		}
	}
	c.loaded += n
	f.oldest = r.start
	w := r.end.Sub(r.start)
	if c.seeking {
		if n == 0 {
			return tea.Batch(append(cmds, f.seekNext())...)
		}
		// Found: go on back an hour from here, for the run these lines
		// end (older runs are a "[" away).
		f.seekFound(r)
		c = &histChain{budget: logHistoryLines, loaded: n, floor: r.start.Add(-time.Hour)}
		w = time.Minute
	}
	if c.loaded >= c.budget || !r.start.After(c.floor) {
		f.backWin = min(w, 6*time.Hour)
		if c.initial && c.loaded == 0 {
			cmds = append(cmds, f.startSeek(c.floor))
		}
		return tea.Batch(cmds...)
	}
	next := min(2*w, r.start.Sub(c.floor), 6*time.Hour)
	return tea.Batch(append(cmds, f.historyWindow(r.start, next, c))...)
}

// loadOlder pages back before the oldest line held ("["). It returns a
// message for the status line.
func (f *follower) loadOlder() (tea.Cmd, string) {
	switch {
	case f.reader == nil:
		return nil, "this backend cannot read log history"
	case f.hist != nil:
		return nil, "already loading older lines"
	case f.seek != nil:
		return nil, "still looking for the last lines"
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
	return f.historyWindow(end, w, &histChain{budget: 1000, floor: end.Add(-24 * time.Hour)}), "loading lines before " + f.hms(end)
}

// startSeek looks for the newest lines before end, the start of a range
// that held none.
func (f *follower) startSeek(end time.Time) tea.Cmd {
	f.seek = &seekState{end: end, next: end}
	if f.lister == nil {
		return f.seekNext()
	}
	for _, q := range f.queries {
		if !q.Whole() {
			// DescribeLogStreams cannot order a stream prefix by last event.
			return f.seekNext()
		}
	}
	return f.askStreams()
}

// askStreams asks each group for its newest streams.
func (f *follower) askStreams() tea.Cmd {
	s := f.seek
	s.asking, s.reask = len(f.queries), false
	cmds := make([]tea.Cmd, 0, len(f.queries))
	for _, q := range f.queries {
		ls, scr, gen, group := f.lister, f.scr, f.gen, q.Group
		ctx, cancel := f.host.CallCtx()
		cmds = append(cmds, func() tea.Msg {
			defer cancel()
			ss, err := ls.NewestStreams(ctx, group, 5)
			return logStreamsMsg{scr: scr, gen: gen, streams: ss, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// streamsRead takes one group's newest streams as a hint of where the
// newest lines are. An error only loses the hint: the search then widens
// step by step.
func (f *follower) streamsRead(msg logStreamsMsg) tea.Cmd {
	s := f.seek
	if s == nil || s.asking == 0 {
		return nil
	}
	s.asking--
	for _, st := range msg.streams {
		if st.LastEvent.Before(s.end) && st.LastEvent.After(s.hint) {
			s.hint = st.LastEvent
		}
	}
	if s.asking > 0 {
		return nil
	}
	return f.seekNext()
}

// seekNext reads the next window of the search: from just before the
// hint, then back to an hour, 6 hours, a day and a week before the range.
func (f *follower) seekNext() tea.Cmd {
	s := f.seek
	if !s.planned {
		s.planned = true
		if !s.hint.IsZero() {
			s.starts = append(s.starts, s.hint.Add(-time.Minute))
		}
		for _, back := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour} {
			if t := s.end.Add(-back); len(s.starts) == 0 || t.Before(s.starts[len(s.starts)-1]) {
				s.starts = append(s.starts, t)
			}
		}
	}
	if len(s.starts) == 0 {
		f.seek = nil
		f.sink.marker(logs.KindNotice, f.now(), "no line since "+f.host.InZone(s.next).Format("Jan 2 15:04")+" · following new lines")
		return nil
	}
	start, end := s.starts[0], s.next
	s.starts, s.next = s.starts[1:], start
	return f.historyWindow(end, end.Sub(start), &histChain{seeking: true, budget: logHistoryLines, floor: start})
}

// seekFound ends the search with the age of the newest line it found.
func (f *follower) seekFound(r *round) {
	if f.seek == nil || len(r.acc) == 0 {
		return
	}
	s := f.seek
	f.seek = nil
	now := f.now()
	last := r.acc[len(r.acc)-1].ev.Timestamp
	f.sink.marker(logs.KindNotice, now, "last line "+format.Age(now, last)+" ago ("+f.host.InZone(last).Format("Jan 2 15:04:05")+
		"): none since "+f.host.InZone(s.end).Format("15:04")+" · following new lines")
}
