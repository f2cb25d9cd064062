package tui_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/theme"
)

// start is the fixed clock every tui test begins at.
var start = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

// timer is a message the model asked to receive later.
type timer struct {
	due time.Time
	msg tea.Msg
	seq int
}

// harness drives the root model without a terminal: Cmds run
// synchronously, timers are recorded and fired when the clock advances.
type harness struct {
	t      testing.TB
	m      *tui.Model
	clock  *testkit.Clock
	timers []timer
	seq    int
	quit   bool
	// afterLog counts scheduled timers, for tests about idle behaviour.
	scheduled int
	// acct is the simulated account under a demo (nil over other backends).
	acct *sim.Account
}

// setup is what a test may change before the first frame: the model's
// options and the simulated account behind it.
type setup struct {
	tui.Options
	// account configures the simulated account; its clock is the
	// harness's, its seed 1 unless set.
	account sim.Config
	// at is when the clock starts (start unless set).
	at time.Time
	// front is a test's backend in front of the account.
	front double
	// faults are set on the account before the first frame.
	faults []opFault
	// paced paces the account's FilterLogEvents as a real account's are.
	paced bool
}

type opFault struct {
	op string
	f  sim.Fault
}

type harnessOpt func(*setup)

// journaled records the model's actions in j.
func journaled(j *journal.Journal) harnessOpt { return func(s *setup) { s.Journal = j } }

// readOnly refuses every change, as --read-only does.
func readOnly(s *setup) { s.ReadOnly = true }

// liveTail lets log panes open Live Tail sessions (the harness polls
// unless told).
func liveTail(s *setup) { s.Logs.NoLiveTail = false }

// paced paces the account's log reads (five a second, a burst of five),
// so a long read takes several rounds as it does against AWS.
func paced(s *setup) { s.paced = true }

// functions sizes the account's functions list.
func functions(n int) harnessOpt { return func(s *setup) { s.account.Functions = n } }

// startAt starts the clock at t instead of start.
func startAt(t time.Time) harnessOpt { return func(s *setup) { s.at = t } }

// fault makes op fail as f says from the first frame on.
func fault(op string, f sim.Fault) harnessOpt {
	return func(s *setup) { s.faults = append(s.faults, opFault{op, f}) }
}

// failing makes op fail with kind from the first frame on.
func failing(op string, kind providers.ErrorKind) harnessOpt {
	return fault(op, sim.Fault{Kind: kind})
}

// double is a test's backend that stands in front of the simulated
// account, told the account and the clock before the first frame.
type double interface {
	providers.Backend
	stand(onAccount)
}

// onAccount is embedded by doubles: the account they stand in front of,
// whose methods they inherit, and the harness clock.
type onAccount struct {
	*sim.Account
	clock *testkit.Clock
}

func (o *onAccount) stand(a onAccount) { *o = a }

// over builds the model on d in front of the account.
func over(d double) harnessOpt { return func(s *setup) { s.front = d } }

// newHarness builds the model on be, whose clock is c.
func newHarness(t testing.TB, be providers.Backend, c *testkit.Clock, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	return build(t, be, c, w, h, configure(opts))
}

// newDemo builds the model on the simulated account, as opts set them
// up, at w x h, before any time passes.
func newDemo(t testing.TB, w, h int, opts ...harnessOpt) (*harness, *sim.Account) {
	t.Helper()
	s := configure(opts)
	c := testkit.NewClock(s.at)
	acct := s.newAccount(c)
	var be providers.Backend = acct
	if s.front != nil {
		s.front.stand(onAccount{acct, c})
		be = s.front
	}
	hs := build(t, be, c, w, h, s)
	hs.acct = acct
	return hs, acct
}

// newAccount is the simulated account s describes, on clock c.
func (s *setup) newAccount(c *testkit.Clock) *sim.Account {
	s.account.Now = c.Now
	if s.paced {
		s.account.LogPace = testkit.Pacer(c)
	}
	acct := sim.New(s.account)
	for _, f := range s.faults {
		acct.SetFault(f.op, f.f)
	}
	return acct
}

// configure applies opts over the harness's defaults.
func configure(opts []harnessOpt) setup {
	s := setup{
		account: sim.Config{Seed: 1},
		at:      start,
		Options: tui.Options{
			// Goldens show times in UTC whatever the machine's zone.
			Location: time.UTC,
			Theme:    theme.Dark,
			// The simulated Live Tail paces its updates by real seconds, which
			// a synchronous harness cannot wait for; log panes poll instead.
			Logs: tui.LogOptions{NoLiveTail: true},
		},
	}
	for _, f := range opts {
		f(&s)
	}
	return s
}

// build starts the model s describes on be at w x h; its timers wait for
// the harness clock.
func build(t testing.TB, be providers.Backend, c *testkit.Clock, w, h int, s setup) *harness {
	t.Helper()
	hs := &harness{t: t, clock: c}
	s.Backend, s.Now = be, c.Now
	s.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
		hs.seq++
		hs.scheduled++
		hs.timers = append(hs.timers, timer{due: c.Now().Add(d), msg: msg, seq: hs.seq})
		return nil
	}
	hs.m = tui.New(s.Options)
	t.Cleanup(hs.m.Close)
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

// loaded is newDemo two seconds on: the first lists have loaded.
func loaded(t testing.TB, w, h int, opts ...harnessOpt) (*harness, *sim.Account) {
	t.Helper()
	hs, acct := newDemo(t, w, h, opts...)
	hs.advance(2 * time.Second)
	return hs, acct
}

// send delivers msg and runs every Cmd that follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 && !h.quit {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			h.quit = true
		default:
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// advance moves the clock by d, firing due timers in order.
func (h *harness) advance(d time.Duration) {
	end := h.clock.Now().Add(d)
	for {
		sort.SliceStable(h.timers, func(i, j int) bool {
			if h.timers[i].due.Equal(h.timers[j].due) {
				return h.timers[i].seq < h.timers[j].seq
			}
			return h.timers[i].due.Before(h.timers[j].due)
		})
		if len(h.timers) == 0 || h.timers[0].due.After(end) {
			break
		}
		tm := h.timers[0]
		h.timers = h.timers[1:]
		if now := h.clock.Now(); tm.due.After(now) {
			h.clock.Advance(tm.due.Sub(now))
		}
		h.send(tm.msg)
	}
	if now := h.clock.Now(); end.After(now) {
		h.clock.Advance(end.Sub(now))
	}
}

// key sends key presses: "j", "enter", "esc", "ctrl+r", or text typed
// rune by rune when prefixed with "type:"; "sleep:400ms" lets time pass
// (a confirmation ignores keys in its first 300 ms).
func (h *harness) key(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if d, ok := strings.CutPrefix(k, "sleep:"); ok {
			dur, err := time.ParseDuration(d)
			if err != nil {
				h.t.Fatal(err)
			}
			h.advance(dur)
			continue
		}
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		h.send(testkit.Key(k))
	}
}

// updateOnly delivers key k and returns its Cmd without running it.
func (h *harness) updateOnly(k string) tea.Cmd {
	_, cmd := h.m.Update(testkit.Key(k))
	return cmd
}

// mustQuit sends keys and fails with why unless the model quit.
func (h *harness) mustQuit(why string, keys ...string) {
	h.t.Helper()
	if h.key(keys...); !h.quit {
		h.t.Fatal(why)
	}
}

// mustStay sends keys and fails with why if the model quit.
func (h *harness) mustStay(why string, keys ...string) {
	h.t.Helper()
	if h.key(keys...); h.quit {
		h.t.Fatal(why)
	}
}

// press sends keys, then lets a second pass for the calls they start.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	h.key(keys...)
	h.advance(time.Second)
}

// fail makes the account's op fail with kind, for d when d > 0.
func (h *harness) fail(op string, kind providers.ErrorKind, d time.Duration) {
	f := sim.Fault{Kind: kind}
	if d > 0 {
		f.Until = h.clock.Now().Add(d)
	}
	h.acct.SetFault(op, f)
}

// heal ends the account's fault on op.
func (h *harness) heal(op string) { h.acct.SetFault(op, sim.Fault{}) }

// logLines is what the front log pane holds.
func (h *harness) logLines() []logs.Line { return tui.LogBufferOf(h.m) }

// screen returns the frame without colour codes.
func (h *harness) screen() string { return ansi.Strip(h.m.Render()) }

func (h *harness) mustSee(parts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			h.t.Fatalf("screen does not show %q:\n%s", p, s)
		}
	}
}

func (h *harness) mustNotSee(parts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, p := range parts {
		if strings.Contains(s, p) {
			h.t.Fatalf("screen shows %q but should not:\n%s", p, s)
		}
	}
}

// checkFrame asserts the layout property: exactly h lines, none wider
// than w.
func checkFrame(t testing.TB, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: frame has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Fatalf("%dx%d: line %d is %d wide: %q", w, h, i, got, ansi.Strip(l))
		}
	}
}
