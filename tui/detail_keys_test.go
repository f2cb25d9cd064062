package tui_test

import (
	"testing"
)

// TestFullScreenDetailTakesSelectionKeys: under 120 columns the detail
// replaces the table; the selection's keys work there as from the table.
func TestFullScreenDetailTakesSelectionKeys(t *testing.T) {
	for _, tc := range []struct {
		key, want string
	}{
		{"l", "checkout-api › logs"},
		{"I", "invocations"},
		{"m", "metrics"},
		{"i", "invoke"},
		{"c", "Reserved concurrency"},
		{"e", "memory"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			h, _, _ := actionDemo(t, 80, 24)
			h.key("/", "type:checkout-api", "enter", "enter")
			h.mustSee("Configuration")
			h.press(tc.key)
			h.mustSee(tc.want)
		})
	}
}

// TestTaskDetailTakesSelectionKeys: the same for a task's detail.
func TestTaskDetailTakesSelectionKeys(t *testing.T) {
	h, _, _ := actionDemo(t, 80, 24)
	h.press("4", "enter")
	h.mustSee("Task")
	h.press("l")
	h.mustSee("logs")
	h.key("q")
	h.key("S")
	h.mustSee("Stop task")
}
