package kit

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/sanitize"
)

// Width is the display width of plain text (sanitized, no escape codes),
// with a fast path for ASCII.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// Cut splits plain text after w cells. It looks at no more of s than it
// needs, so cutting a 64 KiB log line costs what the row shows. Grapheme
// clusters are measured as ansi.StringWidth measures them, so a cut row
// is exactly as wide as a frame check says.
func Cut(s string, w int) (head, rest string) {
	head, rest, _ = cut(s, w)
	return head, rest
}

// cut is Cut that also says how many cells head is.
func cut(s string, w int) (head, rest string, cells int) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if cells+1 > w {
				return s[:i], s[i:], cells
			}
			cells++
			i++
			continue
		}
		cl, rw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if cells+rw > w {
			return s[:i], s[i:], cells
		}
		cells += rw
		i += max(len(cl), 1)
	}
	return s, "", cells
}

// Fit cuts plain text to w cells with an ellipsis, or pads it with spaces
// on the right, to exactly w cells.
func Fit(s string, w int) string {
	head, n := fitCut(s, w)
	if n < w {
		head += strings.Repeat(" ", w-n)
	}
	return head
}

// FitLine is Fit of text from outside (a label, a function's name):
// sanitized to one line first.
func FitLine(s string, w int) string { return Fit(sanitize.Line(s), w) }

// FitRight is Fit aligned right: the padding goes on the left.
func FitRight(s string, w int) string {
	head, n := fitCut(s, w)
	if n < w {
		head = strings.Repeat(" ", w-n) + head
	}
	return head
}

// fitCut is s cut to at most w cells, the last one an ellipsis when
// something was cut, and its width.
func fitCut(s string, w int) (string, int) {
	if w <= 0 {
		return "", 0
	}
	head, rest, n := cut(s, w)
	if rest != "" {
		head, _, n = cut(head, w-1)
		head += "…"
		n++
	}
	return head, n
}

// FitStyled cuts text that may carry ANSI styling to w cells with an
// ellipsis, or pads it with spaces, to exactly w cells.
func FitStyled(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		// A wide character across the cut leaves the line a cell short.
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// Wrap breaks plain text into lines of at most w cells: at spaces and
// after hyphens where it can, inside words longer than a line where it
// must (ansi.Wrap). Text that fits, and any text when w < 1, is one line.
func Wrap(s string, w int) []string {
	if w < 1 || Width(s) <= w {
		return []string{s}
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// nbHyphen is U+2011 NON-BREAKING HYPHEN, one cell wide like "-".
const nbHyphen = "\u2011"

// WrapLine is WrapWords of text from outside (a message, a hint, a
// command line): sanitized to one line first.
func WrapLine(s string, w int) []string { return WrapWords(sanitize.Line(s), w) }

// WrapWords is Wrap that breaks at spaces only: a command line, an ARN or
// a hyphenated name stays whole unless it is longer than a line, so
// "--function-name" never ends one line as "--" and starts the next as
// "function-name". ansi.Wrap always breaks after "-", so the hyphens are
// held as non-breaking ones while it wraps (text that already holds a
// U+2011 wraps as Wrap does, so no character changes).
func WrapWords(s string, w int) []string {
	if w < 1 || Width(s) <= w {
		return []string{s}
	}
	if !strings.Contains(s, "-") || strings.Contains(s, nbHyphen) {
		return Wrap(s, w)
	}
	held := strings.ReplaceAll(s, "-", nbHyphen)
	return strings.Split(strings.ReplaceAll(ansi.Wrap(held, w, ""), nbHyphen, "-"), "\n")
}
