package sim_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// snapshot reads everything a view shows, for comparison.
type snapshot struct {
	Functions []providers.Function
	Details   []providers.FunctionDetail
	Clusters  []providers.Cluster
	Services  [][]providers.Service
	Tasks     [][]providers.Task
	Metrics   providers.MetricResult
	Logs      [][]providers.LogEvent
}

func takeSnapshot(t *testing.T, a *sim.Account, now time.Time) snapshot {
	t.Helper()
	ctx := t.Context()
	var s snapshot
	marker := ""
	for {
		p, err := a.ListFunctions(ctx, marker)
		if err != nil {
			t.Fatal(err)
		}
		s.Functions = append(s.Functions, p.Functions...)
		if marker = p.Next; marker == "" {
			break
		}
	}
	for _, name := range []string{"checkout-api", "search-indexer", "orders-consumer", "payments-webhook"} {
		d, err := a.GetFunction(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		s.Details = append(s.Details, d)
	}
	var err error
	if s.Clusters, err = a.ListClusters(ctx); err != nil {
		t.Fatal(err)
	}
	for _, cl := range s.Clusters {
		svcs, err := a.ListServices(ctx, cl.Name)
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := a.ListTasks(ctx, cl.Name, "")
		if err != nil {
			t.Fatal(err)
		}
		s.Services, s.Tasks = append(s.Services, svcs), append(s.Tasks, tasks)
	}
	var qs []providers.MetricQuery
	for _, fn := range []string{"checkout-api", "clickstream-ingest", "search-indexer", "report-generator"} {
		qs = append(qs,
			lambdaQuery(fn+"i", "Invocations", "Sum", "FunctionName", fn),
			lambdaQuery(fn+"d", "Duration", "p99", "FunctionName", fn),
			lambdaQuery(fn+"c", "ConcurrentExecutions", "Maximum", "FunctionName", fn))
	}
	qs = append(qs, lambdaQuery("acct", "Invocations", "Sum"),
		providers.MetricQuery{Key: "cpu", Namespace: providers.NamespaceECS, Metric: "CPUUtilization", Stat: "Average", Period: time.Minute,
			Dimensions: dims("ClusterName", "prod-api", "ServiceName", "checkout-web")})
	if s.Metrics, err = a.GetMetricData(ctx, providers.MetricRequest{Queries: qs, Start: now.Add(-30 * time.Minute), End: now}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"/aws/lambda/checkout-api", "/aws/lambda/legacy-cron", "/aws/lambda/user-signup", "/ecs/checkout-web", "/ecs/pdf-renderer"} {
		s.Logs = append(s.Logs, allEvents(t, a, providers.LogQuery{Group: g, Start: now.Add(-20 * time.Minute), End: now}))
	}
	return s
}

func TestDeterminism(t *testing.T) {
	a, ca := newAccount(t, 42)
	b, cb := newAccount(t, 42)
	if !reflect.DeepEqual(takeSnapshot(t, a, ca.Now()), takeSnapshot(t, b, cb.Now())) {
		t.Fatal("same seed and clock gave different data")
	}
	// The same clock readings keep them equal as ECS evolves, whatever
	// the steps the clocks took to get there.
	for range 7 {
		ca.Advance(time.Minute)
		if _, err := a.ListServices(t.Context(), "prod-api"); err != nil {
			t.Fatal(err)
		}
	}
	cb.Advance(7 * time.Minute)
	if !reflect.DeepEqual(takeSnapshot(t, a, ca.Now()), takeSnapshot(t, b, cb.Now())) {
		t.Fatal("same seed and clock readings gave different data after advancing")
	}
	c, cc := newAccount(t, 43)
	cc.Advance(7 * time.Minute)
	sa, sc := takeSnapshot(t, a, ca.Now()), takeSnapshot(t, c, cc.Now())
	if reflect.DeepEqual(sa.Metrics, sc.Metrics) || reflect.DeepEqual(sa.Logs, sc.Logs) || reflect.DeepEqual(sa.Functions, sc.Functions) {
		t.Fatal("different seeds gave the same data")
	}
}
