package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// isErrorLine says whether a log line reports a failed invocation, in any
// runtime's text format or in the JSON format's platform.report.
func isErrorLine(msg string) bool {
	if strings.HasPrefix(msg, "{") {
		return strings.Contains(msg, `"type":"platform.report"`) && !strings.Contains(msg, `"status":"success"`)
	}
	return strings.Contains(msg, "ERROR") || strings.Contains(msg, "\tfail\t") || strings.Contains(msg, "Task timed out")
}

func isReport(msg string) bool {
	return strings.HasPrefix(msg, "REPORT RequestId: ") || strings.Contains(msg, `"type":"platform.report"`)
}

// TestLogsMatchMetrics checks the core promise of the model: for every
// function and minute, REPORT lines equal the Invocations sum and failed
// invocations in the logs equal the Errors sum.
func TestLogsMatchMetrics(t *testing.T) {
	a, c := newAccount(t, 7)
	c.Advance(3 * time.Hour) // cross hours of traffic and an hour boundary
	now := c.Now()
	fns := []string{
		"checkout-api", "payments-webhook", "orders-consumer", "legacy-cron", "user-signup",
		"report-generator", "image-resize", "search-indexer", "invoice-generator", "geo-lookup",
		"price-calculator", "canary-healthcheck", "kafka-bridge",
	}
	end := now.Truncate(time.Minute)
	start := end.Add(-6 * time.Minute)
	for _, fn := range fns {
		inv := series(t, a, lambdaQuery("i", "Invocations", "Sum", "FunctionName", fn), start, end)
		errs := series(t, a, lambdaQuery("e", "Errors", "Sum", "FunctionName", fn), start, end)
		d, err := a.GetFunction(t.Context(), fn)
		if err != nil {
			t.Fatal(err)
		}
		evs := allEvents(t, a, providers.LogQuery{Group: d.Function.LogGroup, Start: start, End: end})
		reports, failed := map[time.Time]int{}, map[time.Time]int{}
		for _, e := range evs {
			m := e.Timestamp.Truncate(time.Minute)
			if isReport(e.Message) {
				reports[m]++
			}
			if isErrorLine(e.Message) && (strings.HasPrefix(e.Message, "{") || !isReport(e.Message)) {
				failed[m]++
			}
		}
		total, totalFailed := 0, 0
		for m := start; m.Before(end); m = m.Add(time.Minute) {
			if got, want := reports[m], int(inv[m]); got != want {
				t.Errorf("%s %s: %d REPORT lines, Invocations = %d", fn, m.Format("15:04"), got, want)
			}
			if got, want := failed[m], int(errs[m]); got != want {
				t.Errorf("%s %s: %d failed invocations in logs, Errors = %d", fn, m.Format("15:04"), got, want)
			}
			total += reports[m]
			totalFailed += failed[m]
		}
		if fn == "payments-webhook" && totalFailed < total/5 {
			t.Errorf("payments-webhook: %d of %d failed, want an error storm", totalFailed, total)
		}
		if total == 0 && fn != "legacy-cron" {
			t.Errorf("%s: no invocations in six minutes", fn)
		}
	}
}

// TestMetricsOverPeriods checks that a 5-minute bucket sums its minutes.
func TestMetricsOverPeriods(t *testing.T) {
	a, _ := newAccount(t, 3)
	end := base.Truncate(5 * time.Minute)
	start := end.Add(-30 * time.Minute)
	one := series(t, a, lambdaQuery("1", "Invocations", "Sum", "FunctionName", "checkout-api"), start, end)
	q := lambdaQuery("5", "Invocations", "Sum", "FunctionName", "checkout-api")
	q.Period = 5 * time.Minute
	five := series(t, a, q, start, end)
	if len(five) != 6 {
		t.Fatalf("%d five-minute buckets, want 6", len(five))
	}
	for b, v := range five {
		sum := 0.0
		for m := b; m.Before(b.Add(5 * time.Minute)); m = m.Add(time.Minute) {
			sum += one[m]
		}
		if sum != v {
			t.Errorf("bucket %s = %v, minutes sum to %v", b.Format("15:04"), v, sum)
		}
	}
	// The alias split adds up to the function and the canary gets ~10%.
	v4 := series(t, a, lambdaQuery("v4", "Invocations", "Sum", "FunctionName", "checkout-api", "Resource", "checkout-api:live", "ExecutedVersion", "4"), start, end)
	v5 := series(t, a, lambdaQuery("v5", "Invocations", "Sum", "FunctionName", "checkout-api", "Resource", "checkout-api:live", "ExecutedVersion", "5"), start, end)
	var n4, n5 float64
	for m, v := range one {
		if v4[m]+v5[m] != v {
			t.Errorf("%s: v4 %v + v5 %v != %v", m.Format("15:04"), v4[m], v5[m], v)
		}
		n4, n5 = n4+v4[m], n5+v5[m]
	}
	if share := n5 / (n4 + n5); share < 0.07 || share > 0.13 {
		t.Errorf("canary share %.3f, want about 0.10", share)
	}
}

// TestThrottlesAtReservation checks image-resize: demand above its
// reserved concurrency of 10 throttles every minute and concurrency never
// exceeds the reservation.
func TestThrottlesAtReservation(t *testing.T) {
	a, _ := newAccount(t, 11)
	end := base.Truncate(time.Minute)
	start := end.Add(-60 * time.Minute)
	thr := series(t, a, lambdaQuery("t", "Throttles", "Sum", "FunctionName", "image-resize"), start, end)
	conc := series(t, a, lambdaQuery("c", "ConcurrentExecutions", "Maximum", "FunctionName", "image-resize"), start, end)
	if len(thr) != 60 {
		t.Fatalf("%d minutes of Throttles, want 60", len(thr))
	}
	for m, v := range thr {
		if v <= 0 {
			t.Errorf("%s: no throttles", m.Format("15:04"))
		}
		if c := conc[m]; c > 10 || c < 1 {
			t.Errorf("%s: ConcurrentExecutions %v, want 1..10", m.Format("15:04"), c)
		}
	}
}

// TestCurrentMinuteIsNotReported checks that only ended minutes produce
// metrics and that no log line is in the future.
func TestCurrentMinuteIsNotReported(t *testing.T) {
	a, c := newAccount(t, 5)
	now := c.Now()
	inv := series(t, a, lambdaQuery("i", "Invocations", "Sum", "FunctionName", "clickstream-ingest"), now.Add(-5*time.Minute), now.Add(5*time.Minute))
	for m := range inv {
		if m.Add(time.Minute).After(now) {
			t.Errorf("datapoint for %s, which has not ended at %s", m.Format("15:04"), now.Format("15:04:05"))
		}
	}
	evs := allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/clickstream-ingest", Start: now.Add(-10 * time.Second), End: now.Add(time.Hour)})
	if len(evs) == 0 {
		t.Fatal("no events in the last ten seconds of clickstream-ingest")
	}
	for _, e := range evs {
		if e.Timestamp.After(now) {
			t.Fatalf("event at %s is after now %s", e.Timestamp, now)
		}
	}
}
