package views

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/theme"
)

// OnScreenCost describes the metric polling of what is on screen now.
type OnScreenCost struct {
	What          string
	MetricsPerRun int
	// RunsPerHour is how many refreshes an hour at the current pace
	// (slower while the user is idle); wide ranges refresh less than once
	// an hour.
	RunsPerHour float64
	// Every is the refresh interval, for the reader.
	Every time.Duration
	Idle  bool
	// Extra names other calls the view makes (logs, settings).
	Extra []string
}

// MetricsAsked is virga's own count of the metrics it asked for this
// run, whatever the backend counts.
type MetricsAsked struct {
	Metrics  int
	Requests int
	Calls    int
}

// StatsLines renders the :stats view: calls per service and operation,
// HTTP attempts, errors and throttles, metrics requested and their
// estimated cost, and what the visible view costs per hour.
func StatsLines(st *theme.Styles, s providers.Stats, available bool, asked MetricsAsked, on OnScreenCost, now time.Time) []string {
	l := &lines{st: st}
	l.section("This run")
	l.kv("Asked", fmt.Sprintf("%d metrics in %d GetMetricData call(s) ≈ $%.4f (counted by virga)",
		asked.Metrics, asked.Calls, providers.MetricsCostUSD(asked.Metrics)))
	if !available {
		l.muted("this backend does not count its calls; the figures below are virga's estimates")
		onScreen(l, on)
		return l.out
	}
	if s.Shared != nil {
		sharedSection(l, *s.Shared)
		l.section("Server (every session)")
	}
	if !s.Since.IsZero() {
		l.kv("Since", format.Timestamp(s.Since)+" ("+format.Age(now, s.Since)+")")
	}
	calls, attempts := 0, 0
	for _, c := range s.Calls {
		calls += c.Calls
		attempts += c.Attempts
	}
	l.kv("Calls", strconv.Itoa(calls)+" operations, "+strconv.Itoa(attempts)+" HTTP attempts")
	l.kv("Metrics", strconv.Itoa(s.MetricsRequested)+" requested ≈ $"+fmt.Sprintf("%.4f", providers.MetricsCostUSD(s.MetricsRequested)))

	onScreen(l, on)

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

// onScreen is the "On screen now" section: what the visible view polls and
// what that costs an hour.
func onScreen(l *lines, on OnScreenCost) {
	l.section("On screen now")
	l.kv("Polling", on.What)
	if on.MetricsPerRun > 0 {
		l.kv("Per refresh", fmt.Sprintf("%d metrics in %d GetMetricData call(s)", on.MetricsPerRun, (on.MetricsPerRun+499)/500))
		if on.Every > 0 {
			every := "every " + format.Period(on.Every)
			if on.Idle {
				every += ", slowed 4× while you are idle"
			}
			l.kv("Refresh", every)
		}
		perHour := int(math.Round(float64(on.MetricsPerRun) * on.RunsPerHour))
		l.kv("Per hour", fmt.Sprintf("%d metrics ≈ $%.4f · ≈ $%.2f a day (GetMetricData, $0.01 per 1,000)",
			perHour, providers.MetricsCostUSD(perHour), providers.MetricsCostUSD(perHour*24)))
	}
	for _, e := range on.Extra {
		l.kv("Also", e)
	}
}

// sharedSection is this session's share of a server's shared cache
// (virga serve): what it asked, and how much of that the cache answered
// without calling AWS.
func sharedSection(l *lines, sh providers.SharedStats) {
	l.kv("Sessions", strconv.Itoa(sh.Sessions)+" reading this account and region through one cache")
	l.kv("Reads", fmt.Sprintf("%d by this session, %d answered by the shared cache (%s)",
		sh.Reads, sh.ReadsCached, percent(sh.ReadsCached, sh.Reads)))
	l.kv("Server reads", fmt.Sprintf("%d by every session, %d answered by the cache (%s)",
		sh.ServerReads, sh.ServerCached, percent(sh.ServerCached, sh.ServerReads)))
	l.kv("Metrics", fmt.Sprintf("%d asked by this session, %d fetched for it ≈ $%.4f; %d asked by every session",
		sh.Metrics, sh.MetricsFetched, providers.MetricsCostUSD(sh.MetricsFetched), sh.ServerMetrics))
	if sh.Tails > 0 || sh.TailUpstreams > 0 {
		tail := fmt.Sprintf("%d followed by this session; %d Live Tail session(s) on the server", sh.Tails, sh.TailUpstreams)
		if sh.TailDropped > 0 {
			tail += fmt.Sprintf("; %d events dropped for this session (it read slower than they came)", sh.TailDropped)
		}
		l.kv("Live Tail", tail)
	}
}

func percent(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	return strconv.Itoa(part*100/whole) + "%"
}
