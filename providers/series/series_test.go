package series_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
)

// TestQueriesNameCloudWatchSeries pins each kind of series to the
// namespace, metric, statistic and dimensions CloudWatch knows it by.
func TestQueriesNameCloudWatchSeries(t *testing.T) {
	fn := []providers.Dimension{{Name: "FunctionName", Value: "checkout-api"}}
	for _, c := range []struct {
		id               series.ID
		ns, metric, stat string
		dims             []providers.Dimension
		count            bool
	}{
		{series.Function(series.Invocations, "checkout-api"), providers.NamespaceLambda, "Invocations", "Sum", fn, true},
		{series.Function(series.DurationP99, "checkout-api"), providers.NamespaceLambda, "Duration", "p99", fn, false},
		{series.Function(series.Concurrency, "checkout-api"), providers.NamespaceLambda, "ConcurrentExecutions", "Maximum", fn, false},
		{series.Account(series.Concurrency), providers.NamespaceLambda, "ConcurrentExecutions", "Maximum", nil, false},
		{series.Account(series.ClaimedConcurrency), providers.NamespaceLambda, "ClaimedAccountConcurrency", "Maximum", nil, false},
		{series.Account(series.Throttles), providers.NamespaceLambda, "Throttles", "Sum", nil, true},
		{series.Qualified(series.ProvisionedSpillover, "checkout-api", "live"), providers.NamespaceLambda,
			"ProvisionedConcurrencySpilloverInvocations", "Sum",
			append(fn[:1:1], providers.Dimension{Name: "Resource", Value: "checkout-api:live"}), true},
		{series.Executed(series.DurationP95, "checkout-api", "live", "7"), providers.NamespaceLambda, "Duration", "p95",
			append(fn[:1:1], providers.Dimension{Name: "Resource", Value: "checkout-api:live"}, providers.Dimension{Name: "ExecutedVersion", Value: "7"}), false},
		{series.Service(series.CPUMax, "prod", "api"), providers.NamespaceECS, "CPUUtilization", "Maximum",
			[]providers.Dimension{{Name: "ClusterName", Value: "prod"}, {Name: "ServiceName", Value: "api"}}, false},
		{series.Service(series.MemoryReserved, "prod", "api"), providers.NamespaceContainerInsights, "MemoryReserved", "Average",
			[]providers.Dimension{{Name: "ClusterName", Value: "prod"}, {Name: "ServiceName", Value: "api"}}, false},
	} {
		q := c.id.Query(time.Minute)
		if q.Namespace != c.ns || q.Metric != c.metric || q.Stat != c.stat || q.Period != time.Minute {
			t.Errorf("%v: query %+v, want %s %s %s", c.id, q, c.ns, c.metric, c.stat)
		}
		if fmt.Sprint(q.Dimensions) != fmt.Sprint(c.dims) {
			t.Errorf("%v: dimensions %v, want %v", c.id, q.Dimensions, c.dims)
		}
		if q.Key != c.id.Key() || c.id.Metric.IsCount() != c.count {
			t.Errorf("%v: key %q, count %v", c.id, q.Key, c.id.Metric.IsCount())
		}
	}
}

// TestEveryMetricIsDefined checks that no metric lacks its CloudWatch
// name, and that the series a screen asks for have distinct keys.
func TestEveryMetricIsDefined(t *testing.T) {
	keys := map[string]series.ID{}
	for m := series.Metric(1); m < 255; m++ {
		q := series.Function(m, "f").Query(time.Minute)
		if q.Metric == "" {
			continue
		}
		if q.Namespace == "" || q.Stat == "" {
			t.Errorf("%v: incomplete query %+v", m, q)
		}
		for _, id := range []series.ID{series.Account(m), series.Function(m, "f"), series.Function(m, "g"),
			series.Qualified(m, "f", "live"), series.Executed(m, "f", "live", "1"), series.Service(m, "c", "s")} {
			if other, dup := keys[id.Key()]; dup {
				t.Fatalf("%+v and %+v share the key %q", id, other, id.Key())
			}
			keys[id.Key()] = id
		}
	}
	if len(keys) < 25*6 {
		t.Fatalf("only %d series defined", len(keys)/6)
	}
}
