package views

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
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
		kit.TextColumn(kit.Column[FunctionRow]{ID: FnName, Title: "NAME", Min: 18, Max: 64, Flex: true}, kit.ToneNormal,
			func(r FunctionRow) string { return r.Fn.Name }),
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

// SparkWidth is the width of the list's sparklines.
const SparkWidth = 8

// LiveSeries are a function's five list series, one value per period,
// oldest first: counts are zero where nothing happened, durations and
// concurrency NaN.
type LiveSeries struct {
	Inv, Err, Thr, P95, Conc []float64
}

// LiveSparks are the sparklines of the live columns; Err is drawn from the
// error rate per period rather than the count.
type LiveSparks struct {
	Inv, Err, Thr, P95, Conc string
}

// LiveFailures say why single series of the live columns failed; empty
// means the series was read.
type LiveFailures struct {
	Inv, Err, Thr, P95, Conc string
}

// Any returns the first failure, "" when every series was read.
func (f LiveFailures) Any() string {
	for _, s := range []string{f.Inv, f.Err, f.Thr, f.P95, f.Conc} {
		if s != "" {
			return s
		}
	}
	return ""
}

func failedInv(f *LiveFailures) string  { return f.Inv }
func failedThr(f *LiveFailures) string  { return f.Thr }
func failedP95(f *LiveFailures) string  { return f.P95 }
func failedConc(f *LiveFailures) string { return f.Conc }

// failedErrRate: the error rate needs both invocations and errors.
func failedErrRate(f *LiveFailures) string {
	if f.Inv != "" {
		return f.Inv
	}
	return f.Err
}

// sparkColumn is an untitled column beside a live column showing its
// trend over the window. Trends go before anything else when the table is
// narrow (drop), and cannot be sorted on.
func sparkColumn(pick func(*LiveSparks) string, failed func(*LiveFailures) string, tone kit.Tone, drop int) kit.Column[FunctionRow] {
	return kit.Column[FunctionRow]{Min: SparkWidth, Drop: drop,
		Cell: func(r FunctionRow) kit.Cell {
			if r.Live == nil || r.Live.Err != "" || r.Live.Denied || failed(&r.Live.Failed) != "" {
				return kit.Cell{}
			}
			return kit.Cell{Text: pick(&r.Live.Sparks), Tone: tone}
		}}
}

// Headroom is how close a function runs to one of its limits, and which
// signal says so.
type Headroom struct {
	// Ratio is the closest signal's use of its limit (0..1+); NaN when no
	// signal is known.
	Ratio float64
	// Flag is the list's short form ("t85%", "m94%", "c100%"), empty when
	// no signal is near its limit.
	Flag string
	Tone kit.Tone
	// Basis says what the flag is based on, for the detail pane.
	Basis string
}

// headroomSignal is one limit a function can run into.
type headroomSignal struct {
	letter      string
	ratio       float64
	warn, err   float64
	description string
}

// HeadroomOf compares what the list knows of a function with its limits:
// the worst period's p95 duration in the list window against the timeout,
// the peak memory of REPORT lines (read when its metrics screen was
// opened) against the memory size, and the peak concurrency against its
// reservation. The closest signal past its threshold is the flag.
func HeadroomOf(r FunctionRow) Headroom {
	var sigs []headroomSignal
	lv := r.Live
	if lv != nil && lv.Err == "" {
		if r.Fn.TimeoutSec > 0 && !math.IsNaN(lv.P95) {
			sigs = append(sigs, headroomSignal{"t", lv.P95 / (float64(r.Fn.TimeoutSec) * 1000), 0.8, 0.95,
				"p95 duration (worst " + format.Period(lv.Period) + " in " + format.Period(lv.Window) + ") vs timeout"})
		}
		if rsv := r.Fn.Reserved; rsv != nil && *rsv > 0 && !math.IsNaN(lv.MaxConc) {
			sigs = append(sigs, headroomSignal{"c", lv.MaxConc / float64(*rsv), 0.9, 1,
				"peak concurrency in " + format.Period(lv.Window) + " vs reserved concurrency"})
		}
		if u := lv.Mem; u != nil && u.Lines > 0 {
			size := u.SizeMB
			if size == 0 {
				size = r.Fn.MemoryMB
			}
			if size > 0 {
				sigs = append(sigs, headroomSignal{"m", u.MaxUsedMB / float64(size), 0.85, 0.95,
					fmt.Sprintf("max memory used in %d REPORT lines vs memory size", u.Lines)})
			}
		}
	}
	h := Headroom{Ratio: math.NaN()}
	best := -1
	for i, s := range sigs {
		if math.IsNaN(h.Ratio) || s.ratio > h.Ratio {
			h.Ratio = s.ratio
		}
		if s.ratio >= s.warn && (best < 0 || s.ratio/s.warn > sigs[best].ratio/sigs[best].warn) {
			best = i
		}
	}
	if best >= 0 {
		s := sigs[best]
		h.Ratio = s.ratio
		h.Flag = s.letter + strconv.Itoa(int(math.Round(s.ratio*100))) + "%"
		h.Tone = kit.ToneWarn
		if s.ratio >= s.err {
			h.Tone = kit.ToneErr
		}
		h.Basis = s.description
	}
	return h
}

func limitCell(r FunctionRow) kit.Cell {
	h := HeadroomOf(r)
	return kit.Cell{Text: h.Flag, Tone: h.Tone}
}
