// Package chart draws virga's metric charts with text: sparklines and
// gauges of block characters, and charts over time with a labelled y axis
// and a time axis, as quarter-block lines or block bars. It knows nothing about
// AWS: callers hand it aligned values (one per period, oldest first, NaN
// where there is no data) and the formatting of their units.
//
// Everything here is pure: the output depends only on the arguments, so it
// is computed when data arrives and cached by the caller, never in View.
package chart

import (
	"math"
	"strings"
)

// lowerBlock is the block filling the lower i eighths of a cell (1..8):
// U+2581 LOWER ONE EIGHTH BLOCK to U+2588 FULL BLOCK are consecutive.
func lowerBlock(i int) rune { return rune(0x2580 + i) }

// leftBlock is the block filling the left i eighths of a cell (1..7):
// U+258F LEFT ONE EIGHTH BLOCK down to U+2589 LEFT SEVEN EIGHTHS BLOCK.
func leftBlock(i int) rune { return rune(0x2590 - i) }

// Agg says how values that share one character are combined when a series
// has more points than the space it is drawn in.
type Agg uint8

// Aggregations: Max keeps peaks (durations, concurrency); Mean keeps the
// level of counts per period, whatever the number of periods that share
// a character.
const (
	Max Agg = iota
	Mean
)

// Spark draws vals as a sparkline exactly width cells wide, newest on the
// right. Zero is the lowest bar and any non-zero value shows at least the
// second one, so "no errors" and "a few errors" never look alike. Missing
// values (NaN) are blank. A series shorter than width is padded on the
// right.
//
// The scale starts at zero unless every value is more than half the
// largest; then it starts low enough that the smallest value still sits
// at mid height. A steady 600 a minute with a dip to 560 thus shows its
// dip without looking like an outage, and does not draw as a solid block.
func Spark(vals []float64, width int, agg Agg) string {
	if width <= 0 {
		return ""
	}
	cols := Resample(vals, width, agg)
	top, low := 0.0, math.Inf(1)
	for _, v := range cols {
		if !math.IsNaN(v) {
			top, low = math.Max(top, v), math.Min(low, v)
		}
	}
	floor := math.Max(0, 2*low-top)
	if math.IsInf(low, 0) {
		floor = 0
	}
	var b strings.Builder
	b.Grow(width * 3)
	for _, v := range cols {
		switch {
		case math.IsNaN(v):
			b.WriteByte(' ')
		case v <= 0 || top <= 0:
			b.WriteRune(lowerBlock(1))
		case top == floor:
			// A steady level: neither empty nor pegged.
			b.WriteRune(lowerBlock(5))
		default:
			b.WriteRune(lowerBlock(min(2+int(math.Round((v-floor)/(top-floor)*6)), 8)))
		}
	}
	for i := len(cols); i < width; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// Resample fits vals into at most width points: when there are more
// values than width, consecutive values are combined with agg; otherwise
// vals is returned as is.
func Resample(vals []float64, width int, agg Agg) []float64 {
	n := len(vals)
	if n <= width {
		return vals
	}
	out := make([]float64, width)
	for c := range width {
		out[c] = combine(vals, c*n/width, (c+1)*n/width, agg)
	}
	return out
}

// combine aggregates vals[lo:hi], skipping NaN; NaN when all are missing.
func combine(vals []float64, lo, hi int, agg Agg) float64 {
	hi = max(hi, lo+1)
	r, n := 0.0, 0
	for _, v := range vals[lo:min(hi, len(vals))] {
		if math.IsNaN(v) {
			continue
		}
		switch {
		case n == 0:
			r = v
		case agg == Mean:
			r += v
		default:
			r = math.Max(r, v)
		}
		n++
	}
	switch {
	case n == 0:
		return math.NaN()
	case agg == Mean:
		return r / float64(n)
	}
	return r
}

// Gauge draws a horizontal bar filled to frac (0..1) in exactly width
// cells, with eighth-cell resolution. The unfilled part is light shade so
// the bar's full length stays visible.
func Gauge(frac float64, width int) (filled, empty string) {
	if width <= 0 {
		return "", ""
	}
	if math.IsNaN(frac) || frac < 0 {
		frac = 0
	}
	frac = math.Min(frac, 1)
	eighths := int(math.Round(frac * float64(width*8)))
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	used := full
	if part > 0 && used < width {
		b.WriteRune(leftBlock(part))
		used++
	}
	return b.String(), strings.Repeat("░", width-used)
}
