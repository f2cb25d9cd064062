package logs

import (
	"cmp"
	"math"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// NewInvocationsTable returns the table of the invocations screen: one
// row per REPORT, newest first, times shown in loc. With more than one
// source (functions merged in one pane) a FUNCTION column says whose
// invocation each row is; sources are the sanitized names.
func NewInvocationsTable(st *theme.Styles, loc *time.Location, sources []string) *kit.Table[Invocation] {
	num := func(f func(Invocation) float64) func(a, b Invocation) int {
		return func(a, b Invocation) int { return cmp.Compare(f(a), f(b)) }
	}
	cols := []kit.Column[Invocation]{
		{Title: "TIME", Min: 12, Cell: func(iv Invocation) kit.Cell {
			return kit.Cell{Text: time.UnixMilli(iv.Start).In(loc).Format("15:04:05.000")}
		}, Compare: func(a, b Invocation) int { return cmp.Compare(a.Start, b.Start) }},
	}
	if len(sources) > 1 {
		name := func(iv Invocation) string {
			if int(iv.Src) < len(sources) {
				return sources[iv.Src]
			}
			return ""
		}
		cols = append(cols, kit.TextColumn(kit.Column[Invocation]{Title: "FUNCTION", Min: 10, Max: 32, Flex: true}, kit.ToneNormal, name))
	}
	cols = append(cols, []kit.Column[Invocation]{
		{Title: "REQUEST ID", Min: 12, Max: 36, Flex: true, Cell: func(iv Invocation) kit.Cell {
			return kit.Cell{Text: iv.RequestID, Tone: kit.ToneMuted}
		}},
		{Title: "DURATION", Min: 9, Right: true, Cell: func(iv Invocation) kit.Cell {
			return kit.Cell{Text: format.Millis(iv.Report.Duration)}
		}, Compare: num(func(iv Invocation) float64 { return iv.Report.Duration })},
		{Title: "BILLED", Min: 8, Right: true, Drop: 2, Cell: func(iv Invocation) kit.Cell {
			return kit.Cell{Text: format.Millis(iv.Report.Billed), Tone: kit.ToneMuted}
		}},
		{Title: "MEMORY", Min: 11, Right: true, Cell: func(iv Invocation) kit.Cell {
			r := iv.Report
			c := kit.Cell{Text: strconv.Itoa(r.MaxMemory) + "/" + strconv.Itoa(r.MemorySize) + " MB"}
			if r.MemorySize > 0 && float64(r.MaxMemory) >= 0.9*float64(r.MemorySize) {
				c.Tone = kit.ToneWarn
			}
			return c
		}, Compare: num(func(iv Invocation) float64 { return float64(iv.Report.MaxMemory) })},
		{Title: "COLD START", Min: 10, Right: true, Drop: 1, Cell: func(iv Invocation) kit.Cell {
			r := iv.Report
			switch {
			case !math.IsNaN(r.Init):
				return kit.Cell{Text: format.Millis(r.Init), Tone: kit.ToneWarn}
			case !math.IsNaN(r.Restore):
				return kit.Cell{Text: "restore " + format.Millis(r.Restore), Tone: kit.ToneWarn}
			}
			return kit.Cell{Text: "—", Tone: kit.ToneMuted}
		}, Compare: num(func(iv Invocation) float64 {
			if math.IsNaN(iv.Report.Init) {
				return -1
			}
			return iv.Report.Init
		})},
		{Title: "STATUS", Min: 7, Cell: func(iv Invocation) kit.Cell {
			switch statusOf(iv) {
			case invTimeout:
				return kit.Cell{Text: "TIMEOUT", Tone: kit.ToneErr}
			case invError:
				return kit.Cell{Text: "ERROR", Tone: kit.ToneErr}
			}
			return kit.Cell{Text: "ok", Tone: kit.ToneOK}
		}, Compare: func(a, b Invocation) int { return cmp.Compare(statusOf(a), statusOf(b)) }},
	}...)
	return kit.NewTable(st, cols, func(iv Invocation) string { return iv.RequestID }, func(iv Invocation) string { return iv.RequestID })
}

// invStatus is how an invocation ended, in the order the STATUS column
// sorts: failures of the code first, then successes, then timeouts.
type invStatus uint8

const (
	invError invStatus = iota
	invOK
	invTimeout
)

func statusOf(iv Invocation) invStatus {
	switch {
	case iv.Report.Status == providers.ReportTimeout:
		return invTimeout
	case iv.Error:
		return invError
	}
	return invOK
}
