package keymap_test

import (
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/virgahq/virga/keymap"
)

// The metrics bindings are active alongside other contexts: Open and
// Window in the resource tables, Wider and Narrower in the metrics
// screens, which scroll with the detail bindings. None may shadow a key
// of the context it shares.
func TestMetricsKeysDoNotShadowSharedContexts(t *testing.T) {
	km := keymap.Default()
	check := func(shared string, bs ...key.Binding) {
		t.Helper()
		taken := takenKeys(&km, shared, "global")
		for _, b := range bs {
			for _, k := range b.Keys() {
				if prev, ok := taken[k]; ok {
					t.Errorf("metrics key %q is also %s", k, prev)
				}
			}
		}
	}
	check("list", km.Metrics.Open, km.Metrics.Window)
	check("detail", km.Metrics.Wider, km.Metrics.Narrower)
}
