package views

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/virgahq/virga/tui/theme"
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
func Help(st *theme.Styles, title string, groups []HelpGroup, w, h int) []string {
	type entry struct{ k, d string }
	var cols [][]string
	colW := 0
	for _, g := range groups {
		var entries []entry
		kw := 0
		for _, b := range g.Bindings {
			if !b.Enabled() {
				continue
			}
			hk := b.Help()
			entries = append(entries, entry{hk.Key, hk.Desc})
			kw = max(kw, width(hk.Key))
		}
		if len(entries) == 0 {
			continue
		}
		col := []string{st.Help.Section.Render(g.Title)}
		for _, e := range entries {
			col = append(col, st.Help.Key.Render(fit(e.k, kw, false))+"  "+st.Help.Desc.Render(e.d))
		}
		for _, l := range col {
			colW = max(colW, widthStyled(l))
		}
		cols = append(cols, col)
	}
	colW += 4
	perRow := max(w/max(colW, 1), 1)
	lines := []string{st.Help.Title.Render(title), ""}
	for i := 0; i < len(cols); i += perRow {
		end := min(i+perRow, len(cols))
		height := 0
		for _, c := range cols[i:end] {
			height = max(height, len(c))
		}
		for r := range height {
			var b strings.Builder
			for _, c := range cols[i:end] {
				cell := ""
				if r < len(c) {
					cell = c[r]
				}
				b.WriteString(fitStyled(cell, colW))
			}
			lines = append(lines, strings.TrimRight(b.String(), " "))
		}
		lines = append(lines, "")
	}
	return lines
}
