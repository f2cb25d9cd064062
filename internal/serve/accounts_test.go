package serve

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/providers/sim"
)

// simUpstream is the simulated account as an Upstream. The reads the
// account serves only over its wire server (one service or task, API
// documents, doctor's checks) are left nil: these tests do not make them.
type simUpstream struct {
	*sim.Account
	providers.ServiceReader
	providers.TaskReader
	providers.Describer
	providers.Diagnoser
}

func (simUpstream) Stats() providers.Stats { return providers.Stats{} }

// TestAccountsAllowOnlyListed: a session may open the server's default
// account and region and those listed; each is opened once and shared.
func TestAccountsAllowOnlyListed(t *testing.T) {
	var opened [][2]string
	open := func(_ context.Context, profile, region string) (shared.Upstream, func(), error) {
		opened = append(opened, [2]string{profile, region})
		r := region
		if r == "" {
			r = "us-east-1"
		}
		return simUpstream{Account: sim.New(sim.Config{Seed: 1, Region: r, Now: time.Now})}, func() {}, nil
	}
	a, err := OpenAccounts(t.Context(), open, shared.Config{}, nil, []string{"eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.Regions(); len(got) != 2 || got[0] != "us-east-1" || got[1] != "eu-west-1" {
		t.Fatalf("regions %v", got)
	}
	def, err := a.Cache(t.Context(), "", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := a.Cache(t.Context(), "", ""); again != def {
		t.Fatal("the default account and region got a second cache")
	}
	eu1, err := a.Cache(t.Context(), "", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if eu2, _ := a.Cache(t.Context(), "", "eu-west-1"); eu2 != eu1 || eu1 == def {
		t.Fatal("eu-west-1 is not one cache of its own")
	}
	for _, pr := range [][2]string{{"", "ap-south-1"}, {"prod-admin", ""}} {
		if _, err := a.Cache(t.Context(), pr[0], pr[1]); err == nil {
			t.Errorf("%v was allowed", pr)
		}
	}
	if len(opened) != 2 {
		t.Fatalf("opened %v, want the default and eu-west-1 once each", opened)
	}
}
