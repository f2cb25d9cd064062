package kit

import (
	"strings"

	"charm.land/lipgloss/v2"
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

// Highlight paints the byte positions in match (ascending, as fuzzy
// matchers report them) with hi and the rest of s with base, one run of
// each at a time. Positions past the end of s are ignored, so a match on
// the whole text highlights what is left of it after a cut.
func Highlight(s string, match []int, base, hi Brush) string {
	if len(match) == 0 {
		return base.Paint(s)
	}
	var b strings.Builder
	mi, start := 0, 0
	inMatch := false
	flush := func(end int) {
		if end <= start {
			return
		}
		if inMatch {
			b.WriteString(hi.Paint(s[start:end]))
		} else {
			b.WriteString(base.Paint(s[start:end]))
		}
		start = end
	}
	for i := range s {
		for mi < len(match) && match[mi] < i {
			mi++
		}
		isM := mi < len(match) && match[mi] == i
		if isM != inMatch {
			flush(i)
			inMatch = isM
		}
	}
	flush(len(s))
	return b.String()
}
