package views

import (
	"fmt"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/theme"
)

// OnScreenCost describes the metric polling of what is on screen now.
type OnScreenCost struct {
	What          string
	MetricsPerRun int
	RunsPerHour   int
}

// StatsLines renders the :stats view: calls per service and operation,
// HTTP attempts, errors and throttles, metrics requested and their
// estimated cost, and what the visible view costs per hour.
func StatsLines(st *theme.Styles, s providers.Stats, available bool, on OnScreenCost, now time.Time) []string {
	l := &lines{st: st}
	if !available {
		l.muted("this backend does not count its calls")
		return l.out
	}
	l.section("This run")
	if !s.Since.IsZero() {
		l.kv("Since", Timestamp(s.Since)+" ("+Age(now, s.Since)+")")
	}
	calls, attempts := 0, 0
	for _, c := range s.Calls {
		calls += c.Calls
		attempts += c.Attempts
	}
	l.kv("Calls", strconv.Itoa(calls)+" operations, "+strconv.Itoa(attempts)+" HTTP attempts")
	l.kv("Metrics", strconv.Itoa(s.MetricsRequested)+" requested ≈ $"+fmt.Sprintf("%.4f", providers.MetricsCostUSD(s.MetricsRequested)))

	l.section("On screen now")
	l.kv("Polling", on.What)
	if on.MetricsPerRun > 0 {
		perHour := on.MetricsPerRun * on.RunsPerHour
		l.kv("Per hour", fmt.Sprintf("%d metrics ≈ $%.3f (GetMetricData, $0.01 per 1,000)", perHour, providers.MetricsCostUSD(perHour)))
	}

	l.section("By operation")
	head := fmt.Sprintf("%-12s %-32s %7s %8s %6s %6s", "SERVICE", "OPERATION", "CALLS", "ATTEMPTS", "ERRORS", "THROTL")
	l.out = append(l.out, st.Table.Header.Render(head))
	if len(s.Calls) == 0 {
		l.muted("no calls yet")
	}
	for _, c := range s.Calls {
		row := fmt.Sprintf("%-12s %-32s %7d %8d %6d %6d", c.Service, c.Operation, c.Calls, c.Attempts, c.Errors, c.Throttles)
		tone := st.Pane.Value
		switch {
		case c.Errors > 0:
			tone = st.Text.Err
		case c.Throttles > 0:
			tone = st.Text.Warn
		}
		l.out = append(l.out, tone.Render(row))
	}
	return l.out
}
