package sim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// TestMain fails the package when any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// base is a fixed start time for the simulated clock: half a minute into
// a minute, so the current minute is partial.
var base = time.Date(2026, 11, 25, 10, 0, 30, 0, time.UTC)

func newAccount(t testing.TB, seed int64) (*sim.Account, *testkit.Clock) {
	t.Helper()
	c := testkit.NewClock(base)
	return sim.New(sim.Config{Seed: seed, Now: c.Now}), c
}

func dims(kv ...string) []providers.Dimension {
	var ds []providers.Dimension
	for i := 0; i+1 < len(kv); i += 2 {
		ds = append(ds, providers.Dimension{Name: kv[i], Value: kv[i+1]})
	}
	return ds
}

func lambdaQuery(key, metric, stat string, kv ...string) providers.MetricQuery {
	return providers.MetricQuery{Key: key, Namespace: providers.NamespaceLambda, Metric: metric, Stat: stat, Period: time.Minute, Dimensions: dims(kv...)}
}

// series fetches one query and returns its points by minute.
func series(t testing.TB, a *sim.Account, q providers.MetricQuery, start, end time.Time) map[time.Time]float64 {
	t.Helper()
	res, err := a.GetMetricData(context.Background(), providers.MetricRequest{Queries: []providers.MetricQuery{q}, Start: start, End: end})
	if err != nil {
		t.Fatalf("GetMetricData(%s): %v", q.Key, err)
	}
	s := res.Series[0]
	if s.Status != "Complete" {
		t.Fatalf("%s: status %s", q.Key, s.Status)
	}
	out := map[time.Time]float64{}
	for i, ts := range s.Timestamps {
		out[ts] = s.Values[i]
	}
	return out
}

// allEvents pages FilterLogEvents to the end.
func allEvents(t testing.TB, a *sim.Account, q providers.LogQuery) []providers.LogEvent {
	t.Helper()
	var out []providers.LogEvent
	for range 10_000 {
		p, err := a.FilterLogEvents(context.Background(), q)
		if err != nil {
			t.Fatalf("FilterLogEvents(%s): %v", q.Group, err)
		}
		out = append(out, p.Events...)
		if p.NextToken == "" {
			return out
		}
		q.NextToken = p.NextToken
	}
	t.Fatal("FilterLogEvents never ended")
	return nil
}

func wantKind(t testing.TB, err error, k providers.ErrorKind) {
	t.Helper()
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != k {
		t.Fatalf("error = %v, want kind %v", err, k)
	}
}
