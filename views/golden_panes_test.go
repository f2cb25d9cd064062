package views_test

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// TestDetailGolden snapshots the detail panes as the tui shows them full
// screen: a function loaded and loading, a failed service, a stopped
// task, a cluster, and a journal entry with its revert command.
func TestDetailGolden(t *testing.T) {
	rows := viewtest.FunctionRows()
	viewtest.Golden(t, "function", func(_ *testing.T, st *theme.Styles, w, h int) string {
		r := rows[0]
		lines := views.FunctionDetail(st, r.Fn, viewtest.CheckoutDetail(), r.Live, 1, viewtest.Now())
		return viewtest.InPane(st, r.Fn.Name, lines, w, h)
	})
	viewtest.Golden(t, "function-loading", func(_ *testing.T, st *theme.Styles, w, h int) string {
		r := rows[5]
		lines := views.FunctionDetail(st, r.Fn, nil, r.Live, -1, viewtest.Now())
		return viewtest.InPane(st, r.Fn.Name, lines, w, h)
	})
	viewtest.Golden(t, "service", func(_ *testing.T, st *theme.Styles, w, h int) string {
		s := viewtest.Services()[2]
		x := views.ECSContext{TaskDef: viewtest.TaskDef(), Width: w - 2}
		return viewtest.InPane(st, s.Name, views.ServiceDetail(st, s, viewtest.Now(), x), w, h)
	})
	viewtest.Golden(t, "task", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tk := viewtest.Tasks()[3]
		return viewtest.InPane(st, tk.ID, views.TaskDetail(st, tk, viewtest.Now(), views.ECSContext{TaskDef: viewtest.TaskDef(), Tasks: viewtest.Tasks()}), w, h)
	})
	viewtest.Golden(t, "cluster", func(_ *testing.T, st *theme.Styles, w, h int) string {
		c := viewtest.Clusters()[0]
		return viewtest.InPane(st, c.Name, views.ClusterDetail(st, c), w, h)
	})
	viewtest.Golden(t, "journal-entry", func(_ *testing.T, st *theme.Styles, w, h int) string {
		e := viewtest.Journal()[0]
		return viewtest.InPane(st, e.Action, views.JournalDetail(st, e, w), w, h)
	})
	viewtest.Golden(t, "journal-failed", func(_ *testing.T, st *theme.Styles, w, h int) string {
		e := viewtest.Journal()[3]
		return viewtest.InPane(st, e.Action, views.JournalDetail(st, e, w), w, h)
	})
}

// TestMetricsGolden snapshots the metrics screens: a function with a
// canary, provisioned configs and a stream; the same before anything
// arrived and with a series CloudWatch could not compute; a service with
// and without Container Insights; the account's concurrency pool.
func TestMetricsGolden(t *testing.T) {
	d := viewtest.CheckoutDetail()
	fn := d.Function
	mem := viewtest.FunctionRows()[0].Live.Mem
	fnMetrics := func(st *theme.Styles, m views.FunctionMetrics, w, h int) string {
		return viewtest.InPane(st, fn.Name+" · Lambda metrics", views.FunctionMetricsLines(st, m, w, h), w, h)
	}
	points := func(w, h int) int { return views.MetricsGrid(w, h).Points() }
	rangeOf := func(n int, period time.Duration) string { return format.Period(time.Duration(n) * period) }
	viewtest.Golden(t, "function", func(_ *testing.T, st *theme.Styles, w, h int) string {
		n := points(w, h)
		return fnMetrics(st, views.FunctionMetrics{Fn: fn, Detail: d, Range: rangeOf(n, time.Minute), Frame: viewtest.FunctionFrame(n), Mem: mem}, w, h)
	})
	viewtest.Golden(t, "function-loading", func(_ *testing.T, st *theme.Styles, w, h int) string {
		return fnMetrics(st, views.FunctionMetrics{Fn: fn, Range: "1h", MemLoading: true}, w, h)
	})
	viewtest.Golden(t, "function-failed-series", func(_ *testing.T, st *theme.Styles, w, h int) string {
		n := points(w, h)
		f := viewtest.Failed(viewtest.FunctionFrame(n), "CloudWatch answered HTTP 500",
			series.Function(series.DurationP99, fn.Name), series.Function(series.Throttles, fn.Name))
		return fnMetrics(st, views.FunctionMetrics{Fn: fn, Detail: d, Range: rangeOf(n, time.Minute), Frame: f,
			Err: "2 series failed: CloudWatch answered HTTP 500", MemErr: "AccessDeniedException: logs:FilterLogEvents"}, w, h)
	})
	svc := viewtest.Services()[0]
	viewtest.Golden(t, "service", func(_ *testing.T, st *theme.Styles, w, h int) string {
		n := points(w, h)
		m := views.ServiceMetrics{Service: svc, Insights: "enabled", Range: rangeOf(n, 5*time.Minute), Frame: viewtest.ServiceFrame(n, true)}
		return viewtest.InPane(st, svc.Name+" · Fargate metrics", views.ServiceMetricsLines(st, m, w, h), w, h)
	})
	viewtest.Golden(t, "service-no-insights", func(_ *testing.T, st *theme.Styles, w, h int) string {
		n := points(w, h)
		m := views.ServiceMetrics{Service: svc, Insights: "disabled", Range: rangeOf(n, 5*time.Minute), Frame: viewtest.ServiceFrame(n, false)}
		return viewtest.InPane(st, svc.Name+" · Fargate metrics", views.ServiceMetricsLines(st, m, w, h), w, h)
	})
	viewtest.Golden(t, "pool", func(_ *testing.T, st *theme.Styles, w, h int) string {
		n := points(w, h)
		m := views.PoolMetrics{Region: "us-east-1", Settings: viewtest.Settings(), Range: rangeOf(n, time.Minute),
			Frame: viewtest.PoolFrame(n), Top: viewtest.PoolTop(), Candidates: 8}
		return viewtest.InPane(st, "Concurrency pool", views.PoolLines(st, m, w, h), w, h)
	})
}

// TestChromeGolden snapshots whole frames of chrome around a pane: the
// header, breadcrumbs and status line in their states, the help screen
// and :stats.
func TestChromeGolden(t *testing.T) {
	km := keymap.Default()
	frame := func(st *theme.Styles, w, h int, head views.HeaderData, crumbs []string, info, title string, body []string, status views.StatusData) string {
		return viewtest.Stack(
			views.Header(st, head, w),
			views.Crumbs(st, crumbs, info, w),
			viewtest.InPane(st, title, body, w, h-3),
			views.Status(st, status, w))
	}
	viewtest.Golden(t, "help", func(_ *testing.T, st *theme.Styles, w, h int) string {
		groups := []views.HelpGroup{
			{Title: "Table", Bindings: []key.Binding{km.List.Up, km.List.Down, km.List.PageUp, km.List.PageDown, km.List.Top,
				km.List.Bottom, km.List.Open, km.List.Filter, km.List.SortNext, km.List.SortRev, km.List.Detail, km.List.FocusPane}},
			{Title: "Detail", Bindings: []key.Binding{km.Detail.Up, km.Detail.Down, km.Detail.Reveal, km.Detail.Focus}},
			{Title: "Global", Bindings: []key.Binding{km.Global.Functions, km.Global.Clusters, km.Global.Services, km.Global.Tasks,
				km.Global.Palette, km.Global.Refresh, km.Global.Back, km.Global.Help, km.Global.Quit}},
		}
		head := views.HeaderData{Identity: viewtest.Identity(), Freshness: "updated 14:30:00"}
		status := views.StatusData{Hints: []key.Binding{km.Help.Close, km.Global.Quit}}
		return frame(st, w, h, head, []string{"functions", "help"}, "", "Help", views.Help(st, "Keys — esc closes", groups, w-2), status)
	})
	viewtest.Golden(t, "stats", func(_ *testing.T, st *theme.Styles, w, h int) string {
		asked := views.MetricsAsked{Metrics: 18_420, Requests: 96, Calls: 97}
		on := views.OnScreenCost{What: "40 functions on screen × 5 metrics over 15m", MetricsPerRun: 200, RunsPerHour: 60,
			Every: time.Minute, Extra: []string{"ListFunctions every 60s"}}
		lines := views.StatsLines(st, viewtest.Stats(), true, asked, on, viewtest.Now())
		head := views.HeaderData{Identity: viewtest.Identity(), Freshness: "stale · 42s", Stale: true}
		status := views.StatusData{Message: "3 GetMetricData calls throttled, backing off", Level: views.LevelWarn, Right: "stale · 42s", Stale: true}
		return frame(st, w, h, head, []string{"functions", "stats"}, "", "Stats", lines, status)
	})
	viewtest.Golden(t, "read-only-demo", func(_ *testing.T, st *theme.Styles, w, h int) string {
		id := viewtest.Identity()
		id.Demo = true
		head := views.HeaderData{Identity: id, ReadOnly: true, Note: "credentials expired · ctrl+r retries", Freshness: "loading…"}
		status := views.StatusData{Message: "read-only mode: kill switch refused (function image-resize)", Level: views.LevelError}
		crumbs := []string{"services", "prod-api", "catalog-api", "tasks"}
		return frame(st, w, h, head, crumbs, "/api · sort STARTED↓ · 3/5", "catalog-api", []string{"(a pane)"}, status)
	})
}
