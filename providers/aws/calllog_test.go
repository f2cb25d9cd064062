package aws_test

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// TestCallsAndRetriesAreLogged: with a debug log, every call is logged
// with its attempts and request id, and each failed attempt the retryer
// repeats. Every request names virga in its User-Agent, for CloudTrail.
func TestCallsAndRetriesAreLogged(t *testing.T) {
	var mu sync.Mutex
	failures := 1
	agents := []string{}
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		mu.Lock()
		agents = append(agents, r.Header.Get("User-Agent"))
		fail := failures > 0
		failures--
		mu.Unlock()
		if fail {
			lambdaError(w, http.StatusServiceUnavailable, "ServiceException", "try again", nil)
			return
		}
		writeJSON(w, http.StatusOK, "application/json", map[string]any{"Functions": []any{}})
	})
	// A log destination safe for the SDK's goroutines.
	var buf testkit.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.Log, c.AppID = log, "virga/v9.9.9" })
	if _, err := p.ListFunctions(testCtx(t, 20*time.Second), ""); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`msg="aws attempt failed" service=Lambda op=ListFunctions attempt=1`, "ServiceException",
		`msg="aws call" service=Lambda op=ListFunctions`, "attempts=2", "request_id=req-fake",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, ua := range agents {
		if !strings.Contains(ua, "app/virga-v9.9.9") {
			t.Errorf("User-Agent without the app id: %q", ua)
		}
	}
}
