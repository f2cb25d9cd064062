package testkit_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestBufferWritesFromGoroutines: writes from several goroutines all
// arrive, and reading while they write is safe (run with -race).
func TestBufferWritesFromGoroutines(t *testing.T) {
	var b testkit.Buffer
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprintf(&b, "%d;", i)
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := strings.Count(b.String(), ";"); n != 400 {
		t.Fatalf("%d writes arrived, want 400", n)
	}
}
