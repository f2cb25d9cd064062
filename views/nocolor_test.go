package views_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/chart"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// TestMetricsNoColorMarks: with NO_COLOR the Duration chart's four series
// (max, p99, p95, p50) each draw their own glyph, and the legend names
// which is which, so the lines can be told apart without colour.
func TestMetricsNoColorMarks(t *testing.T) {
	d := viewtest.CheckoutDetail()
	const w, h = 120, 40
	n := views.MetricsGrid(w, h).Points()
	m := views.FunctionMetrics{Fn: d.Function, Detail: d, Range: "2h", Frame: viewtest.FunctionFrame(n),
		Mem: viewtest.FunctionRows()[0].Live.Mem}
	render := func(mode theme.Mode) string {
		return strings.Join(views.FunctionMetricsLines(theme.New(mode), m, w, h), "\n")
	}
	frame := render(theme.NoColor)
	plain := ansi.Strip(frame)
	var legend string
	for l := range strings.SplitSeq(plain, "\n") {
		if strings.Contains(l, "Duration") {
			legend = l
		}
	}
	for i, name := range []string{"max", "p99", "p95", "p50"} {
		if want := chart.Mark(i) + " " + name; !strings.Contains(legend, want) {
			t.Errorf("the Duration legend does not say %q: %q", want, legend)
		}
	}
	seen := 0
	for i := range 4 {
		if strings.Count(plain, chart.Mark(i)) > 4 {
			seen++
		}
	}
	if seen < 3 {
		t.Errorf("only %d of 4 series' marks are drawn in the plot:\n%s", seen, plain)
	}
	// In colour the same chart keeps its quarter-block lines.
	if colour := ansi.Strip(render(theme.Dark)); strings.Contains(colour, "* max") {
		t.Errorf("marks are drawn in colour too")
	}
	golden.RequireEqual(t, []byte(frame))
}
