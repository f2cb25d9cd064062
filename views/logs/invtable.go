package logs

import (
	"cmp"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

// NewInvocationsTable returns the table of the invocations screen: one
// row per REPORT, newest first, times shown in loc. With more than one
// source (functions merged in one pane) a FUNCTION column says whose
// invocation each row is; sources are the sanitized names.
func NewInvocationsTable(st *theme.Styles, loc *time.Location, sources []string) *views.Table[Invocation] {
	num := func(f func(Invocation) float64) func(a, b Invocation) int {
		return func(a, b Invocation) int { return cmp.Compare(f(a), f(b)) }
	}
	cols := []views.Column[Invocation]{
		{Title: "TIME", Min: 12, Cell: func(iv Invocation) views.Cell {
			return views.Cell{Text: time.UnixMilli(iv.Start).In(loc).Format("15:04:05.000")}
		}, Compare: func(a, b Invocation) int { return cmp.Compare(a.Start, b.Start) }},
	}
	if len(sources) > 1 {
		name := func(iv Invocation) string {
			if int(iv.Src) < len(sources) {
				return sources[iv.Src]
			}
			return ""
		}
		cols = append(cols, views.Column[Invocation]{Title: "FUNCTION", Min: 10, Max: 32, Flex: true, Cell: func(iv Invocation) views.Cell {
			return views.Cell{Text: name(iv)}
		}, Compare: func(a, b Invocation) int { return strings.Compare(name(a), name(b)) }})
	}
	cols = append(cols, []views.Column[Invocation]{
		{Title: "REQUEST ID", Min: 12, Max: 36, Flex: true, Cell: func(iv Invocation) views.Cell {
			return views.Cell{Text: iv.RequestID, Tone: views.ToneMuted}
		}},
		{Title: "DURATION", Min: 9, Right: true, Cell: func(iv Invocation) views.Cell {
			return views.Cell{Text: views.Millis(iv.Report.Duration)}
		}, Compare: num(func(iv Invocation) float64 { return iv.Report.Duration })},
		{Title: "BILLED", Min: 8, Right: true, Drop: 2, Cell: func(iv Invocation) views.Cell {
			return views.Cell{Text: views.Millis(iv.Report.Billed), Tone: views.ToneMuted}
		}},
		{Title: "MEMORY", Min: 11, Right: true, Cell: func(iv Invocation) views.Cell {
			r := iv.Report
			c := views.Cell{Text: strconv.Itoa(r.MaxMemory) + "/" + strconv.Itoa(r.MemorySize) + " MB"}
			if r.MemorySize > 0 && float64(r.MaxMemory) >= 0.9*float64(r.MemorySize) {
				c.Tone = views.ToneWarn
			}
			return c
		}, Compare: num(func(iv Invocation) float64 { return float64(iv.Report.MaxMemory) })},
		{Title: "COLD START", Min: 10, Right: true, Drop: 1, Cell: func(iv Invocation) views.Cell {
			r := iv.Report
			switch {
			case !math.IsNaN(r.Init):
				return views.Cell{Text: views.Millis(r.Init), Tone: views.ToneWarn}
			case !math.IsNaN(r.Restore):
				return views.Cell{Text: "restore " + views.Millis(r.Restore), Tone: views.ToneWarn}
			}
			return views.Cell{Text: "—", Tone: views.ToneMuted}
		}, Compare: num(func(iv Invocation) float64 {
			if math.IsNaN(iv.Report.Init) {
				return -1
			}
			return iv.Report.Init
		})},
		{Title: "STATUS", Min: 7, Cell: func(iv Invocation) views.Cell {
			switch {
			case iv.Report.Status == "timeout":
				return views.Cell{Text: "TIMEOUT", Tone: views.ToneErr}
			case iv.Error:
				return views.Cell{Text: "ERROR", Tone: views.ToneErr}
			}
			return views.Cell{Text: "ok", Tone: views.ToneOK}
		}, Compare: func(a, b Invocation) int {
			return cmp.Compare(strings.ToLower(statusOf(a)), strings.ToLower(statusOf(b)))
		}},
	}...)
	return views.NewTable(st, cols, func(iv Invocation) string { return iv.RequestID }, func(iv Invocation) string { return iv.RequestID })
}

func statusOf(iv Invocation) string {
	if iv.Report.Status == "timeout" {
		return "timeout"
	}
	if iv.Error {
		return "error"
	}
	return "ok"
}
