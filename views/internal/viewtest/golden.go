// Package viewtest is what the view tests of views/... share: the size
// and theme matrix of the goldens, the frame check, the dark palette and
// the plain text of a rendering, and fixture domain data (a small account,
// and rows by the thousand for benchmarks) at a fixed clock and zone.
// Goldens land in testdata/<Test>/<case>/<w>x<h>-<theme>.golden beside
// each package's tests; regenerate them with `go test ./views/... -update`
// and review the diff.
package viewtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Now is the fixtures' clock: every age and time on a golden is relative
// to it, and every zone is UTC, so goldens pass under any TZ.
func Now() time.Time { return time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC) }

// Ago is Now less d.
func Ago(d time.Duration) time.Time { return Now().Add(-d) }

// Dark is the dark palette, the one the non-golden view tests draw in.
func Dark() *theme.Styles { return theme.New(theme.Dark) }

// Plain is rendered lines as one text without escapes: what a reader
// sees, for tests that look for words in it.
func Plain(lines ...string) string { return ansi.Strip(strings.Join(lines, "\n")) }

// Size is a terminal size.
type Size struct{ W, H int }

// Sizes are the sizes every golden is taken at: the on-call laptop over
// SSH, a comfortable window, a wide monitor.
func Sizes() []Size { return []Size{{80, 24}, {120, 40}, {200, 50}} }

// Modes are the palettes every golden is taken in.
func Modes() []theme.Mode { return []theme.Mode{theme.Dark, theme.Light} }

// Golden renders one case at every size and palette, checks that the
// frame is exactly w×h cells, and compares it with its golden file.
func Golden(t *testing.T, name string, render func(t *testing.T, st *theme.Styles, w, h int) string) {
	t.Helper()
	for _, sz := range Sizes() {
		for _, mode := range Modes() {
			t.Run(fmt.Sprintf("%s/%dx%d-%s", name, sz.W, sz.H, mode), func(t *testing.T) {
				frame := render(t, theme.New(mode), sz.W, sz.H)
				CheckFrame(t, frame, sz.W, sz.H)
				golden.RequireEqual(t, []byte(frame))
			})
		}
	}
}

// CheckFrame fails unless frame is exactly h lines of exactly w cells.
func CheckFrame(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: the frame has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%dx%d: line %d is %d cells wide: %q", w, h, i, got, ansi.Strip(l))
		}
	}
}

// InPane shows lines as a focused pane of w×h with a title, as the tui
// shows a detail or metrics screen.
func InPane(st *theme.Styles, title string, lines []string, w, h int) string {
	p := kit.NewPane(st)
	p.SetSize(w, h, false)
	p.SetFocused(true)
	p.SetContent(title, lines)
	return p.View()
}

// Stack joins blocks of lines top to bottom into one frame.
func Stack(blocks ...string) string { return strings.Join(blocks, "\n") }

// Blank is h empty lines of w cells, to lay a dialog over.
func Blank(w, h int) []string {
	out := make([]string, h)
	for i := range out {
		out[i] = strings.Repeat(" ", w)
	}
	return out
}
