package tui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// tableRow returns the screen line of the table row that starts with name.
func tableRow(h *harness, name string) string {
	h.t.Helper()
	for _, line := range strings.Split(h.screen(), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == name {
			return line
		}
	}
	h.t.Fatalf("no row %q on screen:\n%s", name, h.screen())
	return ""
}

// percentiles500 makes CloudWatch answer HTTP 500 to every request for a
// percentile, as moto does.
func percentiles500(s *setup) {
	fault("CloudWatch.GetMetricData", sim.Fault{Status: 500, Percentiles: true})(s)
}

// TestWirePercentileFailureKeepsTheOtherColumns: CloudWatch (as moto
// does) answers HTTP 500 to any request asking for a percentile. The list
// still shows invocations, errors, throttles and concurrency; the P95
// column says "err", never "n/a", and the detail says why.
func TestWirePercentileFailureKeepsTheOtherColumns(t *testing.T) {
	h, acct, _ := newWireDemo(t, 200, 50, percentiles500)
	h.advance(2 * time.Second)
	row := strings.Fields(tableRow(h, "checkout-api"))
	// NAME RUNTIME MEM RSV INV/m spark ERR% spark THR spark P95 CONC spark
	if len(row) < 12 || row[4] == "err" || row[4] == "n/a" || row[6] == "err" || row[10] != "err" {
		t.Fatalf("checkout-api row %q: want figures for INV/m and ERR%%, err for P95", row)
	}
	h.mustNotSee("n/a", "invalid character")
	h.mustSee("p95 duration   err · CloudWatch answered HTTP 500", " /min")

	// The next refreshes ask only for what works: one call each.
	before := acct.Calls("CloudWatch.GetMetricData")
	h.advance(3 * time.Minute)
	if calls := acct.Calls("CloudWatch.GetMetricData") - before; calls < 3 || calls > 4 {
		t.Errorf("%d GetMetricData calls in three minutes of refreshes, want one a minute", calls)
	}
	h.mustSee("p95 duration   err · CloudWatch answered HTTP 500")
}

// TestWireOutageAtStartRecoversByItself: every call fails for the first
// 60 s (the network is down when virga starts). The header says so, the
// list is not loaded, actions wait for the account; within 30 s of the
// network's return the header shows the account, the list and its
// metrics are there and an action can start, without a key.
func TestWireOutageAtStartRecoversByItself(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50, fault(sim.AllOperations, sim.Fault{Kind: providers.ErrNetwork, Until: start.Add(60 * time.Second)}))
	h.advance(2 * time.Second)
	h.mustSee("could not load functions", "network error", "account …")
	h.mustNotSee("checkout-api")
	header := strings.Split(h.screen(), "\n")[0]
	if !strings.Contains(header, "not loaded") {
		t.Fatalf("the header does not say the list is not loaded: %q", header)
	}
	h.advance(58 * time.Second) // the network is back at start+60s
	h.advance(30 * time.Second)
	h.mustSee("123456789012", "checkout-api", "payments-webhook")
	h.mustNotSee("could not load", "network error", "stale", "account …", "not loaded")
	row := strings.Fields(tableRow(h, "checkout-api"))
	if row[4] == "err" || row[4] == "·" || row[4] == "…" {
		t.Fatalf("metrics did not recover: %q", row)
	}
	// An action starts: the account is known, so the form opens.
	h.key("c")
	h.mustNotSee("account is not known")
	h.mustSee("Reserved concurrency")
}

// TestMetricsFailureMarksTheListStale: when the list's metrics refresh
// fails (not the list itself), the rows keep their figures, the status
// line says stale at once and the header's dot turns to the stale style;
// all of it clears by itself within 30 s of CloudWatch's return.
func TestMetricsFailureMarksTheListStale(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50)
	h.advance(2 * time.Second)
	before := strings.Fields(tableRow(h, "checkout-api"))[4]
	h.fail("CloudWatch.GetMetricData", providers.ErrNetwork, 3*time.Minute)
	h.advance(time.Minute + 5*time.Second)
	h.mustSee("stale ·")
	if got := strings.Fields(tableRow(h, "checkout-api"))[4]; got != before {
		t.Errorf("INV/m went from %q to %q: a failed refresh should keep the figures", before, got)
	}
	staleDot := h.m.Styles().Header.BadgeStale.Render("● updated")
	if header := strings.Split(h.m.Render(), "\n")[0]; !strings.Contains(header, staleDot[:strings.Index(staleDot, "●")]) {
		t.Errorf("the header's dot is not in the stale style: %q", header)
	}
	h.advance(2*time.Minute + 30*time.Second)
	h.mustNotSee("stale")
}

// TestWireMetricsScreenWithFailingPercentiles: on a function's metrics
// screen the duration percentiles that fail say err and why, while the
// invocation and error charts keep their data.
func TestWireMetricsScreenWithFailingPercentiles(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50, percentiles500)
	h.advance(2 * time.Second)
	h.key("/")
	h.key("type:checkout-api", "enter", "m")
	h.advance(2 * time.Second)
	h.mustSee("series failed: CloudWatch answered HTTP 500", "p99 duration: err · CloudWatch answered HTTP 500", "p99 err", "p95 err", "p50 err", "total ·")
	h.mustNotSee("n/a", "invalid character")
}

// TestStaleClearsWhenTheFailedRowsLeave: the list's metrics fail and stay
// failing; once no row on screen needs figures (here a filter matches
// nothing), the list is no longer called stale.
func TestStaleClearsWhenTheFailedRowsLeave(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50)
	h.advance(2 * time.Second)
	h.fail("CloudWatch.GetMetricData", providers.ErrNetwork, 0)
	h.advance(time.Minute)
	h.mustSee("stale ·")
	h.key("/", "type:zzzz-no-such-function", "enter")
	h.advance(time.Minute)
	h.mustNotSee("stale")
}
