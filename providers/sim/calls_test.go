package sim_test

import (
	"testing"
	"time"

	"sync"

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

// TestConcurrentUse drives every kind of call from several goroutines
// while the clock moves; run with -race.
func TestConcurrentUse(t *testing.T) {
	a, c := newAccount(t, 13)
	ctx := t.Context()
	var wg sync.WaitGroup
	calls := []func(){
		func() { _, _ = a.ListFunctions(ctx, "") },
		func() { _, _ = a.GetFunction(ctx, "checkout-api") },
		func() { _, _ = a.AccountSettings(ctx) },
		func() { _, _ = a.ListServices(ctx, "prod-api") },
		func() { _, _ = a.ListTasks(ctx, "prod-workers", "") },
		func() { _, _ = a.Invoke(ctx, providers.InvokeRequest{Function: "payments-webhook", Tail: true}) },
		func() { _, _ = a.PutReservedConcurrency(ctx, "geo-lookup", 20) },
		func() {
			_, _ = a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-api", Service: "cart-api", ForceNewDeployment: true})
		},
		func() {
			_, _ = a.GetMetricData(ctx, providers.MetricRequest{Start: base.Add(-10 * time.Minute), End: base.Add(time.Hour), Queries: []providers.MetricQuery{
				lambdaQuery("i", "Invocations", "Sum", "FunctionName", "checkout-api"),
				lambdaQuery("d", "Duration", "p95", "FunctionName", "checkout-api"),
				lambdaQuery("a", "ClaimedAccountConcurrency", "Maximum"),
			}})
		},
		func() {
			_, _ = a.FilterLogEvents(ctx, providers.LogQuery{Group: "/aws/lambda/payments-webhook", Start: base.Add(-2 * time.Minute), Limit: 200})
		},
		func() {
			_, _ = a.FilterLogEvents(ctx, providers.LogQuery{Group: "/ecs/cart-api", Start: base.Add(-2 * time.Minute), Limit: 200})
		},
	}
	for i := range 4 {
		wg.Go(func() {
			for j := range 30 {
				calls[(i*7+j)%len(calls)]()
			}
		})
	}
	wg.Go(func() {
		for range 30 {
			c.Advance(7 * time.Second)
		}
	})
	wg.Wait()
}
