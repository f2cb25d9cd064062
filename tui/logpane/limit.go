package logpane

import (
	"math/rand/v2"
	"time"

	"github.com/virgahq/virga/internal/backoff"
)

// FilterLogEvents allows 5 requests a second per account and region,
// shared by every client. All of virga's log panes draw from one bucket
// of that size, so opening more panes slows each down instead of getting
// the account throttled.
const (
	logCallsPerSecond = 5
	logBurst          = 5
)

// Limiter is a token bucket on the model's clock, with a global pause
// after a throttle that grows (1 s, 2 s, 4 s … 30 s, with jitter) until a
// call succeeds. It lives in Update, so it needs no lock.
type Limiter struct {
	tokens float64
	last   time.Time
	until  time.Time
	// throttles counts throttles in a row; the pause doubles with each.
	throttles int
}

// NewLimiter returns a full bucket; the root keeps one for every pane.
func NewLimiter() *Limiter { return &Limiter{tokens: logBurst} }

// take spends a token and returns 0, or returns how long to wait before
// one is available (spending nothing).
func (l *Limiter) take(now time.Time) time.Duration {
	if now.Before(l.until) {
		return l.until.Sub(now)
	}
	if !l.last.IsZero() {
		l.tokens = min(logBurst, l.tokens+now.Sub(l.last).Seconds()*logCallsPerSecond)
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return 0
	}
	return time.Duration((1 - l.tokens) / logCallsPerSecond * float64(time.Second))
}

// throttled pauses every log call: for the service's Retry-After when it
// gave one, else for a backoff that doubles with each throttle.
func (l *Limiter) throttled(now time.Time, retryAfter time.Duration) {
	l.throttles++
	wait := backoff.Doubling{First: time.Second, Max: 30 * time.Second}.Jittered(l.throttles, rand.Int64N)
	wait = max(wait, retryAfter)
	l.until = now.Add(wait)
	l.tokens = 0
}

// succeeded resets the throttle backoff.
func (l *Limiter) succeeded() { l.throttles = 0 }
