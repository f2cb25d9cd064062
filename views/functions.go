package views

import (
	"cmp"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
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

// liveCell is a live column's cell: "·" not asked yet, "n/a" not
// permitted, "err" failed, "…" loading, "—" no data.
func liveCell(r FunctionRow, pick func(*FunctionLive) float64, failed func(*LiveFailures) string,
	format func(float64) string, tone func(float64) Tone) Cell {
	switch {
	case r.Live == nil:
		return Cell{Text: "·", Tone: ToneMuted}
	case r.Live.Denied:
		return Cell{Text: "n/a", Tone: ToneMuted}
	case r.Live.Err != "", failed(&r.Live.Failed) != "":
		return Cell{Text: "err", Tone: ToneErr}
	case r.Live.Loading && math.IsNaN(pick(r.Live)):
		return Cell{Text: "…", Tone: ToneMuted}
	}
	v := pick(r.Live)
	if math.IsNaN(v) {
		return Cell{Text: "—", Tone: ToneMuted}
	}
	t := ToneNormal
	if tone != nil {
		t = tone(v)
	}
	return Cell{Text: format(v), Tone: t}
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

// FunctionColumns are the columns of the functions table.
func FunctionColumns() []Column[FunctionRow] {
	num := func(pick func(*FunctionLive) float64) func(a, b FunctionRow) int {
		return func(a, b FunctionRow) int { return compareNaNLast(liveValue(a, pick), liveValue(b, pick)) }
	}
	inv := func(l *FunctionLive) float64 { return l.InvPerMin }
	errR := func(l *FunctionLive) float64 { return l.ErrRate }
	thr := func(l *FunctionLive) float64 { return l.Throttles }
	p95 := func(l *FunctionLive) float64 { return l.P95 }
	conc := func(l *FunctionLive) float64 { return l.MaxConc }
	return []Column[FunctionRow]{
		{Title: "NAME", Min: 18, Max: 64, Flex: true,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: sanitize.Line(r.Fn.Name)} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.Name, b.Fn.Name) }},
		{Title: "RUNTIME", Min: 12, Drop: 11,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: runtimeLabel(r.Fn), Tone: ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(runtimeLabel(a.Fn), runtimeLabel(b.Fn)) }},
		{Title: "MEM", Min: 5, Right: true, Drop: 12,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: strconv.Itoa(r.Fn.MemoryMB)} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.MemoryMB, b.Fn.MemoryMB) }},
		{Title: "TIMEOUT", Min: 7, Right: true, Drop: 17,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: strconv.Itoa(r.Fn.TimeoutSec) + "s"} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.TimeoutSec, b.Fn.TimeoutSec) }},
		{Title: "ARCH", Min: 6, Drop: 20,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: archLabel(r.Fn.Architecture), Tone: ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.Architecture, b.Fn.Architecture) }},
		{Title: "MODIFIED", Min: 10, Drop: 18,
			Cell: func(r FunctionRow) Cell {
				if r.Fn.LastModified.IsZero() {
					return Cell{Text: "—", Tone: ToneMuted}
				}
				return Cell{Text: r.Fn.LastModified.UTC().Format("2006-01-02"), Tone: ToneMuted}
			},
			Compare: func(a, b FunctionRow) int { return a.Fn.LastModified.Compare(b.Fn.LastModified) }},
		{Title: "CODE", Min: 8, Right: true, Drop: 19,
			Cell:    func(r FunctionRow) Cell { return Cell{Text: Bytes(r.Fn.CodeSize), Tone: ToneMuted} },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(a.Fn.CodeSize, b.Fn.CodeSize) }},
		{Title: "RSV", Min: 4, Right: true, Drop: 9,
			Cell:    func(r FunctionRow) Cell { return reservedCell(r.Fn) },
			Compare: func(a, b FunctionRow) int { return cmp.Compare(reservedSort(a.Fn), reservedSort(b.Fn)) }},
		{Title: "INV/m", Min: 6, Right: true,
			Cell:    func(r FunctionRow) Cell { return liveCell(r, inv, failedInv, Count, nil) },
			Compare: num(inv)},
		sparkColumn(func(s *LiveSparks) string { return s.Inv }, failedInv, ToneInfo, 10),
		{Title: "ERR%", Min: 5, Right: true,
			Cell: func(r FunctionRow) Cell {
				return liveCell(r, errR, failedErrRate, Percent, func(v float64) Tone {
					switch {
					case v >= 0.05:
						return ToneErr
					case v > 0:
						return ToneWarn
					}
					return ToneOK
				})
			},
			Compare: num(errR)},
		sparkColumn(func(s *LiveSparks) string { return s.Err }, failedErrRate, ToneErr, 13),
		{Title: "THR", Min: 4, Right: true, Drop: 2,
			Cell: func(r FunctionRow) Cell {
				return liveCell(r, thr, failedThr, Count, func(v float64) Tone {
					if v > 0 {
						return ToneErr
					}
					return ToneNormal
				})
			},
			Compare: num(thr)},
		sparkColumn(func(s *LiveSparks) string { return s.Thr }, failedThr, ToneWarn, 15),
		{Title: "P95", Min: 6, Right: true, Drop: 1,
			Cell: func(r FunctionRow) Cell {
				timeoutMs := float64(r.Fn.TimeoutSec) * 1000
				return liveCell(r, p95, failedP95, Millis, func(v float64) Tone {
					if timeoutMs > 0 && v >= 0.8*timeoutMs {
						return ToneWarn
					}
					return ToneNormal
				})
			},
			Compare: num(p95)},
		sparkColumn(func(s *LiveSparks) string { return s.P95 }, failedP95, ToneInfo, 14),
		{Title: "CONC", Min: 4, Right: true, Drop: 6,
			Cell: func(r FunctionRow) Cell {
				rsv := r.Fn.Reserved
				return liveCell(r, conc, failedConc, Count, func(v float64) Tone {
					if rsv != nil && *rsv > 0 && v >= float64(*rsv) {
						return ToneErr
					}
					return ToneNormal
				})
			},
			Compare: num(conc)},
		sparkColumn(func(s *LiveSparks) string { return s.Conc }, failedConc, ToneInfo, 16),
		{Title: "LIMIT", Min: 5, Right: true, Drop: 3,
			Cell: limitCell,
			Compare: func(a, b FunctionRow) int {
				return compareNaNLast(HeadroomOf(a).Ratio, HeadroomOf(b).Ratio)
			}},
	}
}

func runtimeLabel(f providers.Function) string {
	if f.PackageType == "Image" {
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

func reservedCell(f providers.Function) Cell {
	switch {
	case !f.ReservedKnown:
		return Cell{Text: "·", Tone: ToneMuted}
	case f.Reserved == nil:
		return Cell{Text: "—", Tone: ToneMuted}
	case *f.Reserved == 0:
		return Cell{Text: "0", Tone: ToneErr}
	}
	return Cell{Text: strconv.Itoa(*f.Reserved), Tone: ToneInfo}
}

func reservedSort(f providers.Function) int {
	if f.Reserved == nil {
		return -1
	}
	return *f.Reserved
}

// NewFunctionsTable returns the functions table.
func NewFunctionsTable(st *theme.Styles) *Table[FunctionRow] {
	return NewTable(st, FunctionColumns(),
		func(r FunctionRow) string { return r.Fn.Name },
		func(r FunctionRow) string { return sanitize.Line(r.Fn.Name) })
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
