package tui_test

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestAccountRuleRaisesTheSDKWall: a read_only_accounts rule is known only
// once STS names the account; the TUI must then switch the provider's own
// wall on, so even a mutating call that bypassed the TUI is refused before
// it is sent.
func TestAccountRuleRaisesTheSDKWall(t *testing.T) {
	h, _, p := newWireDemo(t, 120, 40, func(o *setup) {
		o.ReadOnlyFor = func(profile, account string) bool { return account == "123456789012" }
	})
	h.advance(time.Second)
	h.mustSee("READ-ONLY")
	_, err := p.PutReservedConcurrency(context.Background(), "image-resize", 0)
	if providers.KindOf(err) != providers.ErrReadOnly {
		t.Fatalf("the SDK wall let a mutation through: %v", err)
	}
	for _, cs := range p.Stats().Calls {
		if cs.Operation == "PutFunctionConcurrency" {
			t.Fatalf("the refused call was sent: %+v", cs)
		}
	}
}
