package tui

import (
	"context"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/sanitize"
)

// LogOptions configures the log panes.
type LogOptions struct {
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
// rebuilt at most ten times a second (targets P8, P9).
const redrawEvery = 100 * time.Millisecond

type (
	// logRedrawMsg rebuilds a log screen's frame after new lines.
	logRedrawMsg struct{ scr int }
	// logResolvedMsg carries the sources a service or task logs to.
	logResolvedMsg struct {
		scr, gen int
		sources  []logSource
		notes    []string
		err      error
	}
	// logClockMsg redraws the Live Tail session timer once a minute.
	logClockMsg struct{ scr, gen int }
)

func (m logRedrawMsg) screenID() int   { return m.scr }
func (m logResolvedMsg) screenID() int { return m.scr }
func (m logClockMsg) screenID() int    { return m.scr }

// resolver finds the sources of a session (a call or two for ECS).
type resolver func(ctx context.Context) ([]logSource, []string, error)

// logSession is what a log screen and its invocations screen share: the
// viewer with its buffer, the follow engine, and the redraw state. It is
// attached to the screen on top, which its messages are addressed to.
type logSession struct {
	m       *Model
	name    string
	v       *logs.Viewer
	f       *follower
	resolve resolver
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

func newLogSession(m *Model, name string, srcs []logSource, res resolver) *logSession {
	s := &logSession{m: m, name: name, resolve: res, tags: map[string]string{}}
	s.v = logs.NewViewer(m.st, m.opt.Logs.Lines, m.opt.Logs.Bytes)
	s.f = newFollower(m, 0, s)
	if res == nil {
		s.setSources(srcs, nil)
	}
	return s
}

func (s *logSession) setSources(srcs []logSource, notes []string) {
	s.resolved = true
	s.f.setSources(srcs)
	names := make([]string, len(srcs))
	s.taskTags = make([]bool, len(srcs))
	for i, src := range srcs {
		names[i] = src.name
		s.taskTags[i] = src.taskTag
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
func (s *logSession) flushNotes() {
	if len(s.notes) == 0 || (s.f.hist != nil && !s.f.hist.older) {
		return
	}
	now := s.m.now()
	for _, n := range s.notes {
		s.v.Append(logs.NewMarker(logs.KindNotice, now, n))
	}
	s.notes = nil
	s.pending = true
}

// attach makes screen id the receiver of the session's messages and
// starts reading; detach stops every call and stream.
func (s *logSession) attach(id int, onRedraw func()) tea.Cmd {
	s.scr, s.f.scr, s.onRedraw = id, id, onRedraw
	s.gen = s.m.gen()
	s.armed, s.clockArmed = false, false
	if !s.resolved {
		return s.resolveCmd()
	}
	return tea.Batch(s.f.start(), s.clock())
}

func (s *logSession) detach() { s.f.stop(); s.gen = s.m.gen() }

func (s *logSession) resolveCmd() tea.Cmd {
	res, scr, gen := s.resolve, s.scr, s.gen
	ctx, cancel := s.m.callCtx()
	return func() tea.Msg {
		defer cancel()
		srcs, notes, err := res(ctx)
		return logResolvedMsg{scr: scr, gen: gen, sources: srcs, notes: notes, err: err}
	}
}

// restart forgets what was read and reads again (a new range or server
// filter).
func (s *logSession) restart() tea.Cmd {
	s.f.reset()
	s.v.Clear()
	s.pending = true
	return tea.Batch(s.f.start(), s.redrawSoon())
}

// handle processes the session's messages; ok=false for others.
func (s *logSession) handle(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case logResolvedMsg:
		if msg.gen != s.gen {
			return nil, true
		}
		if msg.err != nil {
			s.err = msg.err
			s.v.Append(logs.NewMarker(logs.KindNotice, s.m.now(), "cannot find where this logs: "+providers.Short(msg.err)+" · ctrl+r retries"))
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
	case logPageMsg, logTailStartedMsg, logBatchMsg, logWakeMsg, logPollDueMsg, logTailRetryMsg:
		cmd := s.f.update(msg)
		s.flushNotes()
		// Mode, errors and timers change the bar even without new lines.
		s.pending = true
		return tea.Batch(cmd, s.redrawSoon(), s.clock()), true
	}
	return nil, false
}

// redrawSoon arms the redraw timer when something is pending.
func (s *logSession) redrawSoon() tea.Cmd {
	if !s.pending || s.armed {
		return nil
	}
	s.armed = true
	return s.m.opt.After(redrawEvery, logRedrawMsg{scr: s.scr})
}

// clock ticks once a minute while a Live Tail session runs, for its timer.
func (s *logSession) clock() tea.Cmd {
	if s.clockArmed || s.f.mode != modeTail || !s.f.running {
		return nil
	}
	s.clockArmed = true
	return s.m.opt.After(time.Minute, logClockMsg{scr: s.scr, gen: s.gen})
}

// appendEvents implements logSink.
func (s *logSession) appendEvents(evs []srcEvent) {
	ls := make([]logs.Line, len(evs))
	for i, e := range evs {
		ls[i] = logs.FromEvent(e.ev, e.src, s.tag(e))
	}
	s.v.Append(ls...)
	s.pending = true
}

// prependEvents implements logSink.
func (s *logSession) prependEvents(evs []srcEvent) int {
	ls := make([]logs.Line, len(evs))
	for i, e := range evs {
		ls[i] = logs.FromEvent(e.ev, e.src, s.tag(e))
	}
	s.pending = true
	return s.v.Prepend(ls)
}

// marker implements logSink.
func (s *logSession) marker(kind logs.Kind, at time.Time, text string) {
	s.v.Append(logs.NewMarker(kind, at, text))
	s.pending = true
}

// tag labels an ECS line with its task: the last part of the stream name
// "<prefix>/<container>/<task-id>", shortened. Tags are interned per
// stream.
func (s *logSession) tag(e srcEvent) string {
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
func (s *logSession) badges() []logs.Badge {
	f := s.f
	now := s.m.now()
	var out []logs.Badge
	switch f.mode {
	case modeTail:
		age := "<1m"
		if d := now.Sub(f.tailSince); !f.tailSince.IsZero() && d >= time.Minute {
			age = d.Truncate(time.Minute).String()
			age = strings.TrimSuffix(age, "0s")
		}
		switch {
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
	if f.hist != nil {
		out = append(out, logs.Badge{Text: "loading history…", Tone: logs.ToneMuted})
	}
	if f.pattern != "" {
		out = append(out, logs.Badge{Text: "CW filter " + sanitize.Line(f.pattern), Tone: logs.ToneInfo})
	}
	rng := "since " + shortDur(f.since)
	if !f.from.IsZero() {
		rng = "from " + f.from.Local().Format("01-02 15:04")
	}
	out = append(out, logs.Badge{Text: rng, Tone: logs.ToneMuted})
	return append(out, s.v.Badges()...)
}

// shortDur prints 15m, 1h, 3h30m.
func shortDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// LogTarget is where one container's lines are in CloudWatch Logs: a log
// group and its streams, or a stream prefix (every task of a service).
// The CLI reads the same targets as the log pane.
type LogTarget struct {
	Container string
	Group     string
	Streams   []string
	Prefix    string
}

// LogTargets lists the awslogs containers of a task definition, and a
// note for each container that logs elsewhere (FireLens, another driver,
// none). task limits the targets to one task's streams; container, when
// set, to one container. Essential containers come first.
func LogTargets(td providers.TaskDefinition, task, container string) ([]LogTarget, []string) {
	var out []LogTarget
	var notes []string
	cs := append([]providers.ContainerDefinition(nil), td.Containers...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Essential && !cs[j].Essential })
	for _, c := range cs {
		if container != "" && c.Name != container {
			continue
		}
		switch {
		case c.LogDriver == "awslogs" && c.LogOptions["awslogs-group"] != "":
			stream := c.Name + "/"
			if p := c.LogOptions["awslogs-stream-prefix"]; p != "" {
				stream = p + "/" + stream
			}
			t := LogTarget{Container: c.Name, Group: c.LogOptions["awslogs-group"]}
			if task != "" {
				t.Streams = []string{stream + task}
			} else {
				t.Prefix = stream
			}
			out = append(out, t)
		case c.LogDriver == "awsfirelens":
			notes = append(notes, "container "+c.Name+" logs through FireLens (awsfirelens): its lines go where its log router sends them, not to CloudWatch Logs here")
		case c.LogDriver == "":
			notes = append(notes, "container "+c.Name+" has no log configuration: its output is not kept")
		default:
			notes = append(notes, "container "+c.Name+" logs with the "+c.LogDriver+" driver, not to CloudWatch Logs")
		}
	}
	return out, notes
}

// sourcesForTaskDef turns LogTargets into the pane's sources; a service's
// lines are tagged with their task.
func sourcesForTaskDef(td providers.TaskDefinition, task, container string) ([]logSource, []string) {
	ts, notes := LogTargets(td, task, container)
	srcs := make([]logSource, len(ts))
	for i, t := range ts {
		srcs[i] = logSource{name: t.Container, group: t.Group, streams: t.Streams, prefix: t.Prefix, taskTag: t.Prefix != ""}
	}
	return srcs, notes
}
