package sim_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// The metrics screens (function, canary, provisioned, triggers, account
// pool, Fargate) read these series; the demo only fills every pane if the
// model produces them, consistently with one another.

func sumOf(m map[time.Time]float64) float64 {
	t := 0.0
	for _, v := range m {
		t += v
	}
	return t
}

// TestCanaryVersionsAddUp: the versions behind checkout-api's weighted
// alias (ExecutedVersion) add up to the function's invocations, split
// near the configured 90/10, with the canary erroring more.
func TestCanaryVersionsAddUp(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-15 * time.Minute)
	all := series(t, a, lambdaQuery("all", "Invocations", "Sum", "FunctionName", "checkout-api"), start, end)
	byVersion := map[string]map[time.Time]float64{}
	errRate := map[string]float64{}
	for _, v := range []string{"4", "5"} {
		kv := []string{"FunctionName", "checkout-api", "Resource", "checkout-api:live", "ExecutedVersion", v}
		byVersion[v] = series(t, a, lambdaQuery("inv"+v, "Invocations", "Sum", kv...), start, end)
		errs := series(t, a, lambdaQuery("err"+v, "Errors", "Sum", kv...), start, end)
		errRate[v] = sumOf(errs) / sumOf(byVersion[v])
		if p95 := series(t, a, lambdaQuery("p95"+v, "Duration", "p95", kv...), start, end); len(p95) == 0 {
			t.Errorf("no p95 duration for executed version %s", v)
		}
	}
	for m, n := range all {
		if got := byVersion["4"][m] + byVersion["5"][m]; got != n {
			t.Fatalf("%s: versions add up to %v, function has %v", m.Format("15:04"), got, n)
		}
	}
	share := sumOf(byVersion["5"]) / sumOf(all)
	if share < 0.07 || share > 0.13 {
		t.Errorf("canary share %.3f, want near the configured 10%%", share)
	}
	if errRate["5"] < 3*errRate["4"] {
		t.Errorf("canary error rate %.4f should be well above the primary's %.4f", errRate["5"], errRate["4"])
	}
}

// TestProvisionedAndSpilloverAddUp: search-indexer's alias prod runs on
// provisioned environments first; invocations beyond them spill over.
func TestProvisionedAndSpilloverAddUp(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-15 * time.Minute)
	kv := []string{"FunctionName", "search-indexer", "Resource", "search-indexer:prod"}
	inv := series(t, a, lambdaQuery("inv", "Invocations", "Sum", kv...), start, end)
	prov := series(t, a, lambdaQuery("prov", "ProvisionedConcurrencyInvocations", "Sum", kv...), start, end)
	spill := series(t, a, lambdaQuery("spill", "ProvisionedConcurrencySpilloverInvocations", "Sum", kv...), start, end)
	util := series(t, a, lambdaQuery("util", "ProvisionedConcurrencyUtilization", "Maximum", kv...), start, end)
	if len(inv) == 0 || len(util) == 0 {
		t.Fatal("no provisioned-concurrency data for search-indexer:prod")
	}
	for m, n := range inv {
		if prov[m]+spill[m] != n {
			t.Fatalf("%s: provisioned %v + spillover %v != invocations %v", m.Format("15:04"), prov[m], spill[m], n)
		}
		if u := util[m]; u < 0 || u > 1 {
			t.Fatalf("%s: utilization %v outside 0..1", m.Format("15:04"), u)
		}
	}
	if sumOf(spill) == 0 {
		t.Error("the demo's provisioned function never spills over; the spillover chart would be empty")
	}
}

// TestTriggerAgeMetrics: stream functions publish IteratorAge, async ones
// AsyncEventAge, and others neither.
func TestTriggerAgeMetrics(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-15 * time.Minute)
	has := func(fn, metric string) bool {
		return len(series(t, a, lambdaQuery("q", metric, "Maximum", "FunctionName", fn), start, end)) > 0
	}
	for _, c := range []struct {
		fn           string
		iter, asyncd bool
	}{
		{"search-indexer", true, false},
		{"ddb-stream-projector", true, false},
		{"email-dispatch", false, true},
		{"report-generator", false, true},
		{"checkout-api", false, false},
		{"orders-consumer", false, false},
	} {
		if got := has(c.fn, "IteratorAge"); got != c.iter {
			t.Errorf("%s IteratorAge present = %v, want %v", c.fn, got, c.iter)
		}
		if got := has(c.fn, "AsyncEventAge"); got != c.asyncd {
			t.Errorf("%s AsyncEventAge present = %v, want %v", c.fn, got, c.asyncd)
		}
	}
}

// TestAccountPoolAddsUp: ClaimedAccountConcurrency is the unreserved
// concurrency in use plus every reservation plus the provisioned
// concurrency of unreserved functions, and the account's throttles are
// the functions' throttles.
func TestAccountPoolAddsUp(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-10 * time.Minute)
	settings, err := a.AccountSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	reserved := float64(settings.ConcurrencyLimit - settings.UnreservedConcurrency)
	claimed := series(t, a, lambdaQuery("c", "ClaimedAccountConcurrency", "Maximum"), start, end)
	unres := series(t, a, lambdaQuery("u", "UnreservedConcurrentExecutions", "Maximum"), start, end)
	conc := series(t, a, lambdaQuery("n", "ConcurrentExecutions", "Maximum"), start, end)
	thr := series(t, a, lambdaQuery("t", "Throttles", "Sum"), start, end)
	if len(claimed) == 0 || len(unres) == 0 || len(conc) == 0 {
		t.Fatal("account-level concurrency metrics are missing")
	}
	// search-indexer's 20 provisioned environments are the only ones.
	for m := range claimed {
		if got := unres[m] + reserved + 20; claimed[m] != got {
			t.Fatalf("%s: claimed %v != unreserved in use %v + reserved %v + provisioned 20", m.Format("15:04"), claimed[m], unres[m], reserved)
		}
		if conc[m] < unres[m] {
			t.Fatalf("%s: account concurrency %v below unreserved in use %v", m.Format("15:04"), conc[m], unres[m])
		}
	}
	fnThr := series(t, a, lambdaQuery("ft", "Throttles", "Sum", "FunctionName", "image-resize"), start, end)
	if sumOf(fnThr) == 0 || sumOf(thr) < sumOf(fnThr) {
		t.Fatalf("account throttles %v should include image-resize's %v", sumOf(thr), sumOf(fnThr))
	}
	peak := series(t, a, lambdaQuery("fc", "ConcurrentExecutions", "Maximum", "FunctionName", "image-resize"), start, end)
	for _, v := range peak {
		if v > 10 {
			t.Fatalf("image-resize ran %v concurrent executions over its reservation of 10", v)
		}
	}
}

// TestFargateMetrics: every service has AWS/ECS utilisation (max at least
// the average); Container Insights answers only on prod-api, where its
// running count agrees with the service.
func TestFargateMetrics(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-10 * time.Minute)
	ecs := func(ns, metric, stat, cluster, svc string) map[time.Time]float64 {
		return series(t, a, providers.MetricQuery{Key: "q", Namespace: ns, Metric: metric, Stat: stat, Period: time.Minute,
			Dimensions: dims("ClusterName", cluster, "ServiceName", svc)}, start, end)
	}
	for _, s := range [][2]string{{"prod-api", "catalog-api"}, {"prod-workers", "image-pipeline"}, {"staging", "checkout-web"}} {
		for _, metric := range []string{"CPUUtilization", "MemoryUtilization"} {
			avg := ecs(providers.NamespaceECS, metric, "Average", s[0], s[1])
			mx := ecs(providers.NamespaceECS, metric, "Maximum", s[0], s[1])
			if len(avg) == 0 {
				t.Fatalf("%s/%s has no %s", s[0], s[1], metric)
			}
			for m, v := range avg {
				if mx[m] < v || v < 0 || mx[m] > 100 {
					t.Fatalf("%s/%s %s at %s: average %v, maximum %v", s[0], s[1], metric, m.Format("15:04"), v, mx[m])
				}
			}
		}
	}
	run := ecs(providers.NamespaceContainerInsights, "RunningTaskCount", "Average", "prod-api", "cart-api")
	desired := ecs(providers.NamespaceContainerInsights, "DesiredTaskCount", "Average", "prod-api", "cart-api")
	if len(run) == 0 || len(desired) == 0 {
		t.Fatal("prod-api has Container Insights but no task counts")
	}
	svcs, err := a.ListServices(context.Background(), "prod-api")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		if s.Name == "cart-api" && math.Abs(run[end.Add(-time.Minute)]-float64(s.Running)) > 1 {
			t.Errorf("cart-api RunningTaskCount %v, service reports %d running", run[end.Add(-time.Minute)], s.Running)
		}
	}
	if off := ecs(providers.NamespaceContainerInsights, "RunningTaskCount", "Average", "prod-workers", "image-pipeline"); len(off) != 0 {
		t.Fatal("prod-workers has Container Insights off but answers its metrics")
	}
}
