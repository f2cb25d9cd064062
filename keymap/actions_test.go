package keymap_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/virgahq/virga/keymap"
)

// actionBindings are the keys that start a change of AWS state.
func actionBindings(km *keymap.KeyMap) map[string]*key.Binding {
	for _, c := range km.Contexts() {
		if c.Name == "actions" {
			return c.Bindings
		}
	}
	return nil
}

func TestActionKeysNeverOnEnterOrCtrl(t *testing.T) {
	km := keymap.Default()
	bs := actionBindings(&km)
	if len(bs) < 14 {
		t.Fatalf("%d action bindings", len(bs))
	}
	check := func(name string, b *key.Binding) {
		for _, k := range b.Keys() {
			if k == "enter" || strings.HasPrefix(k, "ctrl+") {
				t.Errorf("%s is bound to %q: nothing that changes AWS may sit on Enter or a ctrl-chord", name, k)
			}
		}
	}
	for n, b := range bs {
		check("actions."+n, b)
	}
	check("invoke.send", &km.Actions.Editor.Send)
	check("dialog.confirm", &km.Actions.Dialog.Confirm)
}

// The action keys are live together with the list and detail keys, so
// none may shadow them, nor use the letters other features reserve.
func TestActionKeysLeaveListDetailAndReservedKeys(t *testing.T) {
	km := keymap.Default()
	taken := takenKeys(&km, "list", "detail")
	for _, r := range []string{"m", "w", "l", "I"} {
		taken[r] = "reserved for another feature"
	}
	for n, b := range actionBindings(&km) {
		for _, k := range b.Keys() {
			if other, ok := taken[k]; ok {
				t.Errorf("actions.%s uses %q, taken by %s", n, k, other)
			}
		}
	}
}

func TestActionOverride(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"actions.kill_switch": {"K"}}); err != nil {
		t.Fatal(err)
	}
	if km.Actions.KillSwitch.Keys()[0] != "K" {
		t.Fatalf("override not applied: %v", km.Actions.KillSwitch.Keys())
	}
	if err := km.Apply(map[string][]string{"actions.scale": {"q"}}); err == nil {
		t.Fatal("binding an action to q must conflict with quit")
	}
}

func TestOverrideCannotPutAChangeOnEnterOrCtrl(t *testing.T) {
	for _, o := range []map[string][]string{
		{"dialog.confirm": {"ctrl+y"}},
		{"actions.kill_switch": {"enter"}},
		{"actions.stop_task": {"ctrl+k"}},
		{"invoke.send": {"ctrl+s"}},
	} {
		km := keymap.Default()
		if err := km.Apply(o); err == nil || !strings.Contains(err.Error(), "may not start or confirm") {
			t.Errorf("override %v accepted: %v", o, err)
		}
	}
	km := keymap.Default()
	for n, b := range km.Mutating() {
		for _, k := range b.Keys() {
			if k == "enter" || strings.HasPrefix(k, "ctrl+") {
				t.Errorf("default %s on %q", n, k)
			}
		}
	}
}
