package sim_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func newLarge(tb testing.TB) (*sim.Account, *testkit.Clock) {
	c := testkit.NewClock(base)
	return sim.New(sim.Config{Seed: 99, Functions: 10_000, Services: 2_000, Now: c.Now}), c
}

// TestLargeAccount checks that 10,000 functions and 2,000 services work
// end to end; timing is left to the benchmarks.
func TestLargeAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("large account")
	}
	a, c := newLarge(t)
	ctx := t.Context()
	names := map[string]bool{}
	marker := ""
	for {
		p, err := a.ListFunctions(ctx, marker)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range p.Functions {
			names[f.Name] = true
		}
		if marker = p.Next; marker == "" {
			break
		}
	}
	if len(names) != 10_000 {
		t.Fatalf("%d distinct functions, want 10000", len(names))
	}
	st, err := a.AccountSettings(ctx)
	if err != nil || st.UnreservedConcurrency < 100 || st.FunctionCount != 10_000 {
		t.Fatalf("settings %+v %v", st, err)
	}
	cls, err := a.ListClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	services, biggest := 0, cls[0]
	for _, cl := range cls {
		services += cl.ActiveServices
		if cl.ActiveServices > biggest.ActiveServices {
			biggest = cl
		}
	}
	if services != 2_000 {
		t.Fatalf("%d services, want 2000", services)
	}
	svcs, err := a.ListServices(ctx, biggest.Name)
	if err != nil || len(svcs) != biggest.ActiveServices {
		t.Fatalf("ListServices(%s): %d, %v", biggest.Name, len(svcs), err)
	}
	c.Advance(3 * time.Hour)
	if _, err := a.ListTasks(ctx, biggest.Name, ""); err != nil {
		t.Fatal(err)
	}
	end := c.Now().Truncate(time.Minute)
	acct := series(t, a, lambdaQuery("a", "Invocations", "Sum"), end.Add(-10*time.Minute), end)
	if len(acct) != 10 {
		t.Fatalf("account-wide Invocations: %d points", len(acct))
	}
	for name := range names {
		d, err := a.GetFunction(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.FilterLogEvents(ctx, providers.LogQuery{Group: d.Function.LogGroup, Start: end.Add(-time.Hour), End: end}); err != nil {
			t.Fatal(err)
		}
		break
	}
}

func BenchmarkNew10k(b *testing.B) {
	c := testkit.NewClock(base)
	b.ReportAllocs()
	for b.Loop() {
		sim.New(sim.Config{Seed: 1, Functions: 10_000, Services: 2_000, Now: c.Now})
	}
}

// BenchmarkECSBuild2k measures the first ECS call of a 2,000-service
// account, which builds and replays the ECS history.
func BenchmarkECSBuild2k(b *testing.B) {
	c := testkit.NewClock(base)
	for b.Loop() {
		b.StopTimer()
		a := sim.New(sim.Config{Seed: 1, Functions: 40, Services: 2_000, Now: c.Now})
		b.StartTimer()
		if _, err := a.ListClusters(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkListFunctionsPage(b *testing.B) {
	a, _ := newLarge(b)
	p, _ := a.ListFunctions(b.Context(), "")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.ListFunctions(b.Context(), p.Next); err != nil {
			b.Fatal(err)
		}
	}
}

// metrics40 is the function list's refresh: 40 visible functions, five
// metrics each, the last hour at one minute.
func metrics40(tb testing.TB, a *sim.Account) providers.MetricRequest {
	p, err := a.ListFunctions(tb.Context(), "")
	if err != nil {
		tb.Fatal(err)
	}
	var qs []providers.MetricQuery
	for _, f := range p.Functions[:40] {
		qs = append(qs,
			lambdaQuery(f.Name+"/i", "Invocations", "Sum", "FunctionName", f.Name),
			lambdaQuery(f.Name+"/e", "Errors", "Sum", "FunctionName", f.Name),
			lambdaQuery(f.Name+"/t", "Throttles", "Sum", "FunctionName", f.Name),
			lambdaQuery(f.Name+"/d", "Duration", "p99", "FunctionName", f.Name),
			lambdaQuery(f.Name+"/c", "ConcurrentExecutions", "Maximum", "FunctionName", f.Name))
	}
	return providers.MetricRequest{Queries: qs, Start: base.Add(-time.Hour), End: base}
}

func BenchmarkMetrics40(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			a, _ := newAccount(b, 1)
			req := metrics40(b, a)
			b.StartTimer()
			if _, err := a.GetMetricData(b.Context(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		a, _ := newAccount(b, 1)
		req := metrics40(b, a)
		for b.Loop() {
			if _, err := a.GetMetricData(b.Context(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFilterLogEvents pages through an hour of checkout-api and reads
// the first page of an hour of clickstream-ingest, the busiest group.
func BenchmarkFilterLogEvents(b *testing.B) {
	hour := func(g string) providers.LogQuery {
		return providers.LogQuery{Group: g, Start: base.Add(-time.Hour), End: base}
	}
	b.Run("checkout-api-hour", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			a, _ := newAccount(b, 1)
			b.StartTimer()
			allEvents(b, a, hour("/aws/lambda/checkout-api"))
		}
	})
	b.Run("clickstream-first-page", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			a, _ := newAccount(b, 1)
			b.StartTimer()
			if _, err := a.FilterLogEvents(b.Context(), hour("/aws/lambda/clickstream-ingest")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("clickstream-pattern-hour", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			a, _ := newAccount(b, 1)
			q := hour("/aws/lambda/clickstream-ingest")
			q.Pattern = "level=ERROR"
			b.StartTimer()
			allEvents(b, a, q)
		}
	})
}
