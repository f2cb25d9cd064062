package keymap_test

import (
	"strings"
	"testing"

	"github.com/virgahq/virga/keymap"
)

// TestOverridesThatShadowAreRefused: each override binds a key that
// another binding active at the same time already has, so the TUI would
// run only one of them. Checking contexts one by one let them through.
func TestOverridesThatShadowAreRefused(t *testing.T) {
	for _, c := range []struct {
		name, key, other string
	}{
		{"metrics.open", "d", "list.detail"},          // the functions table
		{"actions.invoke", "l", "logs.open"},          // the functions table
		{"list.up", "e", "actions.configure"},         // the README's old example
		{"metrics.wider", "g", "detail.top"},          // a metrics screen
		{"logs.pause", "q", "global.quit"},            // a log pane
		{"journal.copy_revert", "G", "list.bottom"},   // the journal
		{"raw.copy_name", "q", "help.close"},          // the raw view
		{"actions.kill_switch", "s", "actions.scale"}, // the EKS pods table: delete pod and scale
		{"detail.top", "l", "logs.open"},              // the EKS pod detail
		{"logs.pause", "l", "logs.open"},              // a pod's log pane: CloudWatch
	} {
		km := keymap.Default()
		err := km.Apply(map[string][]string{c.name: {c.key}})
		if err == nil || !strings.Contains(err.Error(), c.other) {
			t.Errorf("%s: %s accepted or not blamed on %s: %v", c.name, c.key, c.other, err)
		}
	}
}

// TestEveryBindingIsInAScope: a binding no scope lists would escape the
// conflict check.
func TestEveryBindingIsInAScope(t *testing.T) {
	km := keymap.Default()
	in := map[string]bool{}
	for _, s := range km.Scopes() {
		for n, b := range s.Bindings {
			if b == nil {
				t.Errorf("scope %q names %s, which does not exist", s.Name, n)
			}
			in[n] = true
		}
	}
	for _, c := range km.Contexts() {
		for a := range c.Bindings {
			if !in[c.Name+"."+a] {
				t.Errorf("%s.%s is in no scope", c.Name, a)
			}
		}
	}
}

// TestSeparateScopesMayShareKeys: a points an alias in the functions
// table; a log pane may pause on it, they are never active together.
func TestSeparateScopesMayShareKeys(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"logs.pause": {"a"}}); err != nil {
		t.Fatal(err)
	}
}
