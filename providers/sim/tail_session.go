package sim

import (
	"fmt"
	"time"

	"github.com/virgahq/virga/providers"
)

// defaultTailLimit is how long CloudWatch keeps a Live Tail session open.
const defaultTailLimit = 3 * time.Hour

// SetTailSessionLimit sets how long a Live Tail session lasts on the
// simulated clock before it ends with providers.ErrSessionTimeout, as
// AWS ends one after 3 hours (the default). Zero restores the default.
func (a *Account) SetTailSessionLimit(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tailLimit = d
}

// tailEnded reports why a running session must end: its time limit was
// reached (a SessionTimeoutException), or a fault on Logs.StartLiveTail
// with an error kind is in force, which breaks running sessions too (a
// SessionStreamingException carrying that kind), so tests can take Live
// Tail away in the middle of a session.
func (a *Account) tailEnded(startedMs int64) error {
	const op = "Logs.StartLiveTail"
	a.mu.Lock()
	limit := a.tailLimit
	a.mu.Unlock()
	if limit <= 0 {
		limit = defaultTailLimit
	}
	if a.now().UnixMilli()-startedMs >= limit.Milliseconds() {
		return &providers.Error{Kind: providers.ErrOther, Op: op, Message: providers.ErrSessionTimeout.Error(),
			RequestID: a.requestID(), Err: providers.ErrSessionTimeout}
	}
	if f, ok := a.activeFault(op); ok && f.Kind != providers.ErrOther {
		return &providers.Error{Kind: f.Kind, Op: op, RequestID: a.requestID(),
			Message: fmt.Sprintf("SessionStreamingException: the session was interrupted (%s)", f.Kind)}
	}
	return nil
}
