package tui_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// counting is the simulated account, which counts the calls it receives
// (sim.Account.Calls), plus a record of every GetMetricData request, for
// cost budgets.
type counting struct {
	onAccount
	mu         sync.Mutex
	metricReqs []providers.MetricRequest
}

// n is how many times op ("Lambda.ListFunctions") was called.
func (c *counting) n(op string) int { return c.Calls(op) }

// total is how many calls of any operation were made.
func (c *counting) total() int { return c.TotalCalls() }

func (c *counting) GetMetricData(ctx context.Context, r providers.MetricRequest) (providers.MetricResult, error) {
	c.mu.Lock()
	c.metricReqs = append(c.metricReqs, r)
	c.mu.Unlock()
	return c.Account.GetMetricData(ctx, r)
}

func newCountingDemo(t *testing.T, w, h int, opts ...harnessOpt) (*harness, *counting) {
	t.Helper()
	be := &counting{}
	hs, _ := newDemo(t, w, h, append(opts, over(be))...)
	return hs, be
}

// allOps are the simulated account's operation names (for faults that hit
// every call, as expired credentials do).
var allOps = []string{"STS.GetCallerIdentity", "Lambda.ListFunctions", "Lambda.GetFunction",
	"Lambda.GetAccountSettings", "ECS.ListClusters", "ECS.ListServices", "ECS.ListTasks",
	"CloudWatch.GetMetricData", "Logs.FilterLogEvents"}

func TestExpiredCredentialsPauseEverything(t *testing.T) {
	h, be := newCountingDemo(t, 200, 50)
	h.advance(2 * time.Minute)
	for _, op := range allOps {
		be.SetFault(op, sim.Fault{Kind: providers.ErrCredentials})
	}
	h.advance(2 * time.Minute) // the next polls discover the expiry
	h.mustSee("credentials expired · polling paused", "checkout-api")
	before := be.total()
	h.advance(10 * time.Minute)
	if got := be.total() - before; got != 0 {
		t.Fatalf("%d calls while credentials were expired, want none", got)
	}
	if n := strings.Count(h.screen(), "credentials expired"); n != 1 {
		t.Fatalf("want one banner, screen shows %d", n)
	}
	// After `aws sso login`, ctrl+r resumes.
	for _, op := range allOps {
		be.SetFault(op, sim.Fault{})
	}
	h.key("ctrl+r")
	h.advance(2 * time.Second)
	h.mustNotSee("credentials expired")
	if be.total() == before {
		t.Fatal("ctrl+r did not resume polling")
	}
}

func TestMetricsDeniedKeepsFunctionsAndNamesAction(t *testing.T) {
	h, _ := loaded(t, 200, 50, failing("CloudWatch.GetMetricData", providers.ErrAccessDenied))
	h.mustSee("checkout-api", "payments-webhook", "n/a", "cloudwatch:GetMetricData")
	h.press("/", "type:checkout-api", "enter", "enter")
	h.mustSee("Runtime", "cloudwatch:GetMetricData")
}

func TestHiddenViewsMakeNoCalls(t *testing.T) {
	h, be := newCountingDemo(t, 120, 40)
	h.advance(2 * time.Minute)
	h.key("2") // clusters: functions and their metrics are hidden now
	h.advance(time.Second)
	fnCalls, metricCalls := be.n("Lambda.ListFunctions"), be.n("CloudWatch.GetMetricData")
	h.advance(10 * time.Minute)
	if be.n("Lambda.ListFunctions") != fnCalls || be.n("CloudWatch.GetMetricData") != metricCalls {
		t.Fatalf("hidden functions view made calls: ListFunctions %d->%d, GetMetricData %d->%d",
			fnCalls, be.n("Lambda.ListFunctions"), metricCalls, be.n("CloudWatch.GetMetricData"))
	}
	if be.n("ECS.ListClusters") < 10 {
		t.Fatalf("the visible clusters view should keep polling, made %d calls", be.n("ECS.ListClusters"))
	}
}

func TestMetricsFetchedOncePerPeriod(t *testing.T) {
	h, be := newCountingDemo(t, 120, 40)
	h.advance(2 * time.Second)
	first := be.n("CloudWatch.GetMetricData")
	// Moving around rows that are already fresh costs nothing.
	for range 20 {
		h.key("j")
	}
	for range 20 {
		h.key("k")
	}
	h.advance(time.Second)
	if got := be.n("CloudWatch.GetMetricData"); got != first {
		t.Fatalf("cursor moves over fresh rows made %d metric calls", got-first)
	}
	// Ten minutes of polling: about one call per minute.
	h.advance(10 * time.Minute)
	if got := be.n("CloudWatch.GetMetricData") - first; got < 9 || got > 11 {
		t.Fatalf("%d GetMetricData calls in 10 minutes, want about 10", got)
	}
}

func TestIdleSlowsPolling(t *testing.T) {
	h, be := newCountingDemo(t, 120, 40)
	h.key("2")
	h.advance(11 * time.Minute) // past the idle threshold
	before := be.n("ECS.ListClusters")
	h.advance(10 * time.Minute)
	idle := be.n("ECS.ListClusters") - before
	h.key("j") // the user is back
	before = be.n("ECS.ListClusters")
	h.advance(10 * time.Minute)
	active := be.n("ECS.ListClusters") - before
	if idle*3 > active {
		t.Fatalf("idle polling should be much slower: %d calls idle vs %d active over 10 minutes", idle, active)
	}
}
