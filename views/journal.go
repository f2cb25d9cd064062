package views

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/tui/theme"
	"github.com/virgahq/virga/views/sanitize"
)

func journalResultTone(r string) Tone {
	switch r {
	case journal.ResultOK:
		return ToneOK
	case journal.ResultRefused, journal.ResultCancelled:
		return ToneWarn
	}
	return ToneErr
}

// JournalColumns are the columns of the `:journal` table, newest first.
func JournalColumns() []Column[journal.Entry] {
	return []Column[journal.Entry]{
		{Title: "TIME (UTC)", Min: 19,
			Cell: func(e journal.Entry) Cell {
				return Cell{Text: e.Time.UTC().Format("2006-01-02 15:04:05"), Tone: ToneMuted}
			}},
		{Title: "RESULT", Min: 7,
			Cell: func(e journal.Entry) Cell {
				return Cell{Text: sanitize.Line(e.Result), Tone: journalResultTone(e.Result)}
			}},
		{Title: "ACTION", Min: 16, Max: 34, Flex: true,
			Cell: func(e journal.Entry) Cell { return Cell{Text: sanitize.Line(e.Action)} }},
		{Title: "RESOURCE", Min: 16, Max: 60, Flex: true,
			Cell: func(e journal.Entry) Cell { return Cell{Text: sanitize.Line(e.Resource)} }},
		{Title: "CHANGE", Min: 14, Max: 50, Flex: true, Drop: 2,
			Cell: func(e journal.Entry) Cell {
				if e.Before == "" {
					return Cell{Text: sanitize.Line(e.After), Tone: ToneInfo}
				}
				return Cell{Text: sanitize.Line(e.Before + " → " + e.After), Tone: ToneInfo}
			}},
		{Title: "BY", Min: 12, Max: 24, Drop: 3,
			Cell: func(e journal.Entry) Cell { return Cell{Text: sanitize.Line(e.Actor)} }},
		{Title: "SRC", Min: 4, Drop: 3,
			Cell: func(e journal.Entry) Cell { return Cell{Text: sanitize.Line(e.Source), Tone: ToneMuted} }},
		{Title: "REQUEST ID", Min: 36, Drop: 4,
			Cell: func(e journal.Entry) Cell { return Cell{Text: sanitize.Line(e.RequestID), Tone: ToneMuted} }},
	}
}

// NewJournalTable returns the journal table.
func NewJournalTable(st *theme.Styles) *Table[journal.Entry] {
	return NewTable(st, JournalColumns(),
		func(e journal.Entry) string { return e.Time.String() + "|" + e.Action + "|" + e.Resource },
		func(e journal.Entry) string { return sanitize.Line(e.Action + " " + e.Resource) })
}

// JournalDetail is the detail of one entry: the revert command first,
// then the aws command, who and where, the parameters and any error.
// Long values wrap at width so a command can be read (and copied) whole.
func JournalDetail(st *theme.Styles, e journal.Entry, width int) []string {
	l := &wrapLines{lines: lines{st: st}, width: max(width-17, 20)}
	switch {
	case e.Revert != "":
		l.kvTone("revert", e.Revert, st.Text.Info)
	case e.Result == journal.ResultOK:
		l.kvTone("revert", "none (this change cannot be undone by a command)", st.Text.Muted)
	default:
		l.kvTone("revert", "nothing to revert: the change was not made", st.Text.Muted)
	}
	if e.Command != "" {
		l.kv("aws", e.Command)
	}
	who := e.Actor
	if e.Key != "" {
		who += " · key " + e.Key
	}
	if e.Source != "" {
		who += " (" + e.Source + ")"
	}
	if e.Caller != "" {
		who += " as " + e.Caller
	}
	l.kv("by", who)
	l.kv("where", "account "+e.Account+" · "+e.Region+" · profile "+orDash(e.Profile))
	if len(e.Params) > 0 {
		keys := make([]string, 0, len(e.Params))
		for k := range e.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + e.Params[k]
		}
		l.kv("params", strings.Join(parts, " "))
	}
	if e.RequestID != "" {
		l.kv("request", e.RequestID)
	}
	if e.Error != "" {
		l.kvTone("error", e.Error, st.Text.Err)
	}
	return l.out
}

// wrapLines is lines whose values wrap at word boundaries.
type wrapLines struct {
	lines
	width int
}

func (l *wrapLines) kv(label, value string) { l.kvTone(label, value, l.st.Pane.Value) }

func (l *wrapLines) kvTone(label, value string, tone interface{ Render(...string) string }) {
	for i, part := range wrapWords(sanitize.Line(value), l.width) {
		lab := ""
		if i == 0 {
			lab = label
		}
		l.out = append(l.out, l.st.Pane.Label.Render(fit(lab, 14, false))+" "+tone.Render(part))
	}
}

// wrapWords breaks plain text into lines of at most w cells at spaces,
// and inside words longer than a line.
func wrapWords(s string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		for width(word) > w {
			if line != "" {
				out = append(out, line)
				line = ""
			}
			out = append(out, ansi.Truncate(word, w, ""))
			word = ansi.TruncateLeft(word, w, "")
		}
		switch {
		case line == "":
			line = word
		case width(line)+1+width(word) <= w:
			line += " " + word
		default:
			out = append(out, line)
			line = word
		}
	}
	return append(out, line)
}
