package aws_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
)

// listQueries are the functions list's five queries for each of n
// functions of the simulated account, over the last 15 minutes.
func listQueries(acct *sim.Account, t *testing.T, n int) providers.MetricRequest {
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

// fakeNow is a clock the test moves.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeNow) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeNow) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestFailingQueriesCostIsBounded: with every percentile failing for 40
// functions, the first request spends at most 1+24 calls finding them and
// keeps every other series; the next requests take one call; after the
// failures are forgotten they are tried again.
func TestFailingQueriesCostIsBounded(t *testing.T) {
	acct, _, endpoint := startSim(t)
	acct.SetFault("CloudWatch.GetMetricData", sim.Fault{Status: 500, Percentiles: true})
	clock := &fakeNow{t: time.Now()}
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
		clock.add(time.Minute)
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
	clock.add(11 * time.Minute)
	wantAllComplete(t, p, req, "after the fault ended and the failures were forgotten")
}

// TestServerOutageFailsTheWholeRequest: when the server fails every call,
// the request fails as a whole after a handful of calls, and nothing is
// remembered as a failing query.
func TestServerOutageFailsTheWholeRequest(t *testing.T) {
	acct, _, endpoint := startSim(t)
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
