package keymap_test

import (
	"testing"

	"github.com/virgahq/virga/keymap"
)

// TestLogOpenersFreeInList: l and I open the log and invocations screens
// from the resource tables, so they must not collide with a list or
// global binding.
func TestLogOpenersFreeInList(t *testing.T) {
	km := keymap.Default()
	taken := takenKeys(&km, "list", "global")
	for _, b := range []string{"l", "I"} {
		if prev, ok := taken[b]; ok {
			t.Errorf("%q opens logs but is bound to %s", b, prev)
		}
	}
	if km.Logs.Open.Keys()[0] != "l" || km.Logs.Invocations.Keys()[0] != "I" {
		t.Fatal("reserved letters changed")
	}
}
