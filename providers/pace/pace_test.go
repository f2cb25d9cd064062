package pace_test

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// TestReserveNeverBlocks: Reserve hands out the burst, then says how long
// until the next token instead of waiting, and spends nothing then; a
// call made with Reserved does not wait again; a throttle pauses Reserve
// as it pauses Wait.
func TestReserveNeverBlocks(t *testing.T) {
	c := testkit.NewClock(time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC))
	slept := time.Duration(0)
	p := pace.New(0, pace.Clock{Now: c.Now, Sleep: func(_ context.Context, d time.Duration) error {
		slept += d
		c.Advance(d)
		return nil
	}})
	for i := range pace.LogBurst {
		if d := p.Reserve(); d != 0 {
			t.Fatalf("reserve %d of the burst: wait %v", i, d)
		}
		if err := p.Wait(pace.Reserved(t.Context())); err != nil || slept != 0 {
			t.Fatalf("a reserved call waited %v (%v)", slept, err)
		}
	}
	step := time.Second / pace.LogCallsPerSecond
	for range 3 {
		if d := p.Reserve(); d != step {
			t.Fatalf("reserve after the burst: wait %v, want %v", d, step)
		}
	}
	c.Advance(step)
	if d := p.Reserve(); d != 0 {
		t.Fatalf("a token refilled, yet wait %v", d)
	}
	p.Done(&providers.Error{Kind: providers.ErrThrottled, RetryAfter: 3 * time.Second})
	if d := p.Reserve(); d < 3*time.Second-time.Millisecond || d > 3*time.Second {
		t.Fatalf("after a throttle with Retry-After 3s: wait %v", d)
	}
	var none *pace.Pacer
	if d := none.Reserve(); d != 0 || none.Wait(t.Context()) != nil {
		t.Fatal("a nil Pacer paces")
	}
}
