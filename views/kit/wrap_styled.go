package kit

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// WrapStyled breaks a line that may carry ANSI styling into lines of at
// most w cells: at spaces where it can, inside a word longer than a line
// where it must. Lines after the first are indented by indent cells (a
// value continues under its value, not under its label), and each keeps
// the styling in force where it starts. A line that fits is returned as
// is.
func WrapStyled(s string, w, indent int) []string {
	if w < 1 || ansi.StringWidth(s) <= w {
		return []string{s}
	}
	indent = min(max(indent, 0), w/2)
	var out []string
	for i, r := range breaks(ansi.Strip(s), w, w-indent) {
		seg := ansi.Cut(s, r[0], r[1])
		if strings.Contains(seg, "\x1b[") {
			seg += "\x1b[m" // the style must not run on into the padding
		}
		if i > 0 {
			seg = strings.Repeat(" ", indent) + seg
		}
		out = append(out, seg)
	}
	return out
}

// breaks returns the cell ranges of the lines plain text wraps into: the
// first at most first cells wide, the others at most rest.
func breaks(plain string, first, rest int) [][2]int {
	var out [][2]int
	start, pos, lastBreak, limit := 0, 0, -1, first
	for len(plain) > 0 {
		g, gw := ansi.FirstGraphemeCluster(plain, ansi.GraphemeWidth)
		if g == "" {
			break
		}
		plain = plain[len(g):]
		// A break can leave more than the next, narrower line holds:
		// break again until this grapheme fits.
		for pos+gw-start > limit && pos > start {
			end := min(pos, start+limit)
			// Break at the last space unless that leaves most of the line
			// empty: a long ARN after its label is cut, not moved down.
			if lastBreak > start && lastBreak-start >= limit/2 {
				end = lastBreak
			}
			out = append(out, [2]int{start, end})
			start, lastBreak, limit = end, -1, rest
		}
		pos += gw
		if g == " " {
			lastBreak = pos
		}
	}
	if pos > start || len(out) == 0 {
		out = append(out, [2]int{start, pos})
	}
	return out
}

// WrapRow is the row of WrapStyled's output (plain being the line without
// its styling) on which the given cell lies.
func WrapRow(plain string, w, indent, cell int) int {
	if w < 1 || ansi.StringWidth(plain) <= w {
		return 0
	}
	indent = min(max(indent, 0), w/2)
	rs := breaks(plain, w, w-indent)
	for i, r := range rs {
		if cell < r[1] {
			return i
		}
	}
	return max(len(rs)-1, 0)
}
