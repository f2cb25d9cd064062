package testkit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
	"github.com/virgahq/virga/providers/sim"
)

// PacedAccount is a simulated account whose FilterLogEvents waits on the
// provider layer's pacer running on a manual clock (a wait moves the
// clock on instead of sleeping), and that records the clock reading at
// which each call went out.
type PacedAccount struct {
	*sim.Account
	clock *Clock
	mu    sync.Mutex
	sent  []time.Time
}

// Pacer is the FilterLogEvents bucket on c: a wait moves c on instead of
// sleeping.
func Pacer(c *Clock) *pace.Pacer {
	return pace.New(0, pace.Clock{Now: c.Now, Sleep: func(ctx context.Context, d time.Duration) error {
		c.Advance(d)
		return ctx.Err()
	}})
}

// NewPacedAccount is the simulated account of seed 1 on c, paced at the
// FilterLogEvents quota.
func NewPacedAccount(c *Clock) *PacedAccount {
	return &PacedAccount{Account: sim.New(sim.Config{Seed: 1, Now: c.Now, LogPace: Pacer(c)}), clock: c}
}

// FilterLogEvents reads through the paced account and records when the
// call went out (the wait has moved the clock on by then).
func (a *PacedAccount) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	page, err := a.Account.FilterLogEvents(ctx, q)
	a.mu.Lock()
	a.sent = append(a.sent, a.clock.Now())
	a.mu.Unlock()
	return page, err
}

// CheckPaced fails unless at least least calls went out and no run of
// them beat the quota: any n calls in a row span at least the time the
// bucket needs to refill n-LogBurst tokens.
func (a *PacedAccount) CheckPaced(t testing.TB, least int) {
	t.Helper()
	a.mu.Lock()
	sent := append([]time.Time(nil), a.sent...)
	a.mu.Unlock()
	if len(sent) < least {
		t.Fatalf("%d FilterLogEvents calls, want at least %d: the test checks nothing", len(sent), least)
	}
	step := time.Second / pace.LogCallsPerSecond
	for i := range sent {
		for j := i + pace.LogBurst; j < len(sent); j++ {
			if want := time.Duration(j-i-pace.LogBurst+1) * step; sent[j].Sub(sent[i]) < want {
				t.Fatalf("calls %d..%d went out within %v, want at least %v (%d calls, quota %d a second, burst %d)",
					i, j, sent[j].Sub(sent[i]), want, j-i+1, pace.LogCallsPerSecond, pace.LogBurst)
			}
		}
	}
}
