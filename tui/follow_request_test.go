package tui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestInvokeThenFollowTheRequestInLogs goes through the real hook: after a
// synchronous invocation, L opens the function's log pane showing that
// request's lines only.
func TestInvokeThenFollowTheRequestInLogs(t *testing.T) {
	h, _ := newDemo(t, 160, 40)
	h.key("/", "type:checkout-api", "enter", "i", "s", "sleep:400ms", "tab", "y")
	m := regexp.MustCompile(`request ([0-9a-f-]{36})`).FindStringSubmatch(h.screen())
	if m == nil {
		t.Fatalf("no request id after the invocation:\n%s", h.screen())
	}
	rid := m[1]
	h.advance(time.Minute) // the invocation's minute ends; its lines are in
	h.key("L")
	h.advance(3 * time.Second)
	h.mustSee("checkout-api › logs › request "+rid[:8], "REPORT")
	for _, line := range strings.Split(h.screen(), "\n")[3:] {
		if strings.Contains(line, "RequestId") && !strings.Contains(line, rid) {
			t.Fatalf("a line of another request is shown: %q\n%s", line, h.screen())
		}
	}
}
