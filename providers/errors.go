package providers

import (
	"errors"
	"fmt"
	"time"
)

// ErrorKind classifies a provider error by what the user can do about it.
type ErrorKind uint8

// Error kinds. The tui treats ErrThrottled as "stale", not as an error,
// pauses polling on ErrCredentials, and names the IAM action on
// ErrAccessDenied.
const (
	ErrOther ErrorKind = iota
	ErrThrottled
	ErrAccessDenied
	ErrCredentials
	ErrNotFound
	ErrRegionDisabled
	ErrConflict
	ErrInvalid
	ErrNetwork
	ErrReadOnly
)

// String names the kind for logs and tests.
func (k ErrorKind) String() string {
	switch k {
	case ErrThrottled:
		return "throttled"
	case ErrAccessDenied:
		return "access denied"
	case ErrCredentials:
		return "credentials"
	case ErrNotFound:
		return "not found"
	case ErrRegionDisabled:
		return "region not enabled"
	case ErrConflict:
		return "conflict"
	case ErrInvalid:
		return "invalid"
	case ErrNetwork:
		return "network"
	case ErrReadOnly:
		return "read-only"
	default:
		return "error"
	}
}

// Error is a provider failure turned into something a person can act on.
type Error struct {
	Kind ErrorKind
	// Op is "Service.Operation", e.g. "Lambda.ListFunctions".
	Op string
	// Action is the IAM action that was denied, e.g. "lambda:ListFunctions".
	Action string
	// Message is short and actionable: "run: aws sso login --profile prod".
	Message    string
	RequestID  string
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Op == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Op, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of err, or ErrOther when err is not an *Error.
func KindOf(err error) ErrorKind {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return ErrOther
}

// Short returns the message to show for err without the operation prefix
// when err is an *Error, or err.Error() otherwise.
func Short(err error) string {
	var pe *Error
	if errors.As(err, &pe) && pe.Message != "" {
		return pe.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
