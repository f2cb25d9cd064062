package sim_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// TestRunsDifferInRequestIDsNotInStoredDates: two demo runs of the same
// seed started minutes apart hand out different request ids (each AWS
// request has its own), while what the account stores (LastModified of
// functions and versions, service creation) reads the same in both.
func TestRunsDifferInRequestIDsNotInStoredDates(t *testing.T) {
	first := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return base }})
	later := base.Add(7 * time.Minute)
	second := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return later }})

	ids := map[string]int{}
	for i, a := range []*sim.Account{first, second} {
		for range 3 {
			res, err := a.Invoke(t.Context(), providers.InvokeRequest{Function: "checkout-api", Payload: []byte(`{}`)})
			if err != nil {
				t.Fatal(err)
			}
			if prev, dup := ids[res.RequestID]; dup {
				t.Fatalf("run %d repeats request id %s of run %d", i+1, res.RequestID, prev+1)
			}
			ids[res.RequestID] = i
		}
	}

	for _, name := range []string{"checkout-api", "search-indexer", "image-resize"} {
		a, _ := first.GetFunction(t.Context(), name)
		b, _ := second.GetFunction(t.Context(), name)
		if !a.Function.LastModified.Equal(b.Function.LastModified) {
			t.Errorf("%s: LastModified %s in one run, %s in a run 7 minutes later", name, a.Function.LastModified, b.Function.LastModified)
		}
		if !a.Function.LastModified.Before(base.Add(-24 * time.Hour)) {
			t.Errorf("%s: LastModified %s is not in the past", name, a.Function.LastModified)
		}
		for i := range a.Versions {
			if !a.Versions[i].LastModified.Equal(b.Versions[i].LastModified) {
				t.Errorf("%s version %s: LastModified moved between runs", name, a.Versions[i].Version)
			}
		}
	}
	sa, _ := first.ListServices(t.Context(), "prod-api")
	sb, _ := second.ListServices(t.Context(), "prod-api")
	for i := range sa {
		if !sa[i].CreatedAt.Equal(sb[i].CreatedAt) {
			t.Errorf("service %s: created %s and %s", sa[i].Name, sa[i].CreatedAt, sb[i].CreatedAt)
		}
	}
}
