// Package palette is the ":" command palette and the profile and region
// pickers: the commands and what completes their arguments, the pickers'
// choices, the overlay they share and the connection a switch of profile
// or region opens (checked before the root swaps the backend for it).
// The root opens them, runs what a
// finished one asks for, and reaches them only through their methods;
// they reach the root only through Host.
package palette

import (
	"context"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
)

// Host is what the palette and the pickers need from the program around
// them.
type Host interface {
	screen.Env
	// Identity is the profile and region in use, marked "current" in the
	// pickers and kept by a switch that changes only the other.
	Identity() providers.Identity
	// Context and CallTimeout bound a switch, which may wait for an MFA
	// code longer than one call.
	Context() context.Context
	CallTimeout() time.Duration
}
