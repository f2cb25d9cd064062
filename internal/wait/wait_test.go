package wait_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/wait"
)

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	// An hour would hang the test if the cancelled context were ignored.
	if err := wait.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
}

func TestSleepReturnsNilWhenTheTimeIsUp(t *testing.T) {
	if err := wait.Sleep(t.Context(), time.Millisecond); err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
}
