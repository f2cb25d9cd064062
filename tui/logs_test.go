package tui_test

import (
	"strings"
	"testing"
	"time"
)

// TestLogsFollowFunction: l on a function opens its log pane, which loads
// recent history, follows new lines, pauses with a count and resumes.
func TestLogsFollowFunction(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.press("/", "type:checkout-api", "enter", "l")
	h.mustSee("checkout-api › logs", "polling", "REPORT", "START RequestId")
	h.key("p")
	h.advance(30 * time.Second)
	h.mustSee("paused +")
	h.press("p")
	h.mustNotSee("paused +")
	h.key("esc")
	h.mustSee("functions (")
}

func TestLogsServiceAndTask(t *testing.T) {
	h, _ := newDemo(t, 160, 40)
	h.key("3", "/", "type:graphql-gateway", "enter", "l")
	h.advance(2 * time.Second)
	h.mustSee("graphql-gateway › logs", "FireLens")
	h.key("esc", "esc", "4", "l")
	h.advance(2 * time.Second)
	s := h.screen()
	if !strings.Contains(s, "logs") {
		t.Fatalf("task logs not open:\n%s", s)
	}
}
