package views

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Brush is a style split into the escape codes before and after its text,
// so hot paths (table rows, log lines) can paint thousands of cells by
// concatenation instead of calling Style.Render for each one.
type Brush struct{ pre, post string }

// NewBrush splits style s into a Brush.
func NewBrush(s lipgloss.Style) Brush {
	const mark = "\x00"
	out := s.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return Brush{}
	}
	return Brush{pre: out[:i], post: out[i+len(mark):]}
}

// Paint wraps s in the brush's codes; empty text stays empty.
func (b Brush) Paint(s string) string {
	if s == "" || (b.pre == "" && b.post == "") {
		return s
	}
	return b.pre + s + b.post
}

// width is the display width of plain (sanitized, unstyled) text, with a
// fast path for ASCII.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// fit truncates plain text to w cells with an ellipsis, or pads it with
// spaces (on the left when right is set) to exactly w cells.
func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = width(s)
	}
	if sw < w {
		pad := strings.Repeat(" ", w-sw)
		if right {
			return pad + s
		}
		return s + pad
	}
	return s
}

// fitStyled truncates or pads already-styled text to exactly w cells.
func fitStyled(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// widthStyled is the display width of text that may carry ANSI styling.
func widthStyled(s string) int { return ansi.StringWidth(s) }
