// Package dialog renders the two dialogs of virga's action pipeline: the
// form that asks for an action's values and the confirmation that shows
// the change before it is made. Both are small state machines driven by
// keys; time (for the confirmation's key guard) is passed in, never read.
package dialog

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// boxWidth is the outer width of a dialog on a terminal w wide.
func boxWidth(w int) int { return max(min(w-2, 100), 20) }

// box frames lines (already at most inner width) with a rounded border
// and a title, to at most maxH lines; lines beyond are cut, keeping the
// last keep lines (the buttons and hints) visible. The title names a
// resource from outside: box sanitizes it for both dialogs.
func box(st *theme.Styles, title string, lines []string, w, maxH, keep int) []string {
	inner := w - 2
	border := st.Pane.BorderFocus
	if maxH < 3 {
		maxH = 3
	}
	if room := maxH - 2; len(lines) > room {
		keep = min(keep, room)
		head := lines[:room-keep]
		tail := lines[len(lines)-keep:]
		lines = append(append([]string(nil), head...), tail...)
	}
	t := " " + sanitize.Line(title) + " "
	top := border.Render("╭─") + st.Pane.Title.Render(kit.FitStyled(t, min(ansi.StringWidth(t), inner-1))) +
		border.Render(strings.Repeat("─", max(inner-1-min(ansi.StringWidth(t), inner-1), 0))+"╮")
	out := []string{top}
	for _, l := range lines {
		out = append(out, border.Render("│")+kit.FitStyled(l, inner)+border.Render("│"))
	}
	out = append(out, border.Render("╰"+strings.Repeat("─", inner)+"╯"))
	return out
}

// Center places a dialog box over a frame of width w: each box line is
// padded to w with the box in the middle.
func Center(boxLines []string, w int) []string {
	out := make([]string, len(boxLines))
	for i, l := range boxLines {
		bw := ansi.StringWidth(l)
		left := max((w-bw)/2, 0)
		out[i] = kit.FitStyled(strings.Repeat(" ", left)+l, w)
	}
	return out
}

// newInput returns a one-line text input for a dialog field.
func newInput(st *theme.Styles, placeholder string) textinput.Model {
	in := kit.NewInput(st, "", placeholder, 1024)
	styleInput(&in, st)
	return in
}

// styleInput applies the theme's input styles; a field without focus
// reads muted, so the focused one stands out.
func styleInput(in *textinput.Model, st *theme.Styles) {
	s := kit.InputStyles(st)
	s.Blurred.Text = st.Text.Muted
	in.SetStyles(s)
}

// button renders a dialog button, highlighted when it has focus.
func button(st *theme.Styles, label string, focused, enabled bool) string {
	text := "[ " + label + " ]"
	switch {
	case focused:
		return st.Table.Selected.Bold(true).Render(text)
	case !enabled:
		return st.Text.Subtle.Render(text)
	}
	return st.Text.Normal.Render(text)
}
