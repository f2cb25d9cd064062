package tui_test

import (
	"regexp"
	"strconv"
	"testing"
)

// TestFormRelativeMemory: the memory field opens with the current value
// selected; "+1024" typed over it is a change of it, and a change that
// lands out of range is refused like the value it lands on.
func TestFormRelativeMemory(t *testing.T) {
	h, _, _ := actionDemo(t, 200, 50)
	h.fnAction("orders-consumer", "e", "type:+20000", "enter")
	h.mustSee("memory 20512 is out of range: use 128 to 10240 MB")
	h.key("esc", "e", "type:+1024", "enter")
	h.mustSee("Update configuration", "→ memory 1536 MB")
}

// TestFormTypingReplacesDesired: 2 typed into the desired count of a
// service running 6 asks for 2 (it gave 62), and +2 asks for 8.
func TestFormTypingReplacesDesired(t *testing.T) {
	h, _, _ := actionDemo(t, 200, 50)
	h.key("3", "/", "type:catalog-api", "enter")
	h.key("s")
	h.mustSee("Scale service")
	cur := desiredOf(t, h.screen())
	h.key("type:2", "enter")
	h.mustSee("desired count: " + strconv.Itoa(cur) + " → 2")
	h.key("sleep:400ms", "esc", "s", "type:+2", "enter")
	h.mustSee("desired count: " + strconv.Itoa(cur) + " → " + strconv.Itoa(cur+2))
}

func desiredOf(t *testing.T, screen string) int {
	t.Helper()
	m := regexp.MustCompile(`· desired (\d+) ·`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no desired count in the form:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
