package chart_test

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/chart"
)

var t0 = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

func series(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestSparkWidthAndZeroVersusSmall(t *testing.T) {
	for _, w := range []int{1, 4, 8, 20} {
		for _, n := range []int{0, 3, 8, 15, 180} {
			got := chart.Spark(series(n, func(i int) float64 { return float64(i % 5) }), w, chart.Mean)
			if ansi.StringWidth(got) != w {
				t.Fatalf("spark of %d values at width %d is %d wide: %q", n, w, ansi.StringWidth(got), got)
			}
		}
	}
	// Zero draws the lowest bar; any error at all draws a taller one.
	got := []rune(chart.Spark([]float64{0, 0.001, 0, 1}, 4, chart.Max))
	if got[0] != '▁' || got[1] == '▁' || got[3] != '█' {
		t.Fatalf("zero and small must differ, peak must be full: %q", string(got))
	}
	// Missing periods are blank, not zero.
	if got := chart.Spark([]float64{math.NaN(), 1}, 2, chart.Max); !strings.HasPrefix(got, " ") {
		t.Fatalf("NaN should be blank: %q", got)
	}
}

func TestSparkShowsVariationOfSteadyTraffic(t *testing.T) {
	steady := chart.Spark([]float64{600, 610, 590, 560, 600, 620, 600, 605}, 8, chart.Mean)
	if strings.Count(steady, "█") > 2 || strings.Contains(steady, "▁") {
		t.Fatalf("steady traffic with a dip should neither fill nor bottom out: %q", steady)
	}
	if r := []rune(steady); r[3] >= r[5] {
		t.Fatalf("the dip should be lower than the peak: %q", steady)
	}
	if flat := chart.Spark([]float64{3, 3, 3}, 3, chart.Max); flat != "▅▅▅" {
		t.Fatalf("a constant level should sit mid-height: %q", flat)
	}
}

func TestResampleMeanKeepsLevel(t *testing.T) {
	// 15 equal per-minute counts squeezed into 8 cells must stay level:
	// a sum would make cells holding two minutes look twice as busy.
	got := chart.Resample(series(15, func(int) float64 { return 500 }), 8, chart.Mean)
	for i, v := range got {
		if v != 500 {
			t.Fatalf("cell %d = %v, want 500: %v", i, v, got)
		}
	}
}

func TestGaugeFillsWidth(t *testing.T) {
	for _, f := range []float64{math.NaN(), -1, 0, 0.013, 0.5, 0.85, 1, 3} {
		full, empty := chart.Gauge(f, 20)
		if w := ansi.StringWidth(full + empty); w != 20 {
			t.Fatalf("gauge %v is %d wide", f, w)
		}
	}
	if full, _ := chart.Gauge(0.5, 20); full != strings.Repeat("█", 10) {
		t.Fatalf("half gauge = %q", full)
	}
}

func TestRenderFitsExactly(t *testing.T) {
	st := chart.Styles{Title: lipgloss.NewStyle().Bold(true)}
	wave := series(60, func(i int) float64 { return 100 + 80*math.Sin(float64(i)/6) })
	gappy := series(60, func(i int) float64 {
		if i%7 == 0 {
			return math.NaN()
		}
		return float64(i)
	})
	charts := []chart.Chart{
		{Title: "Duration", Kind: chart.Lines, Series: []chart.Series{{Name: "p95", Values: wave, Legend: "180ms"}, {Name: "p50", Values: gappy}},
			Ref: &chart.Ref{Value: 200, Label: "timeout"}, Start: t0, Period: time.Minute},
		{Title: "Invocations", Summary: "per 1m", Kind: chart.Bars, Series: []chart.Series{{Name: "inv", Values: gappy}}, Start: t0, Period: time.Minute},
		{Title: "Empty", Kind: chart.Lines, Series: []chart.Series{{Name: "x", Values: series(10, func(int) float64 { return math.NaN() })}}, Empty: "no data"},
		{Title: "Seven days", Kind: chart.Bars, Series: []chart.Series{{Name: "x", Values: wave[:56]}}, Start: t0, Period: 3 * time.Hour},
	}
	for _, c := range charts {
		for _, w := range []int{12, 40, 78, 97, 150} {
			for _, rows := range []int{1, 3, 6} {
				out := chart.Render(c, st, w, rows)
				if len(out) != chart.Height(rows) {
					t.Fatalf("%s %dx%d: %d lines, want %d", c.Title, w, rows, len(out), chart.Height(rows))
				}
				for i, l := range out {
					if got := ansi.StringWidth(l); got != w {
						t.Fatalf("%s %dx%d: line %d is %d wide: %q", c.Title, w, rows, i, got, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestRenderAxesAndScale(t *testing.T) {
	c := chart.Chart{Title: "Invocations", Kind: chart.Bars, Start: t0, Period: time.Minute,
		Series: []chart.Series{{Name: "inv", Values: series(15, func(i int) float64 { return float64(100 + i*10) })}},
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }}
	out := chart.Render(c, chart.Styles{}, 78, 4)
	plain := ansi.Strip(strings.Join(out, "\n"))
	// The peak is 240: the scale tops out at the next round number.
	if !strings.Contains(out[1], "250") {
		t.Fatalf("top label should be 250:\n%s", plain)
	}
	if !strings.Contains(out[len(out)-1], "14:04") || !strings.Contains(out[len(out)-1], "0└") {
		t.Fatalf("time axis should carry clock labels and a zero baseline:\n%s", plain)
	}
	// The last period is the tallest bar: it reaches the top row, and the
	// first (100 of 250) does not.
	top := []rune(out[1])
	if top[len(top)-1] == ' ' || top[7] != ' ' {
		t.Fatalf("bar heights do not follow the values:\n%s", plain)
	}
}

// A line must read as a line in any font and in rendered pictures: drawn
// with block elements (which fill their cell edge to edge), never braille
// (whose dots most fonts draw as separate specks), and without gaps along
// a level series.
func TestLinesAreSolidBlocks(t *testing.T) {
	c := chart.Chart{Title: "CPU", Kind: chart.Lines, Top: 100, Start: t0, Period: time.Minute,
		Series: []chart.Series{{Name: "avg", Values: series(15, func(int) float64 { return 57 })}},
		Ref:    &chart.Ref{Value: 90, Label: "limit"}}
	out := chart.Render(c, chart.Styles{}, 60, 4)
	plot := out[1 : len(out)-1]
	for _, l := range plot {
		for _, r := range ansi.Strip(l) {
			if r >= 0x2800 && r <= 0x28ff {
				t.Fatalf("braille in a line chart: %q", ansi.Strip(l))
			}
		}
	}
	pw := chart.PlotWidth(60)
	drawn := 0
	for _, l := range plot {
		row := []rune(ansi.Strip(l))
		row = row[len(row)-pw:]
		if strings.ContainsAny(string(row), "▀▄") {
			if gap := strings.IndexRune(string(row), ' '); gap >= 0 {
				t.Fatalf("the level line has a gap: %q", string(row))
			}
			drawn++
		}
	}
	if drawn != 1 {
		t.Fatalf("a level series should draw one solid row, drew %d:\n%s", drawn, ansi.Strip(strings.Join(out, "\n")))
	}
	if !strings.Contains(ansi.Strip(out[1]), "╌") {
		t.Fatalf("the reference at 90 of 100 should dash the top row:\n%s", ansi.Strip(strings.Join(out, "\n")))
	}
}

// Two lines a dot apart share a cell: the later one draws its quarters and
// the earlier one shows as the cell's background, so neither hides.
func TestLinesInOneCellKeepBothColours(t *testing.T) {
	red, blue := lipgloss.Color("#ff0000"), lipgloss.Color("#0000ff")
	c := chart.Chart{Title: "Concurrency", Kind: chart.Lines, Top: 300, Start: t0, Period: time.Minute,
		Series: []chart.Series{
			// Over six dots of 0..300, 120 is dot 2 and 170 dot 3: the
			// bottom and top halves of the middle row.
			{Name: "in use", Values: series(15, func(int) float64 { return 120 }), Style: lipgloss.NewStyle().Foreground(red)},
			{Name: "claimed", Values: series(15, func(int) float64 { return 170 }), Style: lipgloss.NewStyle().Foreground(blue)},
		}}
	out := strings.Join(chart.Render(c, chart.Styles{}, 40, 3), "\n")
	if !strings.Contains(out, "48;2;255;0;0") || !strings.Contains(out, "38;2;0;0;255") {
		t.Fatalf("both series should show in the shared cells (blue drawn, red behind):\n%q", out)
	}
}
