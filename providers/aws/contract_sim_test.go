package aws_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// simAccount is a simulated account served on loopback for one test,
// with the clock it runs on: real time plus an offset the test moves
// forward, so that "update in progress" windows pass without sleeping
// while Live Tail still sees time go by.
type simAccount struct {
	*sim.Account
	clock *testkit.RunningClock
}

// fail makes every later call of op fail with an error of kind.
func (a *simAccount) fail(op string, kind providers.ErrorKind) { a.SetFault(op, sim.Fault{Kind: kind}) }

// startSim serves a fresh simulated account of 120 functions (three pages)
// on loopback, stops it when the test ends, and returns its endpoint.
func startSim(t *testing.T, opts ...server.Option) (*simAccount, string) {
	t.Helper()
	clock := &testkit.RunningClock{}
	acct := sim.New(sim.Config{Seed: 7, Functions: 120, Now: clock.Now})
	srv, err := server.Start(acct, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &simAccount{Account: acct, clock: clock}, srv.URL()
}

// TestContractSim runs the contract suite against the simulated account's
// wire server, using the demo's fixed resources.
func TestContractSim(t *testing.T) {
	acct, endpoint := startSim(t)
	now := acct.clock.Now().UTC()
	b := backendUnderTest{
		name: "sim",
		failPercentiles: func() {
			acct.SetFault("CloudWatch.GetMetricData", sim.Fault{Status: 500, Percentiles: true})
		},
		open: func(t *testing.T, mutate func(*awsprov.Config)) *awsprov.Provider {
			return newProvider(t, endpoint, func(c *awsprov.Config) {
				c.CloudWatchJSON = false // the sim speaks CBOR, the SDK default
				if mutate != nil {
					mutate(c)
				}
			})
		},
		advance: acct.clock.Advance,
		fx: fixture{
			account:      "123456789012",
			functions:    []string{"checkout-api", "payments-webhook", "image-resize", "search-indexer"},
			minFunctions: 120,
			fn:           "checkout-api", versions: []string{"1", "2", "3", "4", "5"},
			alias: "live", aliasVersion: "4", aliasWeights: map[string]float64{"5": 0.1},
			reservedFn: "image-resize", reserved: 10,
			invokeFn: "checkout-api",
			mutFn:    "checkout-api", mutAlias: "prev",

			cluster: "prod-api", service: "checkout-web", insights: "enabled", serviceFiltering: true,

			logGroup: "/aws/lambda/user-signup", logStart: now.Add(-12 * time.Minute), logEnd: now.Add(-10 * time.Minute),

			metric: providers.MetricQuery{Key: "checkout-api", Namespace: providers.NamespaceLambda, Metric: "Invocations",
				Dimensions: []providers.Dimension{{Name: "FunctionName", Value: "checkout-api"}}, Stat: "Sum", Period: time.Minute},
			metricStart: now.Truncate(time.Minute).Add(-30 * time.Minute), metricEnd: now.Truncate(time.Minute).Add(-5 * time.Minute),

			accountSettings: true,
			provisionedFn:   "search-indexer", provisionedQ: "prod", provisionedN: 20,
			eventSourceFn: "search-indexer",
			codeFn:        "orders-consumer", code: providers.CodeSource{S3Bucket: "virga-artifacts", S3Key: "orders-consumer.zip"},
			tailGroup: "/aws/lambda/clickstream-ingest",
		},
	}
	runContract(t, b)
}

// TestSimFaults checks how injected faults reach the caller through the
// wire: a throttle retried then reported, a denied optional read that only
// adds a warning, and a Live Tail session that times out.
func TestSimFaults(t *testing.T) {
	t.Run("throttled read is retried, then reported", func(t *testing.T) {
		acct, endpoint := startSim(t)
		acct.fail("Lambda.ListFunctions", providers.ErrThrottled)
		p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
		_, err := p.ListFunctions(testCtx(t, 30*time.Second), "")
		if providers.KindOf(err) != providers.ErrThrottled {
			t.Fatalf("got %v, want ErrThrottled", err)
		}
		st := p.Stats()
		if len(st.Calls) != 1 || st.Calls[0].Calls != 1 || st.Calls[0].Attempts != 3 || st.Calls[0].Throttles != 1 {
			t.Errorf("stats = %+v, want one call, three attempts, one throttle", st.Calls)
		}
	})
	t.Run("throttled action is not retried", func(t *testing.T) {
		acct, endpoint := startSim(t)
		acct.fail("ECS.UpdateService", providers.ErrThrottled)
		p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
		two := 2
		_, err := p.UpdateService(testCtx(t, 30*time.Second), providers.ServiceUpdate{Cluster: "prod-api", Service: "checkout-web", Desired: &two})
		if providers.KindOf(err) != providers.ErrThrottled {
			t.Fatalf("got %v, want ErrThrottled", err)
		}
		if st := p.Stats(); len(st.Calls) != 1 || st.Calls[0].Attempts != 1 {
			t.Errorf("stats = %+v, want a single attempt", st.Calls)
		}
	})
	t.Run("denied optional read becomes a warning", func(t *testing.T) {
		acct, endpoint := startSim(t)
		acct.fail("Lambda.ListProvisionedConcurrencyConfigs", providers.ErrAccessDenied)
		p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
		d, err := p.GetFunction(testCtx(t, 30*time.Second), "search-indexer")
		if err != nil {
			t.Fatal(err)
		}
		want := "provisioned concurrency: not permitted: lambda:ListProvisionedConcurrencyConfigs"
		if !slices.Equal(d.Warnings, []string{want}) || len(d.Provisioned) != 0 || len(d.Aliases) == 0 || len(d.EventSources) == 0 {
			t.Errorf("detail = warnings %q, %d provisioned, %d aliases, %d event sources", d.Warnings, len(d.Provisioned), len(d.Aliases), len(d.EventSources))
		}
	})
	t.Run("denied required read fails", func(t *testing.T) {
		acct, endpoint := startSim(t)
		acct.fail("ECS.ListClusters", providers.ErrAccessDenied)
		p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
		_, err := p.ListClusters(testCtx(t, 30*time.Second))
		var pe *providers.Error
		if providers.KindOf(err) != providers.ErrAccessDenied || !strings.Contains(providers.Short(err), "ecs:ListClusters") {
			t.Fatalf("got %v (%#v)", err, pe)
		}
	})
	t.Run("live tail session timeout", func(t *testing.T) {
		_, endpoint := startSim(t, server.WithLiveTailLimit(2*time.Second))
		p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
		ch, err := p.Tail(testCtx(t, 30*time.Second), providers.TailRequest{Groups: []string{"/aws/lambda/clickstream-ingest"}})
		if err != nil {
			t.Fatal(err)
		}
		batches := readBatches(t, ch, 20*time.Second)
		if len(batches) == 0 {
			t.Fatal("no batch")
		}
		last := batches[len(batches)-1]
		if last.Err == nil || !strings.Contains(providers.Short(last.Err), "live tail session ended") {
			t.Errorf("last batch = %+v, want the session timeout", last)
		}
		for _, b := range batches[:len(batches)-1] {
			if b.Err != nil || len(b.Events) == 0 {
				t.Errorf("batch before the end = %+v", b)
			}
		}
	})
}

// listQueries are the functions list's five queries for each of n
// functions of the simulated account, over the last 15 minutes.
func listQueries(acct *simAccount, t *testing.T, n int) providers.MetricRequest {
	t.Helper()
	page, err := acct.ListFunctions(t.Context(), "")
	if err != nil || len(page.Functions) < n {
		t.Fatalf("list: %v", err)
	}
	end := time.Now().Truncate(time.Minute)
	req := providers.MetricRequest{Start: end.Add(-15 * time.Minute), End: end}
	for _, f := range page.Functions[:n] {
		dims := []providers.Dimension{{Name: "FunctionName", Value: f.Name}}
		for _, q := range []struct{ metric, stat string }{
			{"Invocations", "Sum"}, {"Errors", "Sum"}, {"Throttles", "Sum"}, {"Duration", "p95"}, {"ConcurrentExecutions", "Maximum"},
		} {
			req.Queries = append(req.Queries, providers.MetricQuery{Key: f.Name + "/" + q.stat + "/" + q.metric,
				Namespace: providers.NamespaceLambda, Metric: q.metric, Stat: q.stat, Dimensions: dims, Period: time.Minute})
		}
	}
	return req
}

// TestFailingQueriesCostIsBounded: with every percentile failing for 40
// functions, the first request spends at most 1+24 calls finding them and
// keeps every other series; the next requests take one call; after the
// failures are forgotten they are tried again.
func TestFailingQueriesCostIsBounded(t *testing.T) {
	acct, endpoint := startSim(t)
	acct.SetFault("CloudWatch.GetMetricData", sim.Fault{Status: 500, Percentiles: true})
	clock := testkit.NewClock(time.Now())
	p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON, c.Now = false, clock.Now })
	req := listQueries(acct, t, 40)

	check := func(round string, res providers.MetricResult) {
		t.Helper()
		var failed, good int
		for i, s := range res.Series {
			q := req.Queries[i]
			switch {
			case s.Key != q.Key:
				t.Fatalf("%s: series %d is %q, want %q", round, i, s.Key, q.Key)
			case q.Stat == "p95":
				if s.Status != "InternalError" || !strings.Contains(s.Message, "CloudWatch answered HTTP 500") {
					t.Fatalf("%s: %s = %+v, want InternalError", round, s.Key, s)
				}
				failed++
			case s.Status != "Complete":
				t.Fatalf("%s: %s = %+v, want Complete", round, s.Key, s)
			default:
				good++
			}
		}
		if failed != 40 || good != 160 {
			t.Fatalf("%s: %d failed, %d good", round, failed, good)
		}
	}
	res, err := p.GetMetricData(testCtx(t, 60*time.Second), req)
	if err != nil {
		t.Fatal(err)
	}
	check("first", res)
	if res.Calls > 1+24 {
		t.Errorf("finding the failing queries took %d calls, want at most 25", res.Calls)
	}
	t.Logf("first request: %d calls", res.Calls)
	for range 3 {
		clock.Advance(time.Minute)
		res, err = p.GetMetricData(testCtx(t, 60*time.Second), req)
		if err != nil {
			t.Fatal(err)
		}
		check("next", res)
		if res.Calls != 1 {
			t.Fatalf("a later request took %d calls, want 1", res.Calls)
		}
	}
	// Once forgotten, they are tried again: the fault is gone by then.
	acct.SetFault("CloudWatch.GetMetricData", sim.Fault{})
	clock.Advance(11 * time.Minute)
	wantAllComplete(t, p, req, "after the fault ended and the failures were forgotten")
}

// TestServerOutageFailsTheWholeRequest: when the server fails every call,
// the request fails as a whole after a handful of calls, and nothing is
// remembered as a failing query.
func TestServerOutageFailsTheWholeRequest(t *testing.T) {
	acct, endpoint := startSim(t)
	acct.SetFault("CloudWatch.GetMetricData", sim.Fault{Status: 502})
	p := newProvider(t, endpoint, func(c *awsprov.Config) { c.CloudWatchJSON = false })
	req := listQueries(acct, t, 10)
	res, err := p.GetMetricData(testCtx(t, 60*time.Second), req)
	if err == nil || !strings.Contains(providers.Short(err), "CloudWatch answered HTTP 502") {
		t.Fatalf("err = %v, want the whole request to fail with HTTP 502", err)
	}
	// One call, then one per statistic (4) to learn that all fail.
	if res.Calls > 5 {
		t.Errorf("an outage cost %d calls, want at most 5", res.Calls)
	}
	acct.SetFault("CloudWatch.GetMetricData", sim.Fault{})
	wantAllComplete(t, p, req, "a query was remembered as failing after an outage")
}

// wantAllComplete reads req again and fails, saying why, unless every
// series came back complete.
func wantAllComplete(t *testing.T, p *awsprov.Provider, req providers.MetricRequest, why string) {
	t.Helper()
	res, err := p.GetMetricData(testCtx(t, 60*time.Second), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Series {
		if s.Status != "Complete" {
			t.Fatalf("%s: %+v", why, s)
		}
	}
}
