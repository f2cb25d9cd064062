package views

import (
	"sort"
	"strings"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

func journalResultTone(r string) kit.Tone {
	switch r {
	case journal.ResultOK:
		return kit.ToneOK
	case journal.ResultRefused, journal.ResultCancelled:
		return kit.ToneWarn
	}
	return kit.ToneErr
}

// JournalColumns are the columns of the `:journal` table, newest first.
func JournalColumns() []kit.Column[journal.Entry] {
	return []kit.Column[journal.Entry]{
		{Title: "TIME (UTC)", Min: 19,
			Cell: func(e journal.Entry) kit.Cell {
				return kit.Cell{Text: e.Time.UTC().Format("2006-01-02 15:04:05"), Tone: kit.ToneMuted}
			}},
		{Title: "RESULT", Min: 7,
			Cell: func(e journal.Entry) kit.Cell {
				return kit.Cell{Text: sanitize.Line(e.Result), Tone: journalResultTone(e.Result)}
			}},
		{Title: "ACTION", Min: 16, Max: 34, Flex: true,
			Cell: func(e journal.Entry) kit.Cell { return kit.Cell{Text: sanitize.Line(e.Action)} }},
		{Title: "RESOURCE", Min: 16, Max: 60, Flex: true,
			Cell: func(e journal.Entry) kit.Cell { return kit.Cell{Text: sanitize.Line(e.Resource)} }},
		{Title: "CHANGE", Min: 14, Max: 50, Flex: true, Drop: 2,
			Cell: func(e journal.Entry) kit.Cell {
				if e.Before == "" {
					return kit.Cell{Text: sanitize.Line(e.After), Tone: kit.ToneInfo}
				}
				return kit.Cell{Text: sanitize.Line(e.Before + " → " + e.After), Tone: kit.ToneInfo}
			}},
		{Title: "BY", Min: 12, Max: 24, Drop: 3,
			Cell: func(e journal.Entry) kit.Cell { return kit.Cell{Text: sanitize.Line(e.Actor)} }},
		{Title: "SRC", Min: 4, Drop: 3,
			Cell: func(e journal.Entry) kit.Cell { return kit.Cell{Text: sanitize.Line(e.Source), Tone: kit.ToneMuted} }},
		{Title: "REQUEST ID", Min: 36, Drop: 4,
			Cell: func(e journal.Entry) kit.Cell { return kit.Cell{Text: sanitize.Line(e.RequestID), Tone: kit.ToneMuted} }},
	}
}

// NewJournalTable returns the journal table.
func NewJournalTable(st *theme.Styles) *kit.Table[journal.Entry] {
	return kit.NewTable(st, JournalColumns(),
		func(e journal.Entry) string { return e.Time.String() + "|" + e.Action + "|" + e.Resource },
		func(e journal.Entry) string { return sanitize.Line(e.Action + " " + e.Resource) })
}

// JournalDetail is the detail of one entry: the revert command first,
// then the aws command, who and where, the parameters and any error.
// Long values wrap at width so a command can be read (and copied) whole.
func JournalDetail(st *theme.Styles, e journal.Entry, width int) []string {
	l := &wrapLines{lines: &lines{st: st}, width: max(width-17, 20)}
	// A failed action's error comes first: it is what the reader came for.
	if e.Error != "" {
		l.kvTone("error", e.Error, st.Text.Err)
	}
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
	return l.out
}
