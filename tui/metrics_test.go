package tui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

func TestListShowsLiveColumnsWithSparklines(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.mustSee("INV/m", "ERR%", "THR", "P95", "CONC", "LIMIT", "metrics 15m")
	var row string
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.HasPrefix(l, "checkout-api ") {
			row = l
		}
	}
	if strings.Count(row, "█")+strings.Count(row, "▇")+strings.Count(row, "▁") < 8 {
		t.Fatalf("checkout-api's row has no sparklines: %q", row)
	}
}

func TestFlaggedNearTimeout(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	// report-generator's p95 runs close to its 60 s timeout.
	var row string
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.HasPrefix(l, "report-generator ") {
			row = l
		}
	}
	if !strings.Contains(row, " t8") && !strings.Contains(row, " t9") {
		t.Fatalf("report-generator is not flagged near its timeout: %q", row)
	}
	// The detail says what the flag is based on.
	h.press("/", "type:report-generator", "enter")
	h.mustSee("Timeout room", "p95", "of 60s")
	// Sorting by LIMIT puts it first.
	h.key("esc")
	for range 17 {
		h.key("o")
		if strings.Contains(h.screen(), "sort LIMIT") {
			break
		}
	}
	h.mustSee("sort LIMIT↓")
	lines := strings.Split(h.screen(), "\n")
	if !strings.HasPrefix(lines[3], "report-generator") && !strings.HasPrefix(lines[3], "image-resize") {
		t.Fatalf("a flagged function should lead the LIMIT sort, first row: %q", lines[3])
	}
}

func TestMemoryFlagComesFromReportLines(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.press("/", "type:thumbnail-worker", "enter")
	h.mustSee("Memory room", "unknown")
	h.key("m")
	h.advance(2 * time.Second)
	h.mustSee("Memory", "REPORT lines", "max used")
	h.press("esc")
	h.mustSee("Memory room", "REPORT lines at")
	if !regexp.MustCompile(`thumbnail-worker .* m(8[5-9]|9[0-9]|1[0-9][0-9])%`).MatchString(h.screen()) {
		t.Fatalf("thumbnail-worker is not flagged for memory after its REPORT lines were read:\n%s", h.screen())
	}
}

func TestFunctionMetricsScreen(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(2 * time.Second)
	h.mustSee("checkout-api › metrics", "Invocations", "Errors", "success", "Throttles", "Duration",
		"p50", "p95", "p99", "max", "Concurrency", "Timeout", "Memory")
	// The canary panel: both versions of alias live with their weights,
	// errors and p95, and a verdict on the canary.
	h.mustSee("Canary · alias live", "v4 · primary · weight 90%", "v5 · canary · weight 10%", "v5 errors", "rolling back")
	// Range presets: wider, then back.
	h.key("]")
	h.advance(2 * time.Second)
	h.mustSee("range 1h", "last 1h")
	h.key("[", "[")
	h.advance(2 * time.Second)
	h.mustSee("range 15m")
	// Back to the list, which was not refetched meanwhile.
	h.key("esc")
	h.mustSee("INV/m")
}

func TestFunctionMetricsApplicableCharts(t *testing.T) {
	for _, c := range []struct {
		fn   string
		want []string
		not  []string
	}{
		{"search-indexer", []string{"Provisioned prod", "20/20 allocated", "Spillover prod", "ran on demand", "Iterator age", "Kinesis"}, []string{"Canary"}},
		{"ddb-stream-projector", []string{"Iterator age", "DynamoDB"}, []string{"Provisioned", "Async event age"}},
		{"email-dispatch", []string{"Async event age"}, []string{"Iterator age", "Provisioned"}},
		{"image-resize", []string{"reserved 10", "Throttles"}, []string{"Canary"}},
	} {
		t.Run(c.fn, func(t *testing.T) {
			h, _ := loaded(t, 200, 50)
			h.key("/", "type:"+c.fn, "enter", "m")
			h.advance(2 * time.Second)
			for range 3 {
				h.key("pgdown")
			}
			all := h.screen()
			h.key("g")
			all += h.screen()
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("%s metrics do not show %q:\n%s", c.fn, w, all)
				}
			}
			for _, w := range c.not {
				if strings.Contains(all, w) {
					t.Errorf("%s metrics show %q, which does not apply", c.fn, w)
				}
			}
		})
	}
}

func TestPoolScreenExplainsThrottles(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.key(":", "type:pool", "enter")
	h.advance(2 * time.Second)
	h.mustSee("concurrency pool", "Limit", "1,000", "Reserved", "unreserved pool 870", "Provisioned", "20 allocated",
		"Claimed", "Throttles", "image-resize throttled", "reserved concurrency of 10", "Functions using the most concurrency",
		"busiest by peak concurrency", "at its reservation", "search-indexer")
	// :concurrency is the same screen; opening it again does not stack.
	h.key(":", "type:concurrency", "enter")
	h.key("esc")
	h.mustSee("INV/m")
}

func TestServiceMetricsScreen(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.key("2", "enter", "/", "type:catalog-api", "enter", "m")
	h.advance(2 * time.Second)
	// The crumbs name the cluster once: clusters › prod-api › services › catalog-api.
	h.mustSee("prod-api › services › catalog-api › metrics", "CPU utilization", "Memory utilization", "max task", "average",
		"Container Insights enabled", "Tasks", "running", "desired", "CPU used", "vCPU", "Memory used")
	h.key("esc", "esc", "esc")
	h.key("2", "j", "enter", "/", "type:image-pipeline", "enter", "m")
	h.advance(2 * time.Second)
	h.mustSee("prod-workers › services › image-pipeline › metrics", "CPU utilization", "Container Insights is off",
		"running vs desired over time needs Container Insights")
	h.mustNotSee("CPU used")
}

func TestStatsShowsCostOfScreenOnTop(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.key(":", "type:stats", "enter")
	h.mustSee("functions on screen × 5 metrics", "Per refresh", "every 1m", "Per hour")
	h.key("esc")
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(2 * time.Second)
	h.key(":", "type:stats", "enter")
	h.mustSee("metrics of checkout-api over 15m", "15 metrics in 1 GetMetricData call", "REPORT lines on open")
	h.press("esc", ":", "type:pool", "enter")
	h.key(":", "type:stats", "enter")
	h.mustSee("account concurrency over 1h", "GetAccountSettings")
}

func TestMetricsHelpAndHints(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.advance(time.Second)
	h.mustSee("m metrics")
	h.key("?")
	h.mustSee("Metrics", "metric window")
	h.press("esc", "m")
	h.key("?")
	h.mustSee("wider time range", "narrower time range", "next time range")
}

func TestMetricsScreenStaysOnScreenWhenThrottled(t *testing.T) {
	h, _ := loaded(t, 120, 40)
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(2 * time.Second)
	h.mustSee("Invocations", "total")
	h.fail("CloudWatch.GetMetricData", providers.ErrThrottled, 0)
	h.advance(3 * time.Minute)
	// Throttling is not an error: the charts stay, marked stale with age.
	h.mustSee("Invocations", "total", "stale ·", "throttled, backing off")
	h.mustNotSee("metrics: ")
	h.heal("CloudWatch.GetMetricData")
	h.advance(10 * time.Minute)
	h.mustNotSee("stale ·")
}

func TestMetricsScreenNamesDeniedAction(t *testing.T) {
	h, _ := loaded(t, 120, 40, failing("CloudWatch.GetMetricData", providers.ErrAccessDenied))
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(2 * time.Second)
	h.mustSee("metrics: ", "cloudwatch:GetMetricData", "not available")
}

func TestServiceMetricsFromTask(t *testing.T) {
	h, _ := loaded(t, 120, 40)
	// A task's m opens the metrics of the service it belongs to.
	h.press("2", "enter", "/", "type:catalog-api", "enter", "enter")
	h.key("m")
	h.advance(2 * time.Second)
	h.mustSee("catalog-api › tasks › metrics", "CPU utilization", "Container Insights enabled")
}
