package sim_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func TestCallsAreCounted(t *testing.T) {
	a := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) }})
	ctx := t.Context()
	if len(a.Mutations()) != 0 || a.TotalMutations() != 0 {
		t.Fatal("a new account has mutations")
	}
	_, _ = a.ListClusters(ctx)
	_, _ = a.PutReservedConcurrency(ctx, "image-resize", 5)
	a.SetFault("ECS.StopTask", sim.Fault{Kind: providers.ErrThrottled})
	_, _ = a.StopTask(ctx, "prod-api", "nope", "test")
	if a.Calls("ECS.ListClusters") != 1 || a.Calls("Lambda.PutFunctionConcurrency") != 1 {
		t.Fatalf("calls: %d %d", a.Calls("ECS.ListClusters"), a.Calls("Lambda.PutFunctionConcurrency"))
	}
	m := a.Mutations()
	if len(m) != 2 || m["ECS.StopTask"] != 1 || m["ECS.ListClusters"] != 0 {
		t.Fatalf("mutations (a faulted call counts, a read does not): %v", m)
	}
	if n := a.TotalMutations(); n != 2 {
		t.Fatalf("TotalMutations = %d, want 2 (one per mutation, all operations together)", n)
	}
}
