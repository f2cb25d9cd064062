package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/providers/sim"
)

// BenchmarkMetricsRefresh builds the list's queries for 40 visible rows
// and folds the answer into their live figures and sparklines: the work a
// refresh adds to the event loop, without the call itself.
func BenchmarkMetricsRefresh(b *testing.B) {
	now := time.Date(2026, 11, 25, 14, 30, 5, 0, time.UTC)
	acct := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})
	page, err := acct.ListFunctions(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, 40)
	for i := range names {
		names[i] = page.Functions[i].Name
	}
	req, fr := functionMetricsRequest(names, now, 15*time.Minute, time.Minute)
	res, err := acct.GetMetricData(context.Background(), req)
	if err != nil {
		b.Fatal(err)
	}
	if len(req.Queries) != 200 {
		b.Fatalf("%d queries for 40 rows", len(req.Queries))
	}
	b.ReportAllocs()
	for b.Loop() {
		req, fr = functionMetricsRequest(names, now, 15*time.Minute, time.Minute)
		live := foldLive(res, names, fr)
		if len(live) != 40 || len(req.Queries) != 200 {
			b.Fatal("short fold")
		}
	}
}
