package tui

import (
	"context"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/views"
)

// LiveFigures reads the functions list's live columns for names over
// window, with the same queries, periods and folding as the TUI, for
// `virga get functions --metrics`: five metrics per function in one
// request, which the provider splits into calls of 500.
func LiveFigures(ctx context.Context, r providers.MetricsReader, names []string, now time.Time, window time.Duration) (map[string]views.FunctionLive, error) {
	req, frame := functionMetricsRequest(names, now, window, metrics.PeriodFor(window, listPoints))
	res, err := r.GetMetricData(ctx, req)
	if err != nil {
		return nil, err
	}
	return foldLive(res, names, frame), nil
}

// LiveEvery is how often the live columns over window change: once a
// period, less often for wide windows, as the TUI refreshes them.
func LiveEvery(window time.Duration) time.Duration {
	return metrics.RefreshFor(window, metrics.PeriodFor(window, listPoints))
}

// LiveTotals are the invocations and errors over the window behind a
// function's live figures.
func LiveTotals(lv views.FunctionLive) (invocations, errors float64) {
	return series.Sum(lv.Series.Inv), series.Sum(lv.Series.Err)
}
