// Package pace keeps FilterLogEvents under its quota at the provider
// layer: every backend virga reads logs from (AWS, the demo, the
// simulated account) paces its callers through one Pacer, so the TUI's
// log panes, the metrics screen's REPORT reads and `virga logs` all
// honour the same bucket without keeping one of their own.
package pace

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/virgahq/virga/internal/wait"
	"github.com/virgahq/virga/providers"
)

// FilterLogEvents allows 5 requests a second per account and region,
// shared by every client of the account. A backend serves one account and
// region, so it paces the calls of all its callers through one bucket of
// that size: more readers slow each other down instead of getting the
// account throttled.
const (
	LogCallsPerSecond = 5
	LogBurst          = 5
)

// Clock is what a Pacer paces by: wall time unless a test gives it a
// manual clock whose Sleep moves Now on.
type Clock struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Wall is the real clock.
func Wall() Clock { return Clock{Now: time.Now, Sleep: wait.Sleep} }

// Pacer is a token bucket with a pause for everyone after a throttle that
// grows (1 s, 2 s, 4 s … 30 s, with jitter) until a call succeeds, or
// lasts the service's Retry-After when it gave one. It is safe for
// concurrent use; a nil Pacer does not pace.
type Pacer struct {
	lim   *rate.Limiter
	clock Clock

	mu      sync.Mutex
	until   time.Time
	backoff time.Duration
}

// New returns a full bucket of burst calls refilled at perSecond on clock;
// perSecond <= 0 means the FilterLogEvents quota.
func New(perSecond float64, clock Clock) *Pacer {
	if perSecond <= 0 {
		perSecond = LogCallsPerSecond
	}
	return &Pacer{lim: rate.NewLimiter(rate.Limit(perSecond), LogBurst), clock: clock}
}

// Paced is a backend that paces its FilterLogEvents calls with a Pacer
// (nil when it does not pace them).
type Paced interface {
	LogPacer() *Pacer
}

// reservedKey marks a context whose call already holds a token.
type reservedKey struct{}

// Reserved marks ctx as the context of a call whose token Reserve already
// spent: the backend's Wait lets it go at once.
func Reserved(ctx context.Context) context.Context {
	return context.WithValue(ctx, reservedKey{}, true)
}

// Reserve is Wait for a caller that must not block (the TUI's Update): it
// spends a token and returns 0 when one is free now; otherwise it spends
// nothing and returns how long until one may be. A call made after 0 goes
// out with Reserved(ctx).
func (p *Pacer) Reserve() time.Duration {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	r := p.lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if p.until.After(now) {
		d = max(d, p.until.Sub(now))
	}
	if d > 0 {
		r.CancelAt(now)
	}
	return d
}

// Wait returns when a call may go out, or ctx's error when it ends first
// (the token is then given back).
func (p *Pacer) Wait(ctx context.Context) error {
	if p == nil || ctx.Value(reservedKey{}) != nil {
		return nil
	}
	p.mu.Lock()
	now := p.clock.Now()
	r := p.lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if p.until.After(now) {
		d = max(d, p.until.Sub(now))
	}
	p.mu.Unlock()
	if d <= 0 {
		return nil
	}
	if err := p.clock.Sleep(ctx, d); err != nil {
		r.CancelAt(p.clock.Now())
		return err
	}
	return nil
}

// Done records how a call went (err is what the call returned): a
// throttle pauses every caller, a call that was not throttled resets the
// backoff.
func (p *Pacer) Done(err error) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != providers.ErrThrottled {
		p.backoff = 0
		return
	}
	p.backoff = min(max(2*p.backoff, time.Second), 30*time.Second)
	wait := max(p.backoff/2+rand.N(p.backoff/2+1), pe.RetryAfter)
	p.until = p.clock.Now().Add(wait)
}

// Backoff is the current throttle pause's base (0 after a call that was
// not throttled).
func (p *Pacer) Backoff() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.backoff
}
