package views

import (
	"fmt"
	"math"
	"strconv"

	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
)

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

// headroomDetail adds the headroom lines of the detail pane: every signal
// with what it is based on, and how to get the one that is missing.
func headroomDetail(l *lines, fnRow FunctionRow) {
	st := l.st
	fn, lv := fnRow.Fn, fnRow.Live
	if lv == nil || lv.Err != "" {
		return
	}
	if fn.TimeoutSec > 0 && !math.IsNaN(lv.P95) {
		r := lv.P95 / (float64(fn.TimeoutSec) * 1000)
		l.kvTone("Timeout room", fmt.Sprintf("p95 %s of %ds (%s) · worst %s period", format.Millis(lv.P95), fn.TimeoutSec, format.Percent(r), format.Period(lv.Period)),
			toneFor(st, r >= 0.95, r >= 0.8))
	}
	switch u := lv.Mem; {
	case u != nil && u.Lines > 0:
		size := u.SizeMB
		if size == 0 {
			size = fn.MemoryMB
		}
		r := u.MaxUsedMB / float64(max(size, 1))
		l.kvTone("Memory room", fmt.Sprintf("max used %.0f of %d MB (%s) · %d REPORT lines at %s",
			u.MaxUsedMB, size, format.Percent(r), u.Lines, u.At.UTC().Format("15:04")), toneFor(st, r >= 0.95, r >= 0.85))
	default:
		l.kvTone("Memory room", "unknown · m opens metrics, which reads recent REPORT lines", st.Text.Muted)
	}
}

// windowLabel is " 15m" for the detail's section title, empty when the
// window is not known.
func windowLabel(lv *FunctionLive) string {
	if lv.Window <= 0 {
		return ""
	}
	return " " + format.Period(lv.Window)
}
