package shared_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/shared"
)

// BenchmarkSessionsPoll: n sessions each poll the functions view (lists,
// a detail, account settings, the live columns of 40 rows, 200 metrics,
// and their RSV, 40 reserved concurrency reads) once per refresh. It
// reports the calls that reach the account, the metrics fetched from
// CloudWatch and the GetFunctionConcurrency calls per refresh round: with
// the shared cache they do not grow with n.
func BenchmarkSessionsPoll(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			c, up, clk := newCache(b)
			views := make([]*shared.View, n)
			for i := range views {
				views[i] = c.View(shared.ViewOptions{})
			}
			page, err := views[0].ListFunctions(ctx(b), "")
			if err != nil {
				b.Fatal(err)
			}
			var qs []providers.MetricQuery
			for _, f := range page.Functions[:40] {
				for _, m := range []struct{ metric, stat string }{{"Invocations", "Sum"}, {"Errors", "Sum"},
					{"Throttles", "Sum"}, {"Duration", "p95"}, {"ConcurrentExecutions", "Maximum"}} {
					qs = append(qs, lambdaQuery(f.Name+m.metric, f.Name, m.metric, m.stat))
				}
			}
			calls0, metrics0, rsv0 := up.TotalCalls(), len(up.asked()), up.Calls("Lambda.GetFunctionConcurrency")
			rounds := 0
			for b.Loop() {
				end := clk.Now().Truncate(time.Minute)
				req := providers.MetricRequest{Start: end.Add(-15 * time.Minute), End: end, Queries: qs}
				for _, v := range views {
					poll(b, v)
					if _, err := v.GetMetricData(ctx(b), req); err != nil {
						b.Fatal(err)
					}
					for _, f := range page.Functions[:40] {
						if _, err := v.ReservedConcurrency(ctx(b), f.Name); err != nil {
							b.Fatal(err)
						}
					}
				}
				clk.Advance(time.Minute)
				rounds++
			}
			b.ReportMetric(float64(up.TotalCalls()-calls0)/float64(rounds), "calls/round")
			b.ReportMetric(float64(len(up.asked())-metrics0)/float64(rounds), "metrics/round")
			b.ReportMetric(float64(up.Calls("Lambda.GetFunctionConcurrency")-rsv0)/float64(rounds), "rsv/round")
		})
	}
}
