package testkit_test

import (
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestKeyNames: a named key and a typed character read back as what a
// keymap matches.
func TestKeyNames(t *testing.T) {
	for _, k := range []string{"enter", "esc", "tab", "shift+tab", "backspace", "up", "down", "left", "right", "pgdown", "pgup", "space", "ctrl+c", "q", "/"} {
		if got := testkit.Key(k).String(); got != k {
			t.Errorf("Key(%q) reads %q", k, got)
		}
	}
}
