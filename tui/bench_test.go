package tui_test

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers/sim"
)

// BenchmarkFunctionsView10k measures one frame build (a key through
// Update, then View) of the functions view with 10,000 functions at
// 200x60 (the aim is a median of 2 ms or less).
func BenchmarkFunctionsView10k(b *testing.B) {
	c := testkit.NewClock(start)
	acct := sim.New(sim.Config{Seed: 1, Functions: 10_000, Now: c.Now})
	h := newHarness(b, acct, c, 200, 60)
	h.advance(2 * time.Second)
	if got := h.m.Rows(); got != 10_000 {
		b.Fatalf("listed %d functions", got)
	}
	down, up := testkit.Key("j"), testkit.Key("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%200 >= 100 {
			k = up
		}
		i++
		_, _ = h.m.Update(k)
		_ = h.m.View()
	}
}

// BenchmarkFilterKeystroke10k is typing into the "/" filter over 10,000
// functions: queries typed a letter at a time (a first letter passes over
// every row, the next ones narrow its result), erased with backspace and
// ctrl+u, every few keys after a refresh of the rows (which drops the
// filter's index). ms/key is the event loop's share: the keystroke
// through Update and View, and the result's delivery through Update and
// View (at most 5 ms). offloop-ms/key is the work the Cmds did meanwhile
// (a big pass and the index it builds run off the loop).
func BenchmarkFilterKeystroke10k(b *testing.B) {
	c := testkit.NewClock(start)
	acct := sim.New(sim.Config{Seed: 1, Functions: 10_000, Now: c.Now})
	h := newHarness(b, acct, c, 200, 60)
	h.advance(2 * time.Second)
	h.key("/")
	var keys []tea.KeyPressMsg
	for _, q := range []string{"python3", "paywh", "img-res", "orders !stag", "~^check.*api"} {
		for _, r := range q {
			keys = append(keys, testkit.Key(string(r)))
		}
		keys = append(keys, testkit.Key("backspace"), testkit.Key("backspace"), testkit.Key("ctrl+u"))
	}
	var loop, off time.Duration
	timed := func(d *time.Duration, f func()) {
		t0 := time.Now()
		f()
		*d += time.Since(t0)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%len(keys) == 0 {
			// The filter is empty here (ctrl+u): a minute's refresh
			// brings new rows, so the next letter builds the index.
			h.advance(time.Minute)
		}
		var cmd tea.Cmd
		timed(&loop, func() { _, cmd = h.m.Update(keys[i%len(keys)]); _ = h.m.View() })
		for queue := []tea.Cmd{cmd}; len(queue) > 0; queue = queue[1:] {
			if queue[0] == nil {
				continue
			}
			var msg tea.Msg
			timed(&off, func() { msg = queue[0]() })
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				queue = append(queue, msg...)
			default:
				timed(&loop, func() { _, cmd = h.m.Update(msg); _ = h.m.View() })
				queue = append(queue, cmd)
			}
		}
		i++
	}
	b.ReportMetric(float64(loop.Nanoseconds())/float64(b.N)/1e6, "ms/key")
	b.ReportMetric(float64(off.Nanoseconds())/float64(b.N)/1e6, "offloop-ms/key")
}
