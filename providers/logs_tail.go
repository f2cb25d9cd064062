package providers

import (
	"errors"
	"strings"
)

// ErrSessionTimeout ends a live tail session that reached its time limit
// (CloudWatch Logs ends a Live Tail session after 3 hours with a
// SessionTimeoutException). The stream was healthy: a follower reconnects
// at once, without backing off. Providers deliver it as the Err of the
// last LogBatch, wrapped or bare; callers test it with IsSessionTimeout.
var ErrSessionTimeout = errors.New("SessionTimeoutException: live tail session reached its time limit")

// ErrTailUnavailable says an endpoint does not offer Live Tail at all
// (an emulator that answers StartLiveTail with an HTML error page): the
// caller polls instead, for good. Providers wrap it in an *Error whose
// message names the HTTP status, "Live Tail unavailable here (HTTP 404)".
var ErrTailUnavailable = errors.New("Live Tail unavailable here")

// IsSessionTimeout reports whether err ended a live tail session by its
// time limit: it wraps ErrSessionTimeout, or its message names
// SessionTimeoutException (an SDK error a provider passed through).
func IsSessionTimeout(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, ErrSessionTimeout) || strings.Contains(err.Error(), "SessionTimeoutException")
}
