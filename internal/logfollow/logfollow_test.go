package logfollow_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/internal/logfollow"
)

// TestRetryDoublesToItsCap: the wait doubles with each failure in a row
// and stops growing at 32 s.
func TestRetryDoublesToItsCap(t *testing.T) {
	for n, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		6: 32 * time.Second, 7: 32 * time.Second, 100: 32 * time.Second} {
		if got := logfollow.Retry(n); got != want {
			t.Errorf("Retry(%d) = %v, want %v", n, got, want)
		}
	}
}
