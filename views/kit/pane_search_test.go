package kit

import (
	"strconv"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/virgahq/virga/views/theme"
)

// TestPaneSearchHighlightsStyledLine: a match inside a coloured value
// after a wide character is painted, the colour resumes after it, the
// text and the width of every row stay as they were.
func TestPaneSearchHighlightsStyledLine(t *testing.T) {
	st := theme.New(theme.Dark)
	green := lipgloss.NewStyle().Foreground(lipgloss.Color("#00ff00"))
	line := st.Pane.Label.Render("name") + " " + green.Render("日本 Value and value")
	p := NewPane(st)
	p.SetSize(40, 5, false)
	p.SetContent("doc", []string{"first", line})
	before := ansi.Strip(p.View())
	if n := p.Search("VALUE"); n != 2 {
		t.Fatalf("found %d matches of VALUE, want 2", n)
	}
	view := p.View()
	if got := ansi.Strip(view); got != before {
		t.Fatalf("highlighting changed the text:\n%q\n%q", before, got)
	}
	for i, row := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(row); w != 40 {
			t.Errorf("row %d is %d cells wide", i, w)
		}
	}
	row := strings.Split(view, "\n")[2]
	cur := NewBrush(st.Table.Selected.Bold(true)).Paint("Value")
	other := NewBrush(st.Table.Match).Paint("value")
	if !strings.Contains(row, cur) || !strings.Contains(row, other) {
		t.Fatalf("matches not painted (current %q, other %q): %q", cur, other, row)
	}
	// The value's colour resumes between the two matches.
	between := row[strings.Index(row, cur)+len(cur) : strings.Index(row, other)]
	if !strings.Contains(between, NewBrush(green).Paint(" and ")[:10]) {
		t.Errorf("colour lost after the match: %q", between)
	}
	if got := p.SearchStatus(); got != "match 1/2" {
		t.Errorf("status %q, want match 1/2", got)
	}
	p.NextMatch(1)
	p.NextMatch(1)
	if got := p.SearchStatus(); got != "match 1/2" {
		t.Errorf("n twice from 1/2 is %q, want it to wrap to match 1/2", got)
	}
	p.NextMatch(-1)
	if got := p.SearchStatus(); got != "match 2/2" {
		t.Errorf("N from 1/2 is %q, want match 2/2", got)
	}
	p.Search("nowhere")
	if got := p.SearchStatus(); got != "no match for nowhere" {
		t.Errorf("status %q", got)
	}
	p.Search("")
	if p.SearchStatus() != "" || p.View() != NewPane(st).withContent(40, 5, "doc", []string{"first", line}) {
		t.Errorf("clearing the search left a trace")
	}
}

func (p *Pane) withContent(w, h int, title string, lines []string) string {
	p.SetSize(w, h, false)
	p.SetContent(title, lines)
	return p.View()
}

// TestPaneSearchScrollsToWrappedMatch: n brings a match on a wrapped
// continuation row far down the text into view.
func TestPaneSearchScrollsToWrappedMatch(t *testing.T) {
	st := theme.New(theme.NoColor)
	var lines []string
	for i := range 60 {
		lines = append(lines, "line "+strconv.Itoa(i))
	}
	lines[50] = "a long value " + strings.Repeat("x", 40) + " needle at the end"
	p := NewPane(st)
	p.SetSize(30, 8, false)
	p.SetWrap(true, 2)
	p.SetContent("doc", lines)
	if n := p.Search("needle"); n != 1 {
		t.Fatalf("%d matches", n)
	}
	if !strings.Contains(ansi.Strip(p.View()), "needle") {
		t.Fatalf("the match is not on screen:\n%s", ansi.Strip(p.View()))
	}
}
