package aws

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
// shared by every client of the account. A Provider serves one account
// and region, so it paces the calls of all its callers (every log pane,
// the metrics screen's REPORT reads, `virga logs`, every session of
// `virga serve`) through one bucket of that size: more readers slow each
// other down instead of getting the account throttled.
const (
	logCallsPerSecond = 5
	logBurst          = 5
)

// pacer is a token bucket with a pause for everyone after a throttle
// that grows (1 s, 2 s, 4 s … 30 s, with jitter) until a call succeeds,
// or lasts the service's Retry-After when it gave one.
type pacer struct {
	lim *rate.Limiter
	// now and sleep are the clock it paces by; tests replace them.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	until   time.Time
	backoff time.Duration
}

func newPacer(perSecond float64, burst int) *pacer {
	return &pacer{lim: rate.NewLimiter(rate.Limit(perSecond), burst), now: time.Now, sleep: wait.Sleep}
}

// wait returns when a call may go out, or ctx's error when it ends first
// (the token is then given back).
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := p.now()
	r := p.lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if p.until.After(now) {
		d = max(d, p.until.Sub(now))
	}
	p.mu.Unlock()
	if d <= 0 {
		return nil
	}
	if err := p.sleep(ctx, d); err != nil {
		r.CancelAt(p.now())
		return err
	}
	return nil
}

// done records how a call went (err is what the call returned): a
// throttle pauses every caller, a call that was not throttled resets the
// backoff.
func (p *pacer) done(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != providers.ErrThrottled {
		p.backoff = 0
		return
	}
	p.backoff = min(max(2*p.backoff, time.Second), 30*time.Second)
	wait := max(p.backoff/2+rand.N(p.backoff/2+1), pe.RetryAfter)
	p.until = p.now().Add(wait)
}
