package views_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// TestStatsShowSessionShare: a session of a shared server sees its own
// reads and metrics beside the server's totals.
func TestStatsShowSessionShare(t *testing.T) {
	st := theme.New(theme.NoColor)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s := providers.Stats{Since: now.Add(-time.Hour), MetricsRequested: 400, Shared: &providers.SharedStats{
		Sessions: 3, Reads: 40, ReadsCached: 30, ServerReads: 120, ServerCached: 100,
		Metrics: 200, MetricsFetched: 50, ServerMetrics: 600, Tails: 1, TailUpstreams: 2, TailDropped: 7,
	}}
	out := viewtest.Plain(views.StatsLines(st, s, true, views.MetricsAsked{}, views.OnScreenCost{What: "functions"}, now)...)
	for _, want := range []string{
		"3 reading this account and region",
		"40 by this session, 30 answered by the shared cache (75%)",
		"120 by every session, 100 answered by the cache (83%)",
		"200 asked by this session, 50 fetched for it",
		"2 Live Tail session(s) on the server; 7 events dropped",
		"Server (every session)",
		"400 requested",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lack %q:\n%s", want, out)
		}
	}
	plain := viewtest.Plain(views.StatsLines(st, providers.Stats{}, true, views.MetricsAsked{}, views.OnScreenCost{}, now)...)
	if strings.Contains(plain, "shared cache") || strings.Contains(plain, "every session") {
		t.Errorf("a backend of its own shows a shared section:\n%s", plain)
	}
}
