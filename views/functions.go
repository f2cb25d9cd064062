package views

import (
	"cmp"
	"strconv"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// FunctionRow is one row of the functions table: the function and its
// live figures (nil until the first metrics request for it).
type FunctionRow struct {
	Fn   providers.Function
	Live *FunctionLive
}

// Column ids of the functions table, for the code that sorts by a column
// or re-sorts when the figures behind one change.
const (
	FnName kit.ColumnID = iota + 1
	FnRuntime
	FnMemory
	FnTimeout
	FnArch
	FnModified
	FnCode
	FnReserved
	FnInvocations
	FnErrorRate
	FnThrottles
	FnP95
	FnConcurrency
	FnLimit
)

// LiveColumn reports whether column id shows the live metrics, so its
// order changes when they arrive.
func LiveColumn(id kit.ColumnID) bool {
	switch id {
	case FnInvocations, FnErrorRate, FnThrottles, FnP95, FnConcurrency, FnLimit:
		return true
	}
	return false
}

// FunctionColumns are the columns of the functions table.
func FunctionColumns() []kit.Column[FunctionRow] {
	// The live figures: a non-zero error rate warns and 5% is an error; any
	// throttle is an error; p95 warns from 80% of the timeout; concurrency is
	// an error at the reservation.
	figInvocations := liveFigure{pick: func(l *FunctionLive) float64 { return l.InvPerMin }, failed: failedInv, format: format.Count}
	figErrorRate := liveFigure{pick: func(l *FunctionLive) float64 { return l.ErrRate }, failed: failedErrRate, format: format.Percent,
		tone: func(_ FunctionRow, v float64) kit.Tone {
			switch {
			case v >= 0.05:
				return kit.ToneErr
			case v > 0:
				return kit.ToneWarn
			}
			return kit.ToneOK
		}}
	figThrottles := liveFigure{pick: func(l *FunctionLive) float64 { return l.Throttles }, failed: failedThr, format: format.Count,
		tone: func(_ FunctionRow, v float64) kit.Tone { return toneIf(v > 0, kit.ToneErr) }}
	figP95 := liveFigure{pick: func(l *FunctionLive) float64 { return l.P95 }, failed: failedP95, format: format.Millis,
		tone: func(r FunctionRow, v float64) kit.Tone {
			timeoutMs := float64(r.Fn.TimeoutSec) * 1000
			return toneIf(timeoutMs > 0 && v >= 0.8*timeoutMs, kit.ToneWarn)
		}}
	figConcurrency := liveFigure{pick: func(l *FunctionLive) float64 { return l.MaxConc }, failed: failedConc, format: format.Count,
		tone: func(r FunctionRow, v float64) kit.Tone {
			rsv := r.Fn.Reserved
			return toneIf(rsv != nil && *rsv > 0 && v >= float64(*rsv), kit.ToneErr)
		}}
	return []kit.Column[FunctionRow]{
		kit.TextColumn(kit.Column[FunctionRow]{ID: FnName, Title: "NAME", Min: 18, Max: 64, Flex: true}, kit.ToneNormal,
			func(r FunctionRow) string { return r.Fn.Name }),
		{ID: FnRuntime, Title: "RUNTIME", Min: 12, Drop: 11,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: runtimeLabel(r.Fn), Tone: kit.ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(runtimeLabel(a.Fn), runtimeLabel(b.Fn)) }},
		{ID: FnMemory, Title: "MEM", Min: 5, Right: true, Drop: 12,
			Cell:    func(r FunctionRow) kit.Cell { return kit.IntCell(r.Fn.MemoryMB, kit.ToneNormal) },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.MemoryMB, b.Fn.MemoryMB) }},
		{ID: FnTimeout, Title: "TIMEOUT", Min: 7, Right: true, Drop: 17,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: strconv.Itoa(r.Fn.TimeoutSec) + "s"} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.TimeoutSec, b.Fn.TimeoutSec) }},
		{ID: FnArch, Title: "ARCH", Min: 6, Drop: 20,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: archLabel(r.Fn.Architecture), Tone: kit.ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.Architecture, b.Fn.Architecture) }},
		{ID: FnModified, Title: "MODIFIED", Min: 10, Drop: 18,
			Cell: func(r FunctionRow) kit.Cell {
				if r.Fn.LastModified.IsZero() {
					return kit.Cell{Text: "—", Tone: kit.ToneMuted}
				}
				return kit.Cell{Text: r.Fn.LastModified.UTC().Format("2006-01-02"), Tone: kit.ToneMuted}
			},
			Compare: func(a, b FunctionRow) int { return a.Fn.LastModified.Compare(b.Fn.LastModified) }},
		{ID: FnCode, Title: "CODE", Min: 8, Right: true, Drop: 19,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: format.Bytes(r.Fn.CodeSize), Tone: kit.ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.CodeSize, b.Fn.CodeSize) }},
		{ID: FnReserved, Title: "RSV", Min: 4, Right: true, Drop: 9,
			Cell:    func(r FunctionRow) kit.Cell { return reservedCell(r.Fn) },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(reservedSort(a.Fn), reservedSort(b.Fn)) }},
		liveColumn(FnInvocations, "INV/m", 6, 0, figInvocations),
		sparkColumn(func(s *LiveSparks) string { return s.Inv }, failedInv, kit.ToneInfo, 10),
		liveColumn(FnErrorRate, "ERR%", 5, 0, figErrorRate),
		sparkColumn(func(s *LiveSparks) string { return s.Err }, failedErrRate, kit.ToneErr, 13),
		liveColumn(FnThrottles, "THR", 4, 2, figThrottles),
		sparkColumn(func(s *LiveSparks) string { return s.Thr }, failedThr, kit.ToneWarn, 15),
		liveColumn(FnP95, "P95", 6, 1, figP95),
		sparkColumn(func(s *LiveSparks) string { return s.P95 }, failedP95, kit.ToneInfo, 14),
		liveColumn(FnConcurrency, "CONC", 4, 6, figConcurrency),
		sparkColumn(func(s *LiveSparks) string { return s.Conc }, failedConc, kit.ToneInfo, 16),
		{ID: FnLimit, Title: "LIMIT", Min: 5, Right: true, Drop: 3,
			Cell: limitCell,
			Compare: func(a, b FunctionRow) int {
				return compareNaNLast(HeadroomOf(a).Ratio, HeadroomOf(b).Ratio)
			}},
	}
}

func runtimeLabel(f providers.Function) string {
	if f.PackageType == providers.PackageImage {
		return "image"
	}
	if f.Runtime == "" {
		return "—"
	}
	return sanitize.Line(f.Runtime)
}

func archLabel(a string) string {
	if a == "" {
		return "x86_64"
	}
	return sanitize.Line(a)
}

func reservedCell(f providers.Function) kit.Cell {
	switch {
	case !f.ReservedKnown:
		return kit.Cell{Text: "·", Tone: kit.ToneMuted}
	case f.Reserved == nil:
		return kit.Cell{Text: "—", Tone: kit.ToneMuted}
	case *f.Reserved == 0:
		return kit.Cell{Text: "0", Tone: kit.ToneErr}
	}
	return kit.IntCell(*f.Reserved, kit.ToneInfo)
}

func reservedSort(f providers.Function) int {
	if f.Reserved == nil {
		return -1
	}
	return *f.Reserved
}

// NewFunctionsTable returns the functions table.
func NewFunctionsTable(st *theme.Styles) *kit.Table[FunctionRow] {
	t := kit.NewTable(st, FunctionColumns(),
		func(r FunctionRow) string { return r.Fn.Name },
		func(r FunctionRow) string { return r.Fn.Name })
	t.SetSearch(functionSearch)
	return t
}
