package providers

import (
	"context"
	"time"
)

// CheckStatus is the outcome of one permission check.
type CheckStatus string

// Check outcomes. Anything but denied and failed means the call was
// allowed (a resource that does not exist still proves the permission).
const (
	CheckOK          CheckStatus = "ok"
	CheckDenied      CheckStatus = "denied"      // IAM refused the action
	CheckUnavailable CheckStatus = "unavailable" // the endpoint does not offer the operation (an emulator)
	CheckFailed      CheckStatus = "failed"      // the call failed for another reason (network, throttling)
)

// PermissionCheck is one read call virga makes, tried once.
type PermissionCheck struct {
	// Action is the IAM action, e.g. "lambda:ListFunctions".
	Action string `json:"action"`
	// Feature is what needs it: "identity", "lists and detail", "metrics",
	// "logs", "live tail".
	Feature string      `json:"feature"`
	Status  CheckStatus `json:"status"`
	Message string      `json:"message,omitempty"`
	// Throttled says a failure was AWS's rate limit, not a fault.
	Throttled bool `json:"throttled,omitempty"`
}

// Diagnosis is what a backend finds out about its own access for
// `virga doctor`.
type Diagnosis struct {
	Identity Identity `json:"identity"`
	// CredentialSource names where the credentials came from, as the SDK
	// says it ("EnvConfigCredentials", "SSOProvider" ...).
	CredentialSource string `json:"credentialSource,omitempty"`
	// Endpoint is the custom endpoint in use, "" for AWS's own.
	Endpoint string            `json:"endpoint,omitempty"`
	Checks   []PermissionCheck `json:"checks"`
	// ServerTime is the Date header of an answer from AWS and ReceivedAt
	// the local clock when it arrived; zero when no answer carried one.
	ServerTime time.Time `json:"serverTime,omitzero"`
	ReceivedAt time.Time `json:"receivedAt,omitzero"`
}

// Diagnoser checks a backend's credentials and read permissions with one
// call of each read operation virga uses. It returns an error only when
// nothing could be checked (no credentials, no endpoint); a denied or
// failed call is a check in the Diagnosis.
type Diagnoser interface {
	Diagnose(ctx context.Context) (Diagnosis, error)
}
