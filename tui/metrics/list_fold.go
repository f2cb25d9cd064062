package metrics

import (
	"context"
	"math"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	vchart "github.com/virgahq/virga/views/chart"
)

// listFrame is the aligned window of one list request.
type listFrame struct {
	start  time.Time
	period time.Duration
	n      int
	window time.Duration
}

// liveMetrics are the five series of a function behind the live columns.
var liveMetrics = [...]series.Metric{series.Invocations, series.Errors, series.Throttles, series.DurationP95, series.Concurrency}

// functionMetricsRequest builds the queries of the live columns: five per
// function over the window ending at the last full period.
func functionMetricsRequest(names []string, now time.Time, span, period time.Duration) (providers.MetricRequest, listFrame) {
	start, end, n := Window(now, span, period)
	req := providers.MetricRequest{Start: start, End: end, Queries: make([]providers.MetricQuery, 0, len(names)*len(liveMetrics))}
	for _, name := range names {
		for _, lm := range liveMetrics {
			req.Queries = append(req.Queries, series.Function(lm, name).Query(period))
		}
	}
	return req, listFrame{start: start, period: period, n: n, window: span}
}

// LiveFigures reads the functions list's live columns for names over
// window, with the same queries, periods and folding as the TUI, for
// `virga get functions --metrics`: five metrics per function in one
// request, which the provider splits into calls of 500.
func LiveFigures(ctx context.Context, r providers.MetricsReader, names []string, now time.Time, window time.Duration) (map[string]views.FunctionLive, error) {
	req, frame := functionMetricsRequest(names, now, window, PeriodFor(window, listPoints))
	res, err := r.GetMetricData(ctx, req)
	if err != nil {
		return nil, err
	}
	return foldLive(res, names, frame), nil
}

// LiveEvery is how often the live columns over window change: once a
// period, less often for wide windows, as the TUI refreshes them.
func LiveEvery(window time.Duration) time.Duration {
	return RefreshFor(window, PeriodFor(window, listPoints))
}

// LiveTotals are the invocations and errors over the window behind a
// function's live figures.
func LiveTotals(lv views.FunctionLive) (invocations, errors float64) {
	return series.Sum(lv.Series.Inv), series.Sum(lv.Series.Err)
}

// foldLive turns the series of each function into its live figures:
// invocations per minute and throttles summed over the window, the error
// rate as errors over invocations, p95 as the worst period's p95, the
// peak concurrency, and the aligned series behind the sparklines.
func foldLive(res providers.MetricResult, names []string, fr listFrame) map[string]views.FunctionLive {
	byKey := make(map[string]*providers.MetricSeries, len(res.Series))
	for i := range res.Series {
		byKey[res.Series[i].Key] = &res.Series[i]
	}
	minutes := fr.window.Minutes()
	out := make(map[string]views.FunctionLive, len(names))
	for _, n := range names {
		lv := views.FunctionLive{Window: fr.window, Period: fr.period}
		var forbidden bool
		// get aligns a series on the periods, counts zero and other
		// statistics NaN where CloudWatch had nothing; a series that failed
		// on its own is all NaN, its reason kept in *failed.
		get := func(m series.Metric, failed *string) []float64 {
			s := byKey[series.Function(m, n).Key()]
			vals := make([]float64, fr.n)
			fill := math.NaN()
			if m.IsCount() {
				fill = 0
			}
			if s != nil && s.Status == "InternalError" {
				fill = math.NaN()
				*failed = s.Message
				if *failed == "" {
					*failed = "CloudWatch could not read this series"
				}
			}
			for i := range vals {
				vals[i] = fill
			}
			if s == nil {
				return vals
			}
			if s.Status == "Forbidden" {
				forbidden = true
			}
			for i, ts := range s.Timestamps {
				if j := int(ts.Sub(fr.start) / fr.period); j >= 0 && j < fr.n && i < len(s.Values) {
					vals[j] = s.Values[i]
				}
			}
			return vals
		}
		se := &lv.Series
		fl := &lv.Failed
		se.Inv, se.Err, se.Thr = get(series.Invocations, &fl.Inv), get(series.Errors, &fl.Err), get(series.Throttles, &fl.Thr)
		se.P95, se.Conc = get(series.DurationP95, &fl.P95), get(series.Concurrency, &fl.Conc)
		inv, errs, thr := series.Sum(se.Inv), series.Sum(se.Err), series.Sum(se.Thr)
		lv.InvPerMin = inv / minutes
		lv.Throttles = thr
		lv.ErrRate = math.NaN()
		if inv > 0 && fl.Err == "" {
			lv.ErrRate = errs / inv
		}
		lv.P95, _ = series.Peak(se.P95)
		lv.MaxConc, _ = series.Peak(se.Conc)
		if math.IsNaN(lv.MaxConc) && inv == 0 && fl.Conc == "" {
			lv.MaxConc = 0
		}
		if fl.Inv != "" {
			lv.InvPerMin = math.NaN()
		}
		if fl.Thr != "" {
			lv.Throttles = math.NaN()
		}
		rate := make([]float64, fr.n)
		for i := range rate {
			rate[i] = math.NaN()
			if se.Inv[i] > 0 {
				rate[i] = se.Err[i] / se.Inv[i]
			}
		}
		w := views.SparkWidth
		lv.Sparks = views.LiveSparks{
			Inv:  vchart.Spark(se.Inv, w, vchart.Mean),
			Err:  vchart.Spark(rate, w, vchart.Max),
			Thr:  vchart.Spark(se.Thr, w, vchart.Mean),
			P95:  vchart.Spark(se.P95, w, vchart.Max),
			Conc: vchart.Spark(se.Conc, w, vchart.Max),
		}
		if forbidden {
			lv.Denied, lv.Err = true, "no permission: cloudwatch:GetMetricData"
		}
		out[n] = lv
	}
	return out
}
