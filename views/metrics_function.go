package views

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views/chart"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// CanaryMetrics are the series the canary panel compares, per version
// that ran behind the alias.
func CanaryMetrics() []series.Metric {
	return []series.Metric{series.Invocations, series.Errors, series.DurationP95}
}

// CanaryAliases returns the aliases with a weighted routing config.
func CanaryAliases(d *providers.FunctionDetail) []providers.Alias {
	if d == nil {
		return nil
	}
	var out []providers.Alias
	for _, a := range d.Aliases {
		if len(a.AdditionalWeights) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// CanaryVersions lists an alias's versions with their configured weight,
// primary first.
func CanaryVersions(a providers.Alias) []CanaryWeight {
	out := []CanaryWeight{{Version: a.FunctionVersion, Weight: 1}}
	extra := make([]string, 0, len(a.AdditionalWeights))
	for v := range a.AdditionalWeights {
		extra = append(extra, v)
	}
	sort.Strings(extra)
	for _, v := range extra {
		w := a.AdditionalWeights[v]
		out[0].Weight -= w
		out = append(out, CanaryWeight{Version: v, Weight: w})
	}
	return out
}

// CanaryWeight is one version of a weighted alias.
type CanaryWeight struct {
	Version string
	Weight  float64
}

// StreamSource reports whether a function reads a stream (Kinesis,
// DynamoDB), which makes Lambda publish IteratorAge.
func StreamSource(d *providers.FunctionDetail) (providers.EventSourceMapping, bool) {
	if d == nil {
		return providers.EventSourceMapping{}, false
	}
	for _, e := range d.EventSources {
		if e.SourceKind == providers.SourceKinesis || e.SourceKind == providers.SourceDynamoDB {
			return e, true
		}
	}
	return providers.EventSourceMapping{}, false
}

// FunctionMetrics is what the function metrics screen shows.
type FunctionMetrics struct {
	Fn providers.Function
	// Detail is GetFunction (aliases, provisioned configs, triggers); nil
	// while loading.
	Detail    *providers.FunctionDetail
	DetailErr string
	Range     string
	Frame     MetricFrame
	// Err is why the last metrics request failed ("" when it did not);
	// the charts keep the last good frame.
	Err string
	// Mem is the peak memory of recent REPORT lines; nil until read.
	Mem        *MemoryUse
	MemErr     string
	MemLoading bool
}

// FunctionMetricsLines renders the function metrics screen for a pane of
// w x h: configuration summary, headroom, the canary panel and the charts.
func FunctionMetricsLines(st *theme.Styles, d FunctionMetrics, w, h int) []string {
	g := MetricsGrid(w, h)
	l := &lines{st: st}
	fn := d.Fn
	if d.Detail != nil {
		fn = d.Detail.Function
	}
	l.textWrap(summaryLine(fn, d), st.Pane.Label, g.Width)
	if d.Err != "" {
		l.line("metrics: "+d.Err, st.Text.Err)
	}
	f := d.Frame
	l.out = append(l.out, headroomLines(st, fn, d, g.Width)...)
	if d.Detail != nil && f.Loaded() {
		for _, a := range CanaryAliases(d.Detail) {
			l.out = append(l.out, "")
			l.out = append(l.out, canaryPanel(st, fn.Name, a, f, g.Width)...)
		}
	}
	l.out = append(l.out, "")
	l.out = append(l.out, renderGrid(st, g, functionCharts(st, fn, d))...)
	return l.out
}

func summaryLine(fn providers.Function, d FunctionMetrics) string {
	parts := []string{rangeLabel(d.Range, d.Frame)}
	switch {
	case fn.ReservedKnown && fn.Reserved != nil:
		parts = append(parts, "reserved "+strconv.Itoa(*fn.Reserved))
	case fn.ReservedKnown:
		parts = append(parts, "unreserved")
	}
	if d.Detail != nil {
		for _, p := range d.Detail.Provisioned {
			parts = append(parts, fmt.Sprintf("provisioned %s %d/%d %s", p.Qualifier, p.Allocated, p.Requested, p.Status))
		}
		for _, e := range d.Detail.EventSources {
			parts = append(parts, "trigger "+e.SourceKind+" "+lastPart(e.SourceARN))
		}
	} else if d.DetailErr != "" {
		parts = append(parts, "configuration: "+d.DetailErr)
	} else {
		parts = append(parts, "reading configuration…")
	}
	return strings.Join(parts, " · ")
}

// headroomLines compare the worst p99 with the timeout and the peak memory
// of recent REPORT lines with the memory size, saying what each is based on.
func headroomLines(st *theme.Styles, fn providers.Function, d FunctionMetrics, width int) []string {
	var out []string
	timeoutMs := float64(fn.TimeoutSec) * 1000
	p99ID := series.Function(series.DurationP99, fn.Name)
	p99, at := series.Peak(d.Frame.Get(p99ID))
	why, p99Failed := d.Frame.Failed[p99ID]
	switch {
	case !d.Frame.Loaded():
		out = append(out, gaugeLines(st, "Timeout", math.NaN(), width, "loading…", 0.8, 0.95)...)
	case p99Failed:
		out = append(out, gaugeLines(st, "Timeout", math.NaN(), width, "p99 duration: err · "+why, 0.8, 0.95)...)
	case at < 0:
		out = append(out, gaugeLines(st, "Timeout", math.NaN(), width, "no invocations in range · timeout "+strconv.Itoa(fn.TimeoutSec)+"s", 0.8, 0.95)...)
	default:
		out = append(out, gaugeLines(st, "Timeout", p99/timeoutMs, width,
			"worst p99 "+format.Millis(p99)+" at "+d.Frame.at(at)+" of the "+strconv.Itoa(fn.TimeoutSec)+"s timeout", 0.8, 0.95)...)
	}
	switch {
	case d.Mem != nil && d.Mem.Lines > 0:
		size := d.Mem.SizeMB
		if size == 0 {
			size = fn.MemoryMB
		}
		out = append(out, gaugeLines(st, "Memory", d.Mem.MaxUsedMB/float64(size), width,
			fmt.Sprintf("max used %.0f of %d MB in %d REPORT lines %s–%s", d.Mem.MaxUsedMB, size, d.Mem.Lines,
				d.Mem.From.UTC().Format("15:04"), d.Mem.To.UTC().Format("15:04")), 0.85, 0.95)...)
	case d.MemErr != "":
		out = append(out, gaugeLines(st, "Memory", math.NaN(), width, "REPORT lines: "+d.MemErr, 0.85, 0.95)...)
	case d.MemLoading:
		out = append(out, gaugeLines(st, "Memory", math.NaN(), width, "reading recent REPORT lines…", 0.85, 0.95)...)
	case d.Mem != nil:
		out = append(out, gaugeLines(st, "Memory", math.NaN(), width, "no REPORT lines since "+d.Mem.Since.UTC().Format("15:04"), 0.85, 0.95)...)
	default:
		out = append(out, gaugeLines(st, "Memory", math.NaN(), width, "REPORT lines are read once the metrics arrive", 0.85, 0.95)...)
	}
	return out
}

// functionCharts are the charts of a function, those that apply to it.
func functionCharts(st *theme.Styles, fn providers.Function, d FunctionMetrics) []chart.Chart {
	f := d.Frame
	base := f.baseChart("no data in this range")
	if d.Err != "" && !f.Loaded() {
		base.Empty = "not available"
	}
	per := "per " + format.Period(f.Period)
	if !f.Loaded() {
		per = ""
	}
	id := func(m series.Metric) series.ID { return series.Function(m, fn.Name) }
	inv, errs, thr := f.Get(id(series.Invocations)), f.Get(id(series.Errors)), f.Get(id(series.Throttles))
	totalInv, totalErr := series.Sum(inv), series.Sum(errs)
	minutes := float64(f.N) * f.Period.Minutes()

	c := base
	c.Title, c.Kind, c.Format = "Invocations", chart.Bars, format.Count
	c.Series = []chart.Series{{Name: "invocations", Values: inv, Style: st.Text.Info}}
	if f.Loaded() {
		c.Summary = fmt.Sprintf("%s · %s total · %s/min", per, format.Count(totalInv), format.Count(totalInv/minutes))
	}
	markFailed(&c, f, id(series.Invocations))
	charts := []chart.Chart{c}

	c = base
	c.Title, c.Kind, c.Format = "Errors", chart.Bars, format.Count
	c.Series = []chart.Series{{Name: "errors", Values: errs, Style: st.Text.Err}}
	if f.Loaded() {
		c.Summary = per + " · " + format.Count(totalErr) + " total"
		if totalInv > 0 {
			c.Summary += " · success " + format.FinePercent(1-totalErr/totalInv)
			worst, at := math.NaN(), -1
			for i := range inv {
				if inv[i] > 0 && (at < 0 || 1-errs[i]/inv[i] < worst) {
					worst, at = 1-errs[i]/inv[i], i
				}
			}
			if at >= 0 && worst < 1 {
				c.Summary += " (worst " + format.FinePercent(worst) + " at " + f.at(at) + ")"
			}
		}
	}
	markFailed(&c, f, id(series.Errors))
	charts = append(charts, c)

	c = base
	c.Title, c.Kind, c.Format = "Throttles", chart.Bars, format.Count
	c.Series = []chart.Series{{Name: "throttles", Values: thr, Style: st.Text.Warn}}
	if f.Loaded() {
		c.Summary = per + " · " + format.Count(series.Sum(thr)) + " total"
	}
	markFailed(&c, f, id(series.Throttles))
	charts = append(charts, c)

	c = base
	c.Title, c.Kind, c.Format = "Duration", chart.Lines, format.Millis
	c.Series = []chart.Series{
		{Name: "max", Values: f.Get(id(series.DurationMax)), Style: st.Text.Muted},
		{Name: "p99", Values: f.Get(id(series.DurationP99)), Style: st.Text.Warn},
		{Name: "p95", Values: f.Get(id(series.DurationP95)), Style: st.Text.Info},
		{Name: "p50", Values: f.Get(id(series.DurationP50)), Style: st.Text.OK},
	}
	legendLatest(&c, format.Millis)
	if fn.TimeoutSec > 0 {
		c.Ref = &chart.Ref{Value: float64(fn.TimeoutSec) * 1000, Label: "timeout " + strconv.Itoa(fn.TimeoutSec) + "s", Style: st.Text.Err}
	}
	markFailed(&c, f, id(series.DurationMax), id(series.DurationP99), id(series.DurationP95), id(series.DurationP50))
	charts = append(charts, c)

	c = base
	c.Title, c.Kind, c.Format = "Concurrency", chart.Lines, format.Count
	conc := f.Get(id(series.Concurrency))
	c.Series = []chart.Series{{Name: "max concurrent", Values: conc, Style: st.Text.Info}}
	if p, at := series.Peak(conc); at >= 0 {
		c.Summary = "peak " + format.Count(p) + " at " + f.at(at)
	}
	if fn.ReservedKnown && fn.Reserved != nil {
		c.Ref = &chart.Ref{Value: float64(*fn.Reserved), Label: "reserved " + strconv.Itoa(*fn.Reserved), Style: st.Text.Err}
	}
	markFailed(&c, f, id(series.Concurrency))
	charts = append(charts, c)

	if d.Detail != nil {
		for _, p := range d.Detail.Provisioned {
			c = base
			c.Title, c.Kind, c.Format, c.Top = "Provisioned "+p.Qualifier, chart.Lines, format.Percent, 1
			util := f.Get(series.Qualified(series.ProvisionedUtilization, fn.Name, p.Qualifier))
			c.Series = []chart.Series{{Name: "utilization", Values: util, Style: st.Text.Info}}
			c.Summary = fmt.Sprintf("%d/%d allocated", p.Allocated, p.Requested)
			if v, at := series.Last(util); at >= 0 {
				c.Series[0].Legend = format.Percent(v)
			}
			charts = append(charts, c)

			c = base
			c.Title, c.Kind, c.Format = "Spillover "+p.Qualifier, chart.Bars, format.Count
			spill := f.Get(series.Qualified(series.ProvisionedSpillover, fn.Name, p.Qualifier))
			c.Series = []chart.Series{{Name: "spillover", Values: spill, Style: st.Text.Warn}}
			if f.Loaded() {
				c.Summary = per + " · " + format.Count(series.Sum(spill)) + " ran on demand"
				if totalInv > 0 {
					c.Summary += " (" + format.Percent(series.Sum(spill)/totalInv) + " of invocations)"
				}
			}
			charts = append(charts, c)
		}
		if e, ok := StreamSource(d.Detail); ok {
			c = base
			c.Title, c.Kind, c.Format = "Iterator age", chart.Lines, format.Millis
			iter := f.Get(id(series.IteratorAge))
			c.Series = []chart.Series{{Name: "max", Values: iter, Style: st.Text.Warn}}
			c.Summary = e.SourceKind + " " + lastPart(e.SourceARN)
			if p, at := series.Peak(iter); at >= 0 {
				c.Summary += " · worst " + format.Millis(p) + " at " + f.at(at)
			}
			charts = append(charts, c)
		}
	}
	async := f.Get(id(series.AsyncEventAge))
	if _, last := series.Last(async); f.Loaded() && last >= 0 {
		c = base
		c.Title, c.Kind, c.Format = "Async event age", chart.Lines, format.Millis
		c.Series = []chart.Series{{Name: "max", Values: async, Style: st.Text.Warn}}
		if p, at := series.Peak(async); at >= 0 {
			c.Summary = "worst " + format.Millis(p) + " at " + f.at(at) + " in Lambda's queue"
		}
		charts = append(charts, c)
	}
	return charts
}

// canaryPanel puts each version of a weighted alias side by side: its
// configured weight, the share of traffic it really served, its errors
// and its p95, from the ExecutedVersion dimension.
func canaryPanel(st *theme.Styles, fn string, a providers.Alias, f MetricFrame, width int) []string {
	vs := CanaryVersions(a)
	title := st.Pane.Section.Render("Canary · alias " + sanitize.Line(a.Name))
	type figures struct {
		inv, errs, rate, p95 float64
		errSeries, p95s      []float64
	}
	fig := make([]figures, len(vs))
	total := 0.0
	for i, v := range vs {
		inv := f.Get(series.Executed(series.Invocations, fn, a.Name, v.Version))
		errs := f.Get(series.Executed(series.Errors, fn, a.Name, v.Version))
		rates := make([]float64, len(inv))
		for j := range inv {
			rates[j] = math.NaN()
			if inv[j] > 0 {
				rates[j] = errs[j] / inv[j]
			}
		}
		fig[i] = figures{inv: series.Sum(inv), errs: series.Sum(errs), errSeries: rates, p95s: f.Get(series.Executed(series.DurationP95, fn, a.Name, v.Version))}
		fig[i].rate = math.NaN()
		if fig[i].inv > 0 {
			fig[i].rate = fig[i].errs / fig[i].inv
		}
		fig[i].p95 = series.Mean(fig[i].p95s)
		total += fig[i].inv
	}
	verdict := st.Text.Muted.Render("  no traffic through the alias in this range")
	if len(fig) > 1 && fig[0].inv > 0 {
		verdict = canaryVerdict(st, vs, fig[0].rate, fig[0].p95, fig[1].rate, fig[1].p95, fig[1].errs)
	}
	colW := max((width-3*(len(vs)-1))/len(vs), 20)
	sparkW := max(min(colW-26, 24), 4)
	blocks := make([][]string, len(vs))
	for i, v := range vs {
		role := "primary"
		if i > 0 {
			role = "canary"
		}
		share := math.NaN()
		if total > 0 {
			share = fig[i].inv / total
		}
		errTone := toneFor(st, fig[i].rate >= 0.05, fig[i].rate > 0.01)
		blocks[i] = []string{
			st.Text.Bold.Render("v"+sanitize.Line(v.Version)) + st.Pane.Label.Render(" · "+role+" · weight "+format.Percent(v.Weight)),
			st.Pane.Label.Render(kit.Fit("traffic", 9)) + st.Pane.Value.Render(kit.FitRight(format.FinePercent(share), 7)+"  "+format.Count(fig[i].inv)+" invocations"),
			st.Pane.Label.Render(kit.Fit("errors", 9)) + errTone.Render(kit.FitRight(format.Percent(fig[i].rate), 7)) + "  " + st.Text.Err.Render(chart.Spark(fig[i].errSeries, sparkW, chart.Max)),
			st.Pane.Label.Render(kit.Fit("p95 avg", 9)) + st.Pane.Value.Render(kit.FitRight(format.Millis(fig[i].p95), 7)) + "  " + st.Text.Info.Render(chart.Spark(fig[i].p95s, sparkW, chart.Max)),
		}
	}
	out := []string{title + verdict}
	return append(out, sideBySide(st, blocks, colW)...)
}

// canaryVerdict compares the canary with the primary in one phrase.
func canaryVerdict(st *theme.Styles, vs []CanaryWeight, rate0, p950, rate1, p951, errs1 float64) string {
	name0, name1 := "v"+sanitize.Line(vs[0].Version), "v"+sanitize.Line(vs[1].Version)
	switch {
	case math.IsNaN(rate1):
		return st.Text.Muted.Render("  " + name1 + " served nothing yet")
	case errs1 >= 5 && rate1 > 2*rate0 && rate1 > 0.005:
		x := "much more"
		if rate0 > 0 {
			x = fmt.Sprintf("%.0f×", rate1/rate0)
		}
		return st.Text.Err.Render("  " + name1 + " errors " + x + " as often as " + name0 + " — consider rolling back")
	case p950 > 0 && p951 > 1.3*p950:
		return st.Text.Warn.Render(fmt.Sprintf("  %s is %.0f%% slower than %s", name1, (p951/p950-1)*100, name0))
	}
	return st.Text.OK.Render("  " + name1 + " looks like " + name0 + " so far")
}

// MemoryUse is the peak memory that a function's recent REPORT lines
// showed. Lambda publishes no memory metric without Lambda Insights, so
// virga reads it from the logs when a function's metrics are opened.
type MemoryUse struct {
	MaxUsedMB float64
	// SizeMB is the memory size the REPORT lines state (0 if absent).
	SizeMB int
	Lines  int
	// From and To span the REPORT lines read; Since is the start of the
	// span searched and At when it was read.
	From, To  time.Time
	Since, At time.Time
}
