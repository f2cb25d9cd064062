package sim

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// statKind is a parsed statistic.
type statKind struct {
	name string  // Sum, Average, Minimum, Maximum, SampleCount or p
	p    float64 // percentile, for name "p"
}

func parseStat(s string) (statKind, bool) {
	switch s {
	case "Sum", "Average", "Minimum", "Maximum", "SampleCount":
		return statKind{name: s}, true
	}
	if rest, ok := strings.CutPrefix(s, "p"); ok {
		if p, err := strconv.ParseFloat(rest, 64); err == nil && p >= 0 && p <= 100 {
			return statKind{name: "p", p: p}, true
		}
	}
	return statKind{}, false
}

// agg accumulates the samples of one bucket as a statistic set; vals
// holds raw values where percentiles must be exact.
type agg struct {
	sum, count float64
	min, max   float64
	vals       []float32
	sorted     bool // vals is in ascending order
	shared     bool // vals belongs to a cache and must not be modified
	has        bool
}

// add records a single sample.
func (g *agg) add(v float64) { g.addSet(v, 1, v, v) }

// addSet merges a statistic set.
func (g *agg) addSet(sum, count, lo, hi float64) {
	if !g.has {
		g.min, g.max = lo, hi
	} else {
		g.min, g.max = math.Min(g.min, lo), math.Max(g.max, hi)
	}
	g.sum += sum
	g.count += count
	g.has = true
}

// addSorted merges sorted values whose sum is known: a cached minute's
// durations, merged without a pass over them.
func (g *agg) addSorted(vs []float32, sum float64) {
	if len(vs) == 0 {
		return
	}
	g.addSet(sum, float64(len(vs)), float64(vs[0]), float64(vs[len(vs)-1]))
	g.keep(vs, true)
}

// addVals merges unsorted raw values.
func (g *agg) addVals(vs []float32) {
	if len(vs) == 0 {
		return
	}
	sum, lo, hi := 0.0, float64(vs[0]), float64(vs[0])
	for _, v := range vs {
		x := float64(v)
		sum += x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	g.addSet(sum, float64(len(vs)), lo, hi)
	g.keep(vs, false)
}

// keep remembers values for percentiles. The first slice is kept as is
// (it may be a cached one); a second forces a private copy.
func (g *agg) keep(vs []float32, sorted bool) {
	if g.vals == nil {
		g.vals, g.sorted, g.shared = vs, sorted, true
		return
	}
	if g.shared {
		g.vals, g.shared = slices.Clone(g.vals), false
	}
	g.vals = append(g.vals, vs...)
	g.sorted = false
}

func (g *agg) merge(o agg) {
	if !o.has {
		return
	}
	g.addSet(o.sum, o.count, o.min, o.max)
	if o.vals != nil {
		g.keep(o.vals, o.sorted)
	}
}

func (g *agg) value(s statKind) float64 {
	switch s.name {
	case "Sum":
		return g.sum
	case "Average":
		if g.count == 0 {
			return 0
		}
		return g.sum / g.count
	case "Minimum":
		return g.min
	case "Maximum":
		return g.max
	case "SampleCount":
		return g.count
	}
	if len(g.vals) == 0 {
		return g.max
	}
	if !g.sorted {
		if g.shared {
			g.vals, g.shared = slices.Clone(g.vals), false
		}
		slices.Sort(g.vals)
		g.sorted = true
	}
	// Nearest rank, exact over the materialised values.
	i := int(math.Ceil(s.p/100*float64(len(g.vals)))) - 1
	return float64(g.vals[max(0, min(i, len(g.vals)-1))])
}
