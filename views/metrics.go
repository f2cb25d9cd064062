package views

import (
	"math"
	"strings"
	"time"

	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views/chart"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// MetricFrame is a set of series aligned on the same periods: N periods
// of Period from Start, oldest first. Counts are zero where CloudWatch
// had nothing; other statistics are NaN there.
type MetricFrame struct {
	Start  time.Time
	Period time.Duration
	N      int
	Series map[series.ID][]float64
	// Forbidden says CloudWatch refused some series.
	Forbidden bool
	// Failed holds the series that failed on their own and why; their
	// values are NaN.
	Failed map[series.ID]string
}

// markFailed marks the series of c that failed: "err" beside the name,
// or, when none of the chart's series was read, the reason in place of
// the plot. ids are the series of c.Series, in order.
func markFailed(c *chart.Chart, f MetricFrame, ids ...series.ID) {
	failed, why := 0, ""
	for i, id := range ids {
		if r, ok := f.Failed[id]; ok && i < len(c.Series) {
			c.Series[i].Legend = "err"
			failed, why = failed+1, r
		}
	}
	if failed > 0 && failed == len(c.Series) {
		c.Empty = sanitize.Line("err · " + why)
		c.Summary = ""
	}
}

// baseChart is a chart over the frame's periods that reads "loading…"
// until the frame is loaded and empty after.
func (f MetricFrame) baseChart(empty string) chart.Chart {
	if !f.Loaded() {
		empty = "loading…"
	}
	return chart.Chart{Start: f.Start, Period: f.Period, Empty: empty}
}

// legendLatest writes each series' newest value beside its name.
func legendLatest(c *chart.Chart, format func(float64) string) {
	for i := range c.Series {
		if v, at := series.Last(c.Series[i].Values); at >= 0 {
			c.Series[i].Legend = format(v)
		}
	}
}

// Loaded reports whether the frame holds an answer.
func (f MetricFrame) Loaded() bool { return f.Period > 0 }

// Get returns the series id, or all-NaN when it was not asked for.
func (f MetricFrame) Get(id series.ID) []float64 {
	if v, ok := f.Series[id]; ok {
		return v
	}
	out := make([]float64, f.N)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

// ChartGrid is how charts tile a metrics screen.
type ChartGrid struct {
	// Width is the usable width inside the pane.
	Width    int
	Cols     int
	ColWidth int
	PlotRows int
}

// chartGap separates charts side by side.
const chartGap = 3

// MetricsGrid lays charts out for a pane of w x h: one column up to 150
// cells, two beyond, and taller plots on taller terminals. The tui asks
// for as many periods as the plot is wide, so a period is one column.
func MetricsGrid(w, h int) ChartGrid {
	g := ChartGrid{Width: max(w-2, 20), Cols: 1}
	if g.Width >= 150 {
		g.Cols = 2
	}
	g.ColWidth = (g.Width - chartGap*(g.Cols-1)) / g.Cols
	switch body := h - 1; {
	case body >= 44:
		g.PlotRows = 6
	case body >= 34:
		g.PlotRows = 5
	case body >= 18:
		g.PlotRows = 4
	default:
		g.PlotRows = 3
	}
	return g
}

// Points is how many periods a chart of the grid shows.
func (g ChartGrid) Points() int { return chart.PlotWidth(g.ColWidth) }

// chartStyles are the non-data styles of every chart.
func chartStyles(st *theme.Styles) chart.Styles {
	return chart.Styles{Title: st.Pane.Section, Summary: st.Pane.Label, Axis: st.Pane.Border,
		Label: st.Pane.Label, Empty: st.Text.Muted, Marks: st.Mode == theme.NoColor}
}

// renderGrid draws charts in the grid's columns, row by row.
func renderGrid(st *theme.Styles, g ChartGrid, charts []chart.Chart) []string {
	cs := chartStyles(st)
	var out []string
	for i := 0; i < len(charts); i += g.Cols {
		row := charts[i:min(i+g.Cols, len(charts))]
		blocks := make([][]string, len(row))
		for j, c := range row {
			blocks[j] = chart.Render(c, cs, g.ColWidth, g.PlotRows)
		}
		for l := range chart.Height(g.PlotRows) {
			var b strings.Builder
			for j := range blocks {
				if j > 0 {
					b.WriteString(strings.Repeat(" ", chartGap))
				}
				b.WriteString(blocks[j][l])
			}
			out = append(out, b.String())
		}
		out = append(out, "")
	}
	return out
}

// sideBySide joins blocks of lines in columns of width colW separated by
// a rule, padding shorter blocks.
func sideBySide(st *theme.Styles, blocks [][]string, colW int) []string {
	h := 0
	for _, b := range blocks {
		h = max(h, len(b))
	}
	sep := st.Pane.Border.Render(" │ ")
	out := make([]string, h)
	for i := range h {
		var b strings.Builder
		for j, blk := range blocks {
			if j > 0 {
				b.WriteString(sep)
			}
			cell := ""
			if i < len(blk) {
				cell = blk[i]
			}
			b.WriteString(kit.FitStyled(cell, colW))
		}
		out[i] = b.String()
	}
	return out
}

// gaugeLines is a labelled gauge with its detail, "Timeout   ▕██████░░▏
// 85%  detail", the detail wrapped under itself when the line is narrow.
func gaugeLines(st *theme.Styles, label string, frac float64, width int, detail string, warnAt, errAt float64) []string {
	gw := min(max(width/5, 10), 30)
	tone := st.Text.OK
	switch {
	case math.IsNaN(frac):
		tone = st.Text.Muted
	case frac >= errAt:
		tone = st.Text.Err
	case frac >= warnAt:
		tone = st.Text.Warn
	}
	filled, empty := chart.Gauge(frac, gw)
	pct := "  —"
	if !math.IsNaN(frac) {
		pct = kit.FitRight(format.Percent(frac), 5)
	}
	head := st.Pane.Label.Render(kit.Fit(label, 10)) + st.Pane.Border.Render("▕") + tone.Render(filled) +
		st.Pane.Border.Render(empty+"▏") + tone.Render(pct) + "  "
	indent := 10 + gw + 2 + 5 + 2
	l := &lines{st: st}
	l.hanging(head, strings.Repeat(" ", indent), kit.Wrap(sanitize.Line(detail), max(width-indent, 8)), st.Pane.Value)
	return l.out
}

// rangeLabel is "last 1h in 1m periods", the first words of a metrics
// screen.
func rangeLabel(r string, f MetricFrame) string {
	if !f.Loaded() {
		return "last " + r
	}
	return "last " + r + " in " + format.Period(f.Period) + " periods"
}

// at is the UTC clock time of period i of the frame.
func (f MetricFrame) at(i int) string {
	if i < 0 {
		return ""
	}
	t := f.Start.Add(time.Duration(i) * f.Period).UTC()
	if f.Period*time.Duration(f.N) > 48*time.Hour {
		return t.Format("01-02 15:04")
	}
	return t.Format("15:04")
}
