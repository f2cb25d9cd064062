package testkit_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestBufferKeepsConcurrentWrites: writes from several goroutines while
// another reads all arrive whole (run with -race).
func TestBufferKeepsConcurrentWrites(t *testing.T) {
	var b testkit.Buffer
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				_, _ = b.Write([]byte("ab"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if got := b.String(); len(got) != 800 || strings.Count(got, "ab") != 400 {
		t.Errorf("got %d bytes, %d whole writes; want 800, 400", len(got), strings.Count(got, "ab"))
	}
}
