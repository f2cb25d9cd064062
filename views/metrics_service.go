package views

import (
	"fmt"
	"math"
	"strconv"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views/chart"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/theme"
)

// InsightsOn reports whether a cluster's Container Insights setting
// publishes the ECS/ContainerInsights metrics.
func InsightsOn(setting string) bool {
	return setting == providers.InsightsEnabled || setting == providers.InsightsEnhanced
}

// ServiceMetrics is what the Fargate service metrics screen shows.
type ServiceMetrics struct {
	Service providers.Service
	// Insights is the cluster's Container Insights setting; empty while
	// the cluster is being read.
	Insights    string
	InsightsErr string
	Range       string
	Frame       MetricFrame
	Err         string
}

// ServiceMetricsLines renders the service metrics screen for a pane of
// w x h.
func ServiceMetricsLines(st *theme.Styles, d ServiceMetrics, w, h int) []string {
	g := MetricsGrid(w, h)
	s := d.Service
	f := d.Frame
	parts := rangeLabel(d.Range, f)
	// Opened from a task, the service may not have been described.
	if s.TaskDefFamily != "" {
		parts += fmt.Sprintf(" · task def %s:%d · %d desired, %d running, %d pending when opened",
			s.TaskDefFamily, s.TaskDefRevision, s.Desired, s.Running, s.Pending)
	}
	l := &lines{st: st}
	l.textWrap(parts, st.Pane.Label, g.Width)
	if d.Err != "" {
		l.textWrap("metrics: "+d.Err, st.Text.Err, g.Width)
	}
	switch {
	case d.Insights == "" && d.InsightsErr == "":
		l.kvWrap("Insights", "reading the cluster's Container Insights setting…", st.Text.Muted, g.Width)
	case d.InsightsErr != "":
		l.kvWrap("Insights", "unknown ("+d.InsightsErr+"); showing AWS/ECS metrics only", st.Text.Warn, g.Width)
	case d.Insights == providers.InsightsEnhanced:
		l.kvWrap("Insights", "Container Insights enhanced on "+s.Cluster+
			" · service-level figures below; per-task figures are in the cluster's performance log group", st.Text.OK, g.Width)
	case InsightsOn(d.Insights):
		l.kvWrap("Insights", "Container Insights enabled on "+s.Cluster+
			" · service-level figures; per-task figures need enhanced observability", st.Text.OK, g.Width)
	default:
		l.kvWrap("Insights", "Container Insights is off on "+s.Cluster+
			" · task counts over time and CPU/memory in units need it; AWS/ECS utilisation is shown", st.Text.Warn, g.Width)
	}
	l.out = append(l.out, "")
	return append(l.out, renderGrid(st, g, serviceCharts(st, d))...)
}

func serviceCharts(st *theme.Styles, d ServiceMetrics) []chart.Chart {
	f := d.Frame
	base := f.baseChart("no running tasks reported in this range")
	id := func(m series.Metric) series.ID { return series.Service(m, d.Service.Cluster, d.Service.Name) }
	util := func(title string, avgKey, maxKey series.ID) chart.Chart {
		c := base
		c.Title, c.Kind, c.Format, c.Top = title, chart.Lines, pct100, 100
		c.Series = []chart.Series{
			{Name: "max task", Values: f.Get(maxKey), Style: st.Text.Warn},
			{Name: "average", Values: f.Get(avgKey), Style: st.Text.Info},
		}
		legendLatest(&c, pct100)
		if p, at := series.Peak(f.Get(maxKey)); at >= 0 {
			c.Summary = "of task size · peak " + pct100(p) + " at " + f.at(at)
		}
		return c
	}
	charts := []chart.Chart{
		util("CPU utilization", id(series.CPUAverage), id(series.CPUMax)),
		util("Memory utilization", id(series.MemoryAverage), id(series.MemoryMax)),
	}
	c := base
	c.Title, c.Kind, c.Format = "Tasks", chart.Lines, format.Count
	if InsightsOn(d.Insights) {
		c.Series = []chart.Series{
			{Name: "desired", Values: f.Get(id(series.DesiredTasks)), Style: st.Text.Muted},
			{Name: "pending", Values: f.Get(id(series.PendingTasks)), Style: st.Text.Warn},
			{Name: "running", Values: f.Get(id(series.RunningTasks)), Style: st.Text.OK},
		}
		legendLatest(&c, format.Count)
		c.Summary = "running vs desired"
		charts = append(charts, c)
		used := func(title string, usedKey, resKey series.ID, axis, legend func(float64) string) chart.Chart {
			c := base
			c.Title, c.Kind, c.Format = title, chart.Lines, axis
			c.Series = []chart.Series{
				{Name: "reserved", Values: f.Get(resKey), Style: st.Text.Muted},
				{Name: "used", Values: f.Get(usedKey), Style: st.Text.Info},
			}
			legendLatest(&c, legend)
			c.Summary = "all tasks, Container Insights"
			return c
		}
		charts = append(charts,
			used("CPU used (vCPU)", id(series.CPUUsed), id(series.CPUReserved), func(v float64) string { return trimNum(v / 1024) }, vCPU),
			used("Memory used (GiB)", id(series.MemoryUsed), id(series.MemoryReserved), func(v float64) string { return trimNum(v / 1024) }, mib))
	} else {
		c.Empty = "running vs desired over time needs Container Insights, which is off"
		if d.Service.TaskDefFamily != "" {
			c.Empty += " · when opened: " + strconv.Itoa(d.Service.Running) + " running of " + strconv.Itoa(d.Service.Desired) + " desired"
		}
		if d.Insights == "" && d.InsightsErr == "" {
			c.Empty = "loading…"
		}
		charts = append(charts, c)
	}
	return charts
}

// trimNum writes an axis number compactly: 12, 4.5, 0.25.
func trimNum(v float64) string {
	switch {
	case v >= 100 || v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// vCPU formats ECS CPU units (1,024 to a vCPU).
func vCPU(units float64) string {
	if math.IsNaN(units) {
		return "—"
	}
	return strconv.FormatFloat(units/1024, 'f', 1, 64) + " vCPU"
}

// mib formats MiB as MiB or GiB.
func mib(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v >= 1024:
		return strconv.FormatFloat(v/1024, 'f', 1, 64) + " GiB"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " MiB"
}

// pct100 formats a value already in percent (ECS utilisation).
func pct100(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + "%"
}
