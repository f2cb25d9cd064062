package sim_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// movingClock advances by step on every reading, so a Live Tail session
// sees simulated time pass while it is paced by real seconds.
type movingClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *movingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

func TestTailSessionTimeout(t *testing.T) {
	c := &movingClock{t: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC), step: 10 * time.Second}
	a := sim.New(sim.Config{Seed: 1, Now: c.now})
	a.SetTailSessionLimit(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch, err := a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/checkout-api"}})
	if err != nil {
		t.Fatal(err)
	}
	var last providers.LogBatch
	for b := range ch {
		last = b
	}
	if ctx.Err() != nil {
		t.Fatal("session did not time out")
	}
	if !providers.IsSessionTimeout(last.Err) {
		t.Fatalf("last batch: %v", last.Err)
	}
}

func TestTailBrokenByFault(t *testing.T) {
	c := &movingClock{t: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC), step: time.Second}
	a := sim.New(sim.Config{Seed: 1, Now: c.now})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch, err := a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/checkout-api"}})
	if err != nil {
		t.Fatal(err)
	}
	a.SetFault("Logs.StartLiveTail", sim.Fault{Kind: providers.ErrNetwork})
	var last providers.LogBatch
	for b := range ch {
		last = b
	}
	if last.Err == nil || providers.KindOf(last.Err) != providers.ErrNetwork || providers.IsSessionTimeout(last.Err) {
		t.Fatalf("last batch: %v", last.Err)
	}
	if _, err := a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/checkout-api"}}); providers.KindOf(err) != providers.ErrNetwork {
		t.Fatalf("new session during the fault: %v", err)
	}
}
