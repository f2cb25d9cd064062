package logpane

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/sanitize"
)

// Options configures the log panes.
type Options struct {
	// Lines and Bytes bound each pane's buffer (default 50,000 lines and
	// 64 MiB); the oldest lines go first.
	Lines, Bytes int
	// NoLiveTail makes panes poll FilterLogEvents instead of opening Live
	// Tail sessions, which CloudWatch bills per session-minute.
	NoLiveTail bool
	// SaveDir is where saved logs go; empty means the current directory,
	// or the XDG state directory when that is not writable.
	SaveDir string
	// NoSave refuses S and E: a virga serve session must not write files
	// on the server.
	NoSave bool
}

// redrawEvery coalesces redraws: however fast lines arrive, the pane is
// rebuilt at most ten times a second.
const redrawEvery = 100 * time.Millisecond

type (
	// logRedrawMsg rebuilds a log screen's frame after new lines.
	logRedrawMsg struct{ scr int }
	// logResolvedMsg carries the sources a service or task logs to.
	logResolvedMsg struct {
		scr, gen int
		sources  []logtarget.Target
		notes    []string
		err      error
	}
	// logClockMsg redraws the Live Tail session timer once a minute.
	logClockMsg struct{ scr, gen int }
)

func (m logRedrawMsg) ScreenID() int   { return m.scr }
func (m logResolvedMsg) ScreenID() int { return m.scr }
func (m logClockMsg) ScreenID() int    { return m.scr }

// Resolver finds the sources of a session (a call or two for ECS).
type Resolver func(ctx context.Context) ([]logtarget.Target, []string, error)

// Session is what a log screen and its invocations screen share: the
// viewer with its buffer, the follow engine, and the redraw state. It is
// attached to the screen on top, which its messages are addressed to.
type Session struct {
	host    Host
	name    string
	v       *logs.Viewer
	f       *follower
	resolve Resolver
	// resolved is set once the sources are known.
	resolved bool
	err      error
	gen      int
	fn       bool // the sources are Lambda functions
	tags     map[string]string
	taskTags []bool
	scr      int
	// notes wait for the first history window (see flushNotes).
	notes []string
	// pending says lines arrived since the last redraw; armed that a
	// redraw timer is running; onRedraw rebuilds the attached screen.
	pending, armed bool
	onRedraw       func()
	clockArmed     bool
}

func NewSession(h Host, name string, srcs []logtarget.Target, res Resolver) *Session {
	s := &Session{host: h, name: name, resolve: res, tags: map[string]string{}}
	s.v = logs.NewViewer(h.Styles(), h.LogOptions().Lines, h.LogOptions().Bytes)
	s.v.SetLocation(h.Location())
	s.f = newFollower(h, 0, s)
	if res == nil {
		s.setSources(srcs, nil)
	}
	return s
}

func (s *Session) setSources(srcs []logtarget.Target, notes []string) {
	s.resolved = true
	s.f.setSources(srcs)
	names := make([]string, len(srcs))
	s.taskTags = make([]bool, len(srcs))
	for i, src := range srcs {
		names[i] = src.Name
		s.taskTags[i] = src.TaskTag
	}
	s.v.SetSources(names)
	s.notes = notes
	if len(srcs) == 0 && len(notes) == 0 {
		s.notes = []string{"nothing logs to CloudWatch Logs here"}
	}
}

// flushNotes shows the notes about where containers log once the first
// history window is in, so they sit below it, in sight, rather than above
// minutes of history.
func (s *Session) flushNotes() {
	if len(s.notes) == 0 || s.f.loadingFirst() {
		return
	}
	now := s.host.Now()
	for _, n := range s.notes {
		s.v.Append(logs.NewMarker(logs.KindNotice, now, n))
	}
	s.notes = nil
	s.pending = true
}

// attach makes screen id the receiver of the session's messages and
// starts reading; detach stops every call and stream.
func (s *Session) attach(id int, onRedraw func()) tea.Cmd {
	s.scr, s.f.scr, s.onRedraw = id, id, onRedraw
	s.gen = s.host.Gen()
	s.armed, s.clockArmed = false, false
	if !s.resolved {
		return s.resolveCmd()
	}
	return tea.Batch(s.f.start(), s.clock())
}

func (s *Session) detach() { s.f.stop(); s.gen = s.host.Gen() }

func (s *Session) resolveCmd() tea.Cmd {
	res, scr, gen := s.resolve, s.scr, s.gen
	ctx, cancel := s.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		srcs, notes, err := res(ctx)
		return logResolvedMsg{scr: scr, gen: gen, sources: srcs, notes: notes, err: err}
	}
}

// restart forgets what was read and reads again (a new range or server
// filter).
func (s *Session) restart() tea.Cmd {
	s.f.reset()
	s.v.Clear()
	s.pending = true
	return tea.Batch(s.f.start(), s.redrawSoon())
}

// handle processes the session's messages; ok=false for others.
func (s *Session) handle(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case logResolvedMsg:
		if msg.gen != s.gen {
			return nil, true
		}
		if msg.err != nil {
			s.err = msg.err
			s.v.Append(logs.NewMarker(logs.KindNotice, s.host.Now(), "cannot find where this logs: "+providers.Short(msg.err)+" · ctrl+r retries"))
			s.pending = true
			return s.redrawSoon(), true
		}
		s.setSources(msg.sources, msg.notes)
		s.pending = true
		cmd := s.f.start()
		s.flushNotes()
		return tea.Batch(cmd, s.clock(), s.redrawSoon()), true
	case logRedrawMsg:
		s.armed = false
		if s.pending {
			s.pending = false
			if s.onRedraw != nil {
				s.onRedraw()
			}
		}
		return nil, true
	case logClockMsg:
		if msg.gen != s.gen {
			return nil, true
		}
		s.clockArmed = false
		s.pending = true
		return tea.Batch(s.clock(), s.redrawSoon()), true
	case logPageMsg, logTailStartedMsg, logBatchMsg, logWakeMsg, logPollDueMsg, logTailRetryMsg, logStreamsMsg:
		cmd := s.f.update(msg)
		s.flushNotes()
		// Mode, errors and timers change the bar even without new lines.
		s.pending = true
		return tea.Batch(cmd, s.redrawSoon(), s.clock()), true
	}
	return nil, false
}

// redrawSoon arms the redraw timer when something is pending.
func (s *Session) redrawSoon() tea.Cmd {
	if !s.pending || s.armed {
		return nil
	}
	s.armed = true
	return s.host.After(redrawEvery, logRedrawMsg{scr: s.scr})
}

// clock ticks once a minute while a Live Tail session runs, for its timer.
func (s *Session) clock() tea.Cmd {
	if s.clockArmed || s.f.mode != modeTail || !s.f.running {
		return nil
	}
	s.clockArmed = true
	return s.host.After(time.Minute, logClockMsg{scr: s.scr, gen: s.gen})
}

// appendEvents implements logSink.
func (s *Session) appendEvents(evs []srcEvent) {
	ls := make([]logs.Line, len(evs))
	for i, e := range evs {
		ls[i] = logs.FromEvent(e.ev, e.src, s.tag(e))
	}
	s.v.Append(ls...)
	s.pending = true
}

// prependEvents implements logSink.
func (s *Session) prependEvents(evs []srcEvent) int {
	ls := make([]logs.Line, len(evs))
	for i, e := range evs {
		ls[i] = logs.FromEvent(e.ev, e.src, s.tag(e))
	}
	s.pending = true
	return s.v.Prepend(ls)
}

// capacity implements logSink.
func (s *Session) capacity() int { return s.v.Ring().Cap() }

// marker implements logSink.
func (s *Session) marker(kind logs.Kind, at time.Time, text string) {
	s.v.Append(logs.NewMarker(kind, at, text))
	s.pending = true
}

// tag labels an ECS line with its task: the last part of the stream name
// "<prefix>/<container>/<task-id>", shortened. Tags are interned per
// stream.
func (s *Session) tag(e srcEvent) string {
	if e.src >= len(s.taskTags) || !s.taskTags[e.src] {
		return ""
	}
	if t, ok := s.tags[e.ev.Stream]; ok {
		return t
	}
	id := e.ev.Stream[strings.LastIndexByte(e.ev.Stream, '/')+1:]
	if len(id) > 8 {
		id = id[:8]
	}
	t := sanitize.Line(id)
	if len(s.tags) > 10_000 {
		clear(s.tags)
	}
	s.tags[e.ev.Stream] = t
	return t
}

// badges describe the engine for the bar: Live Tail with its session
// timer and "sampled", or polling; staleness; the range and server filter.
func (s *Session) badges() []logs.Badge {
	f := s.f
	now := s.host.Now()
	var out []logs.Badge
	switch f.mode {
	case modeTail:
		age := "<1m"
		if d := now.Sub(f.tailSince); !f.tailSince.IsZero() && d >= time.Minute {
			age = d.Truncate(time.Minute).String()
			age = strings.TrimSuffix(age, "0s")
		}
		switch {
		case f.tailSince.IsZero() && f.why != "":
			// Between sessions: not live, whatever the last one said.
			out = append(out, logs.Badge{Text: "○ live tail down", Tone: logs.ToneWarn})
		case f.tailSince.IsZero():
			out = append(out, logs.Badge{Text: "● live tail starting…", Tone: logs.ToneLive})
		default:
			out = append(out, logs.Badge{Text: "● LIVE TAIL " + age, Tone: logs.ToneLive})
		}
		if f.sampled {
			out = append(out, logs.Badge{Text: "SAMPLED", Tone: logs.ToneWarn})
		}
		if f.why != "" {
			out = append(out, logs.Badge{Text: f.why, Tone: logs.ToneWarn})
		}
	case modePoll:
		out = append(out, logs.Badge{Text: "polling " + f.interval().String(), Tone: logs.ToneInfo})
	case modeStopped:
		out = append(out, logs.Badge{Text: "stopped: " + f.why, Tone: logs.ToneErr})
	}
	if f.err != nil && f.mode != modeStopped {
		text := "stale · " + now.Sub(f.errAt).Truncate(time.Second).String()
		if providers.KindOf(f.err) == providers.ErrThrottled {
			text += " (throttled, backing off)"
		}
		out = append(out, logs.Badge{Text: text, Tone: logs.ToneWarn})
	}
	switch {
	case f.seek != nil:
		out = append(out, logs.Badge{Text: "looking for the last lines…", Tone: logs.ToneMuted})
	case f.hist != nil:
		out = append(out, logs.Badge{Text: "loading history…", Tone: logs.ToneMuted})
	}
	if f.pattern != "" {
		out = append(out, logs.Badge{Text: "CW filter " + sanitize.Line(f.pattern), Tone: logs.ToneInfo})
	}
	rng := "since " + f.rangeText()
	if !f.from.IsZero() {
		rng = "from " + s.host.InZone(f.from).Format("01-02 15:04")
	}
	out = append(out, logs.Badge{Text: rng, Tone: logs.ToneMuted})
	return append(out, s.v.Badges()...)
}

// MarkFunctions says the sources are Lambda functions: REPORT lines and
// request ids mean something (the invocations screen, request filters).
func (s *Session) MarkFunctions() { s.fn = true }

// FollowRequest starts the session on the lines of one request, from a
// minute before the invocation on, and keeps following.
func (s *Session) FollowRequest(requestID string, at time.Time) {
	s.f.from = at.Add(-time.Minute)
	s.v.SetRequest(requestID)
}

// Viewer is the session's viewer and its buffer.
func (s *Session) Viewer() *logs.Viewer { return s.v }

// Tailing says the session follows by Live Tail; Streaming that a read
// or a stream of it is still running.
func (s *Session) Tailing() bool   { return s.f.mode == modeTail }
func (s *Session) Streaming() bool { return s.f.running || s.f.tailCancel != nil }

// SessionOf is the session of a log or invocations screen, nil for any
// other screen.
func SessionOf(scr screen.Screen) *Session {
	switch s := scr.(type) {
	case *Screen:
		return s.sess
	case *Invocations:
		return s.sess
	}
	return nil
}

// stale is the status line's "stale · 12s" while the session's last read
// failed and it still follows; empty otherwise.
func (ss *Session) stale(now time.Time) string {
	if f := ss.f; f.err != nil && f.mode != modeStopped {
		return "stale · " + format.Age(now, f.errAt)
	}
	return ""
}
