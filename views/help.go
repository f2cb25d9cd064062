package views

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// HelpGroup is one titled column of bindings in the help screen.
type HelpGroup struct {
	Title    string
	Bindings []key.Binding
}

// Help renders the full help screen from keymap groups: the bindings of
// the current view and the global ones, laid out in columns that fit w.
// Disabled bindings are left out, so help never lists a key that does
// nothing here.
func Help(st *theme.Styles, title string, groups []HelpGroup, w int) []string {
	type column struct {
		lines []string
		width int
	}
	var cols []column
	for _, g := range groups {
		type entry struct{ k, d string }
		var entries []entry
		kw := 0
		for _, b := range g.Bindings {
			if !b.Enabled() {
				continue
			}
			hk := b.Help()
			entries = append(entries, entry{hk.Key, hk.Desc})
			kw = max(kw, kit.Width(hk.Key))
		}
		if len(entries) == 0 {
			continue
		}
		// A group reads as a pane's section; its bindings as the status
		// line's hints show keys.
		c := column{lines: []string{st.Pane.Section.Render(g.Title)}}
		for _, e := range entries {
			c.lines = append(c.lines, st.Status.HintKey.Render(kit.Fit(e.k, kw))+"  "+st.Status.Hint.Render(e.d))
		}
		for _, l := range c.lines {
			c.width = max(c.width, ansi.StringWidth(l))
		}
		c.width += 4
		cols = append(cols, c)
	}
	// Flow the columns left to right, each as wide as its own content,
	// starting a new band when the next one does not fit.
	lines := []string{st.Pane.Title.Render(title), ""}
	for i := 0; i < len(cols); {
		used, end := 0, i
		for end < len(cols) && (end == i || used+cols[end].width <= w) {
			used += cols[end].width
			end++
		}
		height := 0
		for _, c := range cols[i:end] {
			height = max(height, len(c.lines))
		}
		for r := range height {
			var b strings.Builder
			for _, c := range cols[i:end] {
				cell := ""
				if r < len(c.lines) {
					cell = c.lines[r]
				}
				b.WriteString(kit.FitStyled(cell, c.width))
			}
			lines = append(lines, b.String())
		}
		lines = append(lines, "")
		i = end
	}
	return lines
}
