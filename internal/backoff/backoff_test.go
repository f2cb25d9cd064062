package backoff

import (
	"testing"
	"time"
)

func TestStepDoublesUpToTheCap(t *testing.T) {
	b := Doubling{First: 2 * time.Second, Max: 30 * time.Second}
	want := []time.Duration{2, 2, 2, 4, 8, 16, 30, 30, 30}
	for i, w := range want {
		n := i - 1 // -1 and 0 count as 1
		if got := b.Step(n); got != w*time.Second {
			t.Errorf("Step(%d) = %v, want %v", n, got, w*time.Second)
		}
	}
	if got := b.Step(1000); got != 30*time.Second {
		t.Errorf("Step(1000) = %v", got)
	}
}

func TestJitteredStaysInTheUpperHalf(t *testing.T) {
	b := Doubling{First: time.Second, Max: 32 * time.Second}
	lo := b.Jittered(3, func(int64) int64 { return 0 })
	hi := b.Jittered(3, func(k int64) int64 { return k - 1 })
	if lo != 2*time.Second || hi != 4*time.Second {
		t.Fatalf("jitter of a 4 s step spans %v..%v, want 2s..4s", lo, hi)
	}
}
