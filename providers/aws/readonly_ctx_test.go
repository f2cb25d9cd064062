package aws_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestReadOnlyContextWallsOneCaller checks the per-call wall: a Provider
// that may act refuses a mutating call whose context is marked read-only,
// sends nothing for it, and still lets an unmarked call through.
func TestReadOnlyContextWallsOneCaller(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		writeJSON(w, 200, "application/json", map[string]any{"ReservedConcurrentExecutions": 3})
	})
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 10*time.Second)

	_, err := p.PutReservedConcurrency(providers.WithReadOnly(ctx), "f", 3)
	if providers.KindOf(err) != providers.ErrReadOnly {
		t.Fatalf("marked call: got %v, want ErrReadOnly", err)
	}
	if got := f.requests(); len(got) != 0 {
		t.Fatalf("a marked call was sent: %v", got)
	}
	if _, err := p.ListFunctions(providers.WithReadOnly(ctx), ""); err != nil {
		t.Fatalf("a marked read failed: %v", err)
	}
	if _, err := p.PutReservedConcurrency(ctx, "f", 3); err != nil {
		t.Fatalf("unmarked call: %v", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("server got %d requests, want 2 (the read and the unmarked call)", n)
	}
}
