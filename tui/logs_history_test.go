package tui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// cursorTime reads the time of the line under the cursor from the
// breadcrumb's "line 14:05:12".
func cursorTime(t *testing.T, h *harness) time.Time {
	t.Helper()
	m := regexp.MustCompile(`line (\d\d:\d\d:\d\d)`).FindStringSubmatch(h.screen())
	if m == nil {
		t.Fatalf("no cursor line:\n%s", h.screen())
	}
	at, err := time.ParseInLocation("15:04:05", m[1], time.Local)
	if err != nil {
		t.Fatal(err)
	}
	now := h.clock.Now().In(time.Local)
	at = time.Date(now.Year(), now.Month(), now.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.Local)
	if at.After(now) {
		at = at.AddDate(0, 0, -1)
	}
	return at
}

// TestTopReachesTheWholeRange: on payments-webhook (thousands of lines in
// 15 minutes), g reaches the start of the 15-minute range, every line of
// it is held once, and [ goes further back.
func TestTopReachesTheWholeRange(t *testing.T) {
	h, acct := newDemo(t, 120, 30)
	h.key(":", "type:logs payments-webhook", "enter")
	h.advance(5 * time.Second)
	now := h.clock.Now()
	h.key("g")
	top := cursorTime(t, h)
	if age := now.Sub(top); age < 14*time.Minute {
		t.Fatalf("g reaches %v, only %v back", top, age)
	}
	from, end := now.Add(-15*time.Minute).Add(time.Second), now.Add(-3*time.Second)
	sameLines(t, truth(t, acct, []string{"/aws/lambda/payments-webhook"}, from, end), held(h.logLines(), from, end))
	h.key("[")
	h.advance(5 * time.Second)
	h.key("g")
	if older := cursorTime(t, h); !older.Before(top.Add(-time.Minute)) {
		t.Fatalf("[ then g reaches %v, the range started at %v", older, top)
	}
	if strings.Contains(h.screen(), "older lines not held") {
		t.Fatal("a complete buffer is marked as cut")
	}
}

// TestSincePrompt takes what the CLI's --since takes: days, Go
// durations, times of day.
func TestSincePrompt(t *testing.T) {
	h, _ := newDemo(t, 140, 30)
	h.press(":", "type:logs checkout-api", "enter")
	h.press("s", "ctrl+u", "type:2d", "enter")
	h.mustSee("since 2d")
	h.press("s", "ctrl+u", "type:1h30m", "enter")
	h.mustSee("since 1h30m")
	h.key("s", "ctrl+u", "type:someday", "enter")
	h.mustSee("since: \"someday\" is not a duration")
}

// TestMissingGroupIsWaitedFor: a log group that does not exist yet (a
// function that never ran, an endpoint that restarted empty) does not
// stop the pane: it says so and reads the group once it is there.
func TestMissingGroupIsWaitedFor(t *testing.T) {
	h, _ := newDemo(t, 140, 30)
	h.fail("Logs.FilterLogEvents", providers.ErrNotFound, 30*time.Second)
	h.key(":", "type:logs checkout-api", "enter")
	h.advance(5 * time.Second)
	h.mustSee("does not exist (yet)", "waiting for it")
	h.mustNotSee("stopped")
	h.advance(60 * time.Second)
	h.mustSee("REPORT")
	h.mustNotSee("stopped")
}
