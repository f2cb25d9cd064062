package views

import (
	"cmp"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// FunctionLive holds a function's live figures over the metrics window,
// folded from CloudWatch series when they arrive. NaN means no data.
type FunctionLive struct {
	InvPerMin float64
	ErrRate   float64 // errors / invocations
	Throttles float64
	P95       float64 // worst period's p95 duration in the window, ms
	MaxConc   float64
	Loading   bool
	// Err says why the figures are missing: the request failed and there
	// were no figures to keep. The cells show "err", or "n/a" when Denied.
	Err string
	// Denied says CloudWatch did not permit the read: "n/a", whose only
	// meaning is "not permitted".
	Denied bool
	// Failed says why single series failed while the others were read;
	// their cells show "err".
	Failed LiveFailures
	// Window and Period are what the figures were fetched over.
	Window, Period time.Duration
	// Series are the five series behind the figures, one value per period.
	Series LiveSeries
	// Sparks are the series drawn as sparklines, built when data arrives.
	Sparks LiveSparks
	// Mem is the peak memory of REPORT lines read when the function's
	// metrics screen was opened; nil when never read.
	Mem *MemoryUse
}

// FunctionRow is one row of the functions table: the function and its
// live figures (nil until the first metrics request for it).
type FunctionRow struct {
	Fn   providers.Function
	Live *FunctionLive
}

func liveValue(r FunctionRow, pick func(*FunctionLive) float64) float64 {
	if r.Live == nil || r.Live.Err != "" {
		return math.NaN()
	}
	return pick(r.Live)
}

// liveFigure is one figure of the live columns: where it is in the live
// figures, which series failing makes it "err", how it reads, and its
// tone (nil: normal) given the row.
type liveFigure struct {
	pick   func(*FunctionLive) float64
	failed func(*LiveFailures) string
	format func(float64) string
	tone   func(r FunctionRow, v float64) kit.Tone
}

// liveCell is a live column's cell: "·" not asked yet, "n/a" not
// permitted, "err" failed, "…" loading, "—" no data.
func liveCell(r FunctionRow, fig liveFigure) kit.Cell {
	switch {
	case r.Live == nil:
		return kit.Cell{Text: "·", Tone: kit.ToneMuted}
	case r.Live.Denied:
		return kit.Cell{Text: "n/a", Tone: kit.ToneMuted}
	case r.Live.Err != "", fig.failed(&r.Live.Failed) != "":
		return kit.Cell{Text: "err", Tone: kit.ToneErr}
	case r.Live.Loading && math.IsNaN(fig.pick(r.Live)):
		return kit.Cell{Text: "…", Tone: kit.ToneMuted}
	}
	v := fig.pick(r.Live)
	if math.IsNaN(v) {
		return kit.Cell{Text: "—", Tone: kit.ToneMuted}
	}
	t := kit.ToneNormal
	if fig.tone != nil {
		t = fig.tone(r, v)
	}
	return kit.Cell{Text: fig.format(v), Tone: t}
}

// liveColumn is the column of one live figure, sorted with the rows
// without it last either way.
func liveColumn(id kit.ColumnID, title string, minW, drop int, fig liveFigure) kit.Column[FunctionRow] {
	return kit.Column[FunctionRow]{ID: id, Title: title, Min: minW, Right: true, Drop: drop,
		Cell: func(r FunctionRow) kit.Cell { return liveCell(r, fig) },
		Compare: func(a, b FunctionRow) int {
			return compareNaNLast(liveValue(a, fig.pick), liveValue(b, fig.pick))
		}}
}

// toneIf is tone when cond holds, normal otherwise.
func toneIf(cond bool, tone kit.Tone) kit.Tone {
	if cond {
		return tone
	}
	return kit.ToneNormal
}

// compareNaNLast orders numbers with missing values last either way.
func compareNaNLast(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	return cmp.Compare(a, b)
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
		{ID: FnName, Title: "NAME", Min: 18, Max: 64, Flex: true,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: sanitize.Line(r.Fn.Name)} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.Name, b.Fn.Name) }},
		{ID: FnRuntime, Title: "RUNTIME", Min: 12, Drop: 11,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: runtimeLabel(r.Fn), Tone: kit.ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(runtimeLabel(a.Fn), runtimeLabel(b.Fn)) }},
		{ID: FnMemory, Title: "MEM", Min: 5, Right: true, Drop: 12,
			Cell:    func(r FunctionRow) kit.Cell { return kit.Cell{Text: strconv.Itoa(r.Fn.MemoryMB)} },
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
	return kit.Cell{Text: strconv.Itoa(*f.Reserved), Tone: kit.ToneInfo}
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
		func(r FunctionRow) string { return sanitize.Line(r.Fn.Name) })
	t.SetSearch(functionSearch)
	return t
}

// looksSecret reports whether an environment variable's name suggests a
// secret. All values are masked; this only decides the warning marker.
func looksSecret(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE", "AUTH"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
