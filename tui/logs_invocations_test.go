package tui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// firstInvocation is the request id in the first row of the invocations
// table.
func firstInvocation(t *testing.T, h *harness) string {
	t.Helper()
	for _, row := range strings.Split(h.screen(), "\n") {
		if m := regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3}\s+([0-9a-f-]{36})`).FindStringSubmatch(row); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no invocation row:\n%s", h.screen())
	return ""
}

// TestInvocationsShowNewRows: on the newest row, new invocations appear
// above it and the cursor stays on the newest, however many arrive;
// g and G are described the way the list runs (newest first).
func TestInvocationsShowNewRows(t *testing.T) {
	h, _ := newDemo(t, 160, 30)
	h.key("/", "type:checkout-api", "enter", "I")
	h.advance(3 * time.Second)
	before := firstInvocation(t, h)
	h.advance(45 * time.Second)
	after := firstInvocation(t, h)
	if after == before {
		t.Fatalf("no new row after 45 s on a busy function:\n%s", h.screen())
	}
	crumbs := strings.Split(h.screen(), "\n")[1]
	if !regexp.MustCompile(`\s1/\d{3,}\s*$`).MatchString(crumbs) {
		t.Fatalf("the cursor left the newest row: %q", crumbs)
	}
	h.key("?")
	h.mustSee("newest invocation", "oldest invocation")
}

// TestMergedInvocationsNameTheirFunction: invocations of a pane that
// merges functions say whose each one is.
func TestMergedInvocationsNameTheirFunction(t *testing.T) {
	h, _ := newDemo(t, 200, 40)
	h.key(":", "type:logs checkout-api payments-webhook", "enter")
	h.advance(2 * time.Second)
	h.key("I")
	h.advance(2 * time.Second)
	h.mustSee("FUNCTION", "checkout-api", "payments-webhook")
}

// TestLogsCommandSaysWhatItLeavesOut: a pane merges at most ten
// functions; an eleventh is named, not dropped silently.
func TestLogsCommandSaysWhatItLeavesOut(t *testing.T) {
	h, _ := newDemo(t, 200, 40)
	names := "checkout-api payments-webhook orders-consumer image-resize auth-authorizer nightly-report search-indexer ddb-stream-projector clickstream-ingest legacy-cron user-signup"
	h.key(":", "type:logs "+names, "enter")
	h.mustSee("a pane merges at most 10 functions: left out user-signup")
}
