package series

import "math"

// Values are a series' figures, one per period, oldest first; NaN where
// the period has no value. These summaries skip the NaN periods.

// Sum totals the values.
func Sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		if !math.IsNaN(x) {
			t += x
		}
	}
	return t
}

// Peak is the largest value and its period, or NaN and -1 when there is
// none.
func Peak(v []float64) (float64, int) {
	m, at := math.NaN(), -1
	for i, x := range v {
		if !math.IsNaN(x) && (at < 0 || x > m) {
			m, at = x, i
		}
	}
	return m, at
}

// Mean averages the values; NaN when there is none.
func Mean(v []float64) float64 {
	t, n := 0.0, 0
	for _, x := range v {
		if !math.IsNaN(x) {
			t += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return t / float64(n)
}

// Last is the newest value and its period, or NaN and -1 when there is
// none.
func Last(v []float64) (float64, int) {
	for i := len(v) - 1; i >= 0; i-- {
		if !math.IsNaN(v[i]) {
			return v[i], i
		}
	}
	return math.NaN(), -1
}
