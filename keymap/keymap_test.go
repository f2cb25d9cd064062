package keymap_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/virgahq/virga/keymap"
)

func TestDefaultHasNoConflicts(t *testing.T) {
	km := keymap.Default()
	if err := km.Conflicts(); err != nil {
		t.Fatal(err)
	}
}

func TestEveryBindingHasHelpAndKeys(t *testing.T) {
	km := keymap.Default()
	for _, c := range km.Contexts() {
		for action, b := range c.Bindings {
			if len(b.Keys()) == 0 {
				t.Errorf("%s.%s has no keys", c.Name, action)
			}
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("%s.%s has no help text", c.Name, action)
			}
		}
	}
}

func TestConflictDetected(t *testing.T) {
	km := keymap.Default()
	err := km.Apply(map[string][]string{"list.down": {"k"}})
	if err == nil || !strings.Contains(err.Error(), `"k"`) {
		t.Fatalf("want a conflict on k, got %v", err)
	}
	// The failed override must leave the map unchanged.
	if got := km.List.Down.Keys(); len(got) != 2 || got[0] != "j" {
		t.Fatalf("keymap changed after a rejected override: %v", got)
	}
}

func TestGlobalCountsInListContext(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"list.filter": {"q"}}); err == nil {
		t.Fatal("binding q in list must conflict with global quit")
	}
}

func TestApplyOverride(t *testing.T) {
	km := keymap.Default()
	// The README's example (e, the old one, is the memory and timeout action).
	if err := km.Apply(map[string][]string{"list.down": {"n", "down"}, "list.up": {"ctrl+p", "up"}}); err != nil {
		t.Fatal(err)
	}
	if km.List.Down.Keys()[0] != "n" || km.List.Down.Help().Key != "n" {
		t.Fatalf("override not applied: %v", km.List.Down.Keys())
	}
	if err := km.Apply(map[string][]string{"list.nosuch": {"x"}}); err == nil {
		t.Fatal("unknown binding accepted")
	}
	if err := km.Apply(map[string][]string{"list.down": {}}); err == nil {
		t.Fatal("empty key list accepted")
	}
}

// TestDefaultsAreIndependent guards against package-level state: two
// keymaps must not share bindings.
func TestDefaultsAreIndependent(t *testing.T) {
	a, b := keymap.Default(), keymap.Default()
	a.List.Down.SetKeys("x")
	if b.List.Down.Keys()[0] == "x" {
		t.Fatal("Default returned shared state")
	}
}

// takenKeys maps every key bound in the named contexts to the binding
// that holds it ("list.up"), for tests that check a new key shadows none.
func takenKeys(km *keymap.KeyMap, contexts ...string) map[string]string {
	taken := map[string]string{}
	for _, c := range km.Contexts() {
		if !slices.Contains(contexts, c.Name) {
			continue
		}
		for a, b := range c.Bindings {
			for _, k := range b.Keys() {
				taken[k] = c.Name + "." + a
			}
		}
	}
	return taken
}
