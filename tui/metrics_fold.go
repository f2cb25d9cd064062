package tui

import (
	"math"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/chart"
)

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
			Inv:  chart.Spark(se.Inv, w, chart.Mean),
			Err:  chart.Spark(rate, w, chart.Max),
			Thr:  chart.Spark(se.Thr, w, chart.Mean),
			P95:  chart.Spark(se.P95, w, chart.Max),
			Conc: chart.Spark(se.Conc, w, chart.Max),
		}
		if forbidden {
			lv.Denied, lv.Err = true, "no permission: cloudwatch:GetMetricData"
		}
		out[n] = lv
	}
	return out
}
