package tui

import (
	"math/rand/v2"
	"time"
)

// FilterLogEvents allows 5 requests a second per account and region,
// shared by every client. All of virga's log panes draw from one bucket
// of that size, so opening more panes slows each down instead of getting
// the account throttled.
const (
	logCallsPerSecond = 5
	logBurst          = 5
)

// logLimiter is a token bucket on the model's clock, with a global pause
// after a throttle that grows (1 s, 2 s, 4 s … 30 s, with jitter) until a
// call succeeds. It lives in Update, so it needs no lock.
type logLimiter struct {
	tokens  float64
	last    time.Time
	until   time.Time
	backoff time.Duration
}

func (m *Model) logLimiter() *logLimiter {
	if m.logLimit == nil {
		m.logLimit = &logLimiter{tokens: logBurst}
	}
	return m.logLimit
}

// take spends a token and returns 0, or returns how long to wait before
// one is available (spending nothing).
func (l *logLimiter) take(now time.Time) time.Duration {
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
func (l *logLimiter) throttled(now time.Time, retryAfter time.Duration) {
	l.backoff = min(max(2*l.backoff, time.Second), 30*time.Second)
	wait := l.backoff/2 + rand.N(l.backoff/2+1)
	wait = max(wait, retryAfter)
	l.until = now.Add(wait)
	l.tokens = 0
}

// succeeded resets the throttle backoff.
func (l *logLimiter) succeeded() { l.backoff = 0 }
