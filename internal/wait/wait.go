// Package wait holds the one cancellable sleep the providers and the CLI
// share, so that no timer outlives the context that asked for it.
package wait

import (
	"context"
	"time"
)

// Sleep waits d, or less when ctx ends first; then it returns ctx.Err().
// The timer is stopped either way.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
