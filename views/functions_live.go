package views

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
)

// The live columns of the functions table: a function's CloudWatch
// figures over the metrics window, their cells and sparklines, and the
// headroom against its limits.

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
