package tui_test

import (
	"testing"
	"time"

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

// BenchmarkFilterKeystroke10k is one keystroke in the "/" filter over
// 10,000 functions, through Update and View.
func BenchmarkFilterKeystroke10k(b *testing.B) {
	c := testkit.NewClock(start)
	acct := sim.New(sim.Config{Seed: 1, Functions: 10_000, Now: c.Now})
	h := newHarness(b, acct, c, 200, 60)
	h.advance(2 * time.Second)
	h.key("/")
	keys := []string{"p", "a", "y", "backspace", "backspace", "backspace"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = h.m.Update(testkit.Key(keys[i%len(keys)]))
		_ = h.m.View()
		i++
	}
}
