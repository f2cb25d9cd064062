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
// functions, each keystroke through Update and View: queries typed a
// letter at a time (a first letter passes over every row, the next ones
// narrow its result), erased with backspace and ctrl+u (targets P5:
// <= 5 ms a keystroke).
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
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = h.m.Update(keys[i%len(keys)])
		_ = h.m.View()
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/key")
}
