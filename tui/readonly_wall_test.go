package tui_test

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
	"github.com/virgahq/virga/tui"
)

// TestAccountRuleRaisesTheSDKWall: a read_only_accounts rule is known only
// once STS names the account; the TUI must then switch the provider's own
// wall on, so even a mutating call that bypassed the TUI is refused before
// it is sent.
func TestAccountRuleRaisesTheSDKWall(t *testing.T) {
	c := testkit.NewClock(start)
	acct := sim.New(sim.Config{Seed: 1, Now: c.Now})
	srv, err := server.Start(acct)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	p, err := awsprov.New(context.Background(), awsprov.Config{Region: "us-east-1", EndpointURL: srv.URL(), AccessKeyID: "a", SecretAccessKey: "b"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	h := newHarness(t, p, c, 120, 40, func(o *tui.Options) {
		o.ReadOnlyFor = func(profile, account string) bool { return account == "123456789012" }
	})
	h.advance(time.Second)
	h.mustSee("READ-ONLY")
	_, err = p.PutReservedConcurrency(context.Background(), "image-resize", 0)
	if providers.KindOf(err) != providers.ErrReadOnly {
		t.Fatalf("the SDK wall let a mutation through: %v", err)
	}
	for _, cs := range p.Stats().Calls {
		if cs.Operation == "PutFunctionConcurrency" {
			t.Fatalf("the refused call was sent: %+v", cs)
		}
	}
}
