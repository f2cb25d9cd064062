package tui_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui"
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
}

type harnessOpt func(*tui.Options)

func newHarness(t testing.TB, be providers.Backend, c *testkit.Clock, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	hs := &harness{t: t, clock: c}
	o := tui.Options{
		Backend: be,
		Now:     c.Now,
		// Goldens show times in UTC whatever the machine's zone.
		Location: time.UTC,
		Theme:    theme.Dark,
		// The simulated Live Tail paces its updates by real seconds, which
		// a synchronous harness cannot wait for; log panes poll instead.
		Logs: tui.LogOptions{NoLiveTail: true},
		After: func(d time.Duration, msg tea.Msg) tea.Cmd {
			hs.seq++
			hs.scheduled++
			hs.timers = append(hs.timers, timer{due: c.Now().Add(d), msg: msg, seq: hs.seq})
			return nil
		},
	}
	for _, f := range opts {
		f(&o)
	}
	hs.m = tui.New(o)
	t.Cleanup(hs.m.Close)
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

func newDemo(t testing.TB, w, h int, opts ...harnessOpt) (*harness, *sim.Account) {
	t.Helper()
	c := testkit.NewClock(start)
	acct := sim.New(sim.Config{Seed: 1, Now: c.Now})
	return newHarness(t, acct, c, w, h, opts...), acct
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
