package views

import (
	"strings"

	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// DetailIndent is where a detail value starts, after its label: wrapped
// values continue there.
const DetailIndent = labelWidth + 1

// labelWidth is the width of a detail label.
const labelWidth = 14

// lines accumulates styled detail lines.
type lines struct {
	st  *theme.Styles
	out []string
}

func (l *lines) section(title string) {
	if len(l.out) > 0 {
		l.out = append(l.out, "")
	}
	l.out = append(l.out, l.st.Pane.Section.Render(sanitize.Line(title)))
}

func (l *lines) kv(label, value string) {
	l.kvTone(label, value, l.st.Pane.Value)
}

func (l *lines) kvTone(label, value string, tone interface{ Render(...string) string }) {
	// Labels are names from AWS too (variables, aliases, tags, containers).
	l.out = append(l.out, l.st.Pane.Label.Render(kit.Fit(sanitize.Line(label), labelWidth))+" "+tone.Render(sanitize.Line(value)))
}

func (l *lines) text(s string, tone interface{ Render(...string) string }) {
	for _, part := range strings.Split(sanitize.Text(s), "\n") {
		l.out = append(l.out, tone.Render(strings.ReplaceAll(part, "\t", "  ")))
	}
}

func (l *lines) muted(s string) { l.out = append(l.out, l.st.Pane.Muted.Render(sanitize.Line(s))) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func toneFor(st *theme.Styles, bad, warn bool) interface{ Render(...string) string } {
	switch {
	case bad:
		return st.Text.Err
	case warn:
		return st.Text.Warn
	}
	return st.Pane.Value
}

// hanging adds the lines of wrapped text in tone: the first after head,
// the others after indent, so the text hangs under its start.
func (l *lines) hanging(head, indent string, parts []string, tone interface{ Render(...string) string }) {
	for i, part := range parts {
		lead := indent
		if i == 0 {
			lead = head
		}
		l.out = append(l.out, lead+tone.Render(part))
	}
}

// kvWrap is a label and a value that wraps under itself, so a long value
// is read rather than cut.
func (l *lines) kvWrap(label, value string, tone interface{ Render(...string) string }, width int) {
	l.hanging(l.st.Pane.Label.Render(kit.Fit(sanitize.Line(label), 14))+" ", strings.Repeat(" ", 15),
		kit.Wrap(sanitize.Line(value), max(width-15, 8)), tone)
}

// textWrap adds plain text in one tone, wrapped to width.
func (l *lines) textWrap(s string, tone interface{ Render(...string) string }, width int) {
	l.hanging("", "", kit.Wrap(sanitize.Line(s), max(width, 8)), tone)
}

// wrapLines adds to lines values that wrap at word boundaries, to width,
// under their label.
type wrapLines struct {
	*lines
	width int
}

func (l *wrapLines) kv(label, value string) { l.kvTone(label, value, l.st.Pane.Value) }

func (l *wrapLines) kvTone(label, value string, tone interface{ Render(...string) string }) {
	l.hanging(l.st.Pane.Label.Render(kit.Fit(label, 14))+" ", l.st.Pane.Label.Render(kit.Fit("", 14))+" ",
		kit.WrapWords(sanitize.Line(value), l.width), tone)
}

func toneStyle(st *theme.Styles, t kit.Tone) interface{ Render(...string) string } {
	switch t {
	case kit.ToneOK:
		return st.Text.OK
	case kit.ToneWarn:
		return st.Text.Warn
	case kit.ToneErr:
		return st.Text.Err
	case kit.ToneMuted:
		return st.Text.Muted
	}
	return st.Pane.Value
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
