package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/kit"
)

// Kind is how a chart draws its values.
type Kind uint8

// Chart kinds: Lines for levels (durations, utilisation, concurrency),
// drawn in quarter blocks with two dots of height per row; Bars for counts per
// period (invocations, errors), drawn in eighth blocks.
const (
	Lines Kind = iota
	Bars
)

// Series is one set of values over the chart's periods.
type Series struct {
	Name string
	// Values has one entry per period, oldest first; NaN means no data.
	Values []float64
	Style  lipgloss.Style
	// Legend is the figure shown beside the name in the title line, e.g.
	// the latest value; empty shows only the name.
	Legend string
}

// Ref is a horizontal reference: a limit, a reservation, a desired count.
type Ref struct {
	Value float64
	Label string
	Style lipgloss.Style
}

// Chart is one chart over time.
type Chart struct {
	Title string
	// Summary follows the title: totals or a verdict for the range.
	Summary string
	Kind    Kind
	// Series are drawn in order; where lines cross, the later one shows.
	// Bars draw only the first series.
	Series []Series
	// Format writes a value in the chart's unit (y labels).
	Format func(float64) string
	// Top fixes the top of the scale (100 for percentages); 0 picks a
	// round number above the largest value.
	Top float64
	Ref *Ref
	// Start is the start of the first period and Period its length; they
	// place the time labels.
	Start  time.Time
	Period time.Duration
	// Empty is shown in place of the plot when no series has data.
	Empty string
}

// Styles are the chart's non-data styles.
type Styles struct {
	Title, Summary, Axis, Label, Empty lipgloss.Style
	// Marks tells the series of a line chart apart by glyph instead of
	// colour (NO_COLOR): each series draws its own mark, one per column,
	// and the legend shows it.
	Marks bool
}

// marks are the glyphs of a line chart's series when Styles.Marks is
// set, in series order: ASCII, so every font draws them one cell wide.
const marks = "*+ox#%@="

// Mark is the glyph of series i of a chart drawn with marks.
func Mark(i int) string { return string(marks[i%len(marks)]) }

// useMarks reports whether c is drawn with a mark per series: a line
// chart of several series when colour cannot tell them apart.
func useMarks(c Chart, st Styles) bool {
	return st.Marks && c.Kind == Lines && len(c.Series) > 1
}

// labelWidth is the width of the y labels; the axis follows them.
const labelWidth = 6

// Height is how many lines Render returns for plotRows rows of plot: the
// title line, the plot and the time axis.
func Height(plotRows int) int { return plotRows + 2 }

// PlotWidth is the plot's width inside a chart width columns wide: one
// column per period at most.
func PlotWidth(width int) int { return max(width-labelWidth-1, 1) }

// Render draws c in exactly Height(plotRows) lines of exactly width cells.
func Render(c Chart, st Styles, width, plotRows int) []string {
	plotRows = max(plotRows, 1)
	out := make([]string, 0, Height(plotRows))
	out = append(out, kit.FitStyled(titleLine(c, st), width))
	pw := PlotWidth(width)
	n := 0
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	top := c.Top
	if top <= 0 {
		top = niceTop(dataMax(c))
	}
	format := c.Format
	if format == nil {
		format = func(v float64) string { return trimFloat(v) }
	}
	var rows []string
	if !hasData(c) {
		rows = emptyRows(c, st, pw, plotRows)
	} else if c.Kind == Bars {
		rows = barRows(c.Series[0], n, pw, plotRows, top)
	} else if useMarks(c, st) {
		rows = markRows(c, n, pw, plotRows, top)
	} else {
		rows = lineRows(c, n, pw, plotRows, top)
	}
	for r, row := range rows {
		label := ""
		// The top, and half of it where a row edge falls exactly there
		// (but no "0.5" on a chart of counts).
		switch {
		case r == 0:
			label = format(top)
		case plotRows >= 4 && plotRows%2 == 0 && r == plotRows/2 && (c.Kind == Lines || top >= 2):
			label = format(top / 2)
		}
		out = append(out, kit.FitStyled(st.Label.Render(fitLeft(label, labelWidth))+st.Axis.Render("┤")+row, width))
	}
	// The baseline is zero in every unit; "0.0ms" would only add noise.
	out = append(out, kit.FitStyled(st.Label.Render(fitLeft("0", labelWidth))+axisLine(c, st, n, pw), width))
	return out
}

func titleLine(c Chart, st Styles) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(c.Title))
	if c.Summary != "" {
		b.WriteString(st.Summary.Render("  " + c.Summary))
	}
	legend := len(c.Series) > 1 || c.Ref != nil
	for _, s := range c.Series {
		legend = legend || s.Legend != ""
	}
	if legend {
		for i, s := range c.Series {
			glyph := "━"
			if useMarks(c, st) {
				glyph = Mark(i)
			}
			b.WriteString("  " + s.Style.Render(glyph) + st.Summary.Render(" "+s.Name))
			if s.Legend != "" {
				b.WriteString(" " + s.Style.Render(s.Legend))
			}
		}
		if c.Ref != nil {
			b.WriteString("  " + c.Ref.Style.Render("┄ "+c.Ref.Label))
		}
	}
	return b.String()
}

func hasData(c Chart) bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

func dataMax(c Chart) float64 {
	m := 0.0
	for i, s := range c.Series {
		if c.Kind == Bars && i > 0 {
			break
		}
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				m = math.Max(m, v)
			}
		}
	}
	// A reference within reach of the data is worth fitting on the scale
	// (a reservation the function runs into); a far one would flatten it.
	if c.Ref != nil && c.Ref.Value > m && c.Ref.Value <= 3*m {
		m = c.Ref.Value
	}
	return m
}

// niceTop rounds v up to a round multiple of a power of ten, so the top
// label reads at a glance and the plot still uses most of its height.
func niceTop(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if t := m * exp; t >= v*(1-1e-9) {
			return t
		}
	}
	return 10 * exp
}

func emptyRows(c Chart, st Styles, pw, plotRows int) []string {
	rows := make([]string, plotRows)
	for i := range rows {
		rows[i] = strings.Repeat(" ", pw)
	}
	msg := c.Empty
	if msg == "" {
		msg = "no data in this range"
	}
	rows[plotRows/2] = st.Empty.Render(kit.FitStyled(" "+ansi.Truncate(msg, pw-1, "…"), pw))
	return rows
}

// colRange is the span of periods drawn in column c of pw columns.
func colRange(c, n, pw int) (lo, hi int) {
	lo = c * n / pw
	hi = max((c+1)*n/pw, lo+1)
	return lo, min(hi, n)
}

// barRows draws one series as bars: each period takes an equal share of
// the columns. When periods outnumber columns a column shows the largest
// of its periods, so the scale stays "per period".
func barRows(s Series, n, pw, plotRows int, top float64) []string {
	cells := plotRows * 8
	heights := make([]int, pw)
	for c := range pw {
		var v float64
		if n <= pw {
			i := c * n / pw
			v = s.Values[min(i, len(s.Values)-1)]
		} else {
			lo, hi := colRange(c, n, pw)
			v = combine(s.Values, lo, hi, Max)
		}
		if math.IsNaN(v) || v <= 0 {
			heights[c] = -1
			if v == 0 {
				heights[c] = 0
			}
			continue
		}
		h := int(math.Round(v / top * float64(cells)))
		heights[c] = min(max(h, 1), cells)
	}
	rows := make([]string, plotRows)
	for r := range plotRows {
		var b strings.Builder
		floor := (plotRows - 1 - r) * 8
		for _, h := range heights {
			switch fill := h - floor; {
			case fill >= 8:
				b.WriteRune(lowerBlock(8))
			case fill > 0:
				b.WriteRune(lowerBlock(fill))
			default:
				b.WriteByte(' ')
			}
		}
		rows[r] = s.Style.Render(b.String())
	}
	return rows
}

// axisLine is the time axis: a rule with time labels placed under the
// periods they name, at a step that leaves room between labels.
func axisLine(c Chart, st Styles, n, pw int) string {
	rule := []rune("└" + strings.Repeat("─", pw))
	if n == 0 || c.Period <= 0 || c.Start.IsZero() {
		return st.Axis.Render(string(rule))
	}
	span := time.Duration(n) * c.Period
	layout := "15:04"
	if span > 48*time.Hour {
		layout = "01-02"
	}
	labelW := len(layout) + 2
	step := labelStep(span, pw, labelW)
	first := c.Start.Truncate(step)
	if first.Before(c.Start) {
		first = first.Add(step)
	}
	last := -labelW
	for t := first; t.Before(c.Start.Add(span)); t = t.Add(step) {
		col := int(float64(t.Sub(c.Start)) / float64(span) * float64(pw))
		text := t.UTC().Format(layout)
		if col < last+labelW || col+len(text) >= pw {
			continue
		}
		copy(rule[1+col:], []rune(text))
		last = col
	}
	return st.Axis.Render(string(rule))
}

// labelStep is the smallest round time step that leaves labelW columns
// for every label.
func labelStep(span time.Duration, pw, labelW int) time.Duration {
	steps := []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
		15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour,
		12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour}
	for _, s := range steps {
		if float64(s)/float64(span)*float64(pw) >= float64(labelW) {
			return s
		}
	}
	return steps[len(steps)-1]
}

// fitLeft right-aligns plain text in w cells, cutting it when too long.
func fitLeft(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "")
	}
	return strings.Repeat(" ", w-sw) + s
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
