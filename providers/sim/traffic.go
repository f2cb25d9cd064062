package sim

import (
	"math"
	"time"
)

// Traffic is a pure function of (seed, function, minute) and the
// configuration governing that minute. The count path below decides how
// many invocations, errors, timeouts and throttles a minute has without
// materialising any invocation, so account-wide metrics over 10,000
// functions stay cheap. invocations.go then lays out the individual
// invocations of a minute consistently with these counts.

// unreservedCap bounds the concurrency of an unreserved function. The
// shared account pool is not modelled per minute (it would make one
// function's past depend on another's present); this cap stands in for it.
const unreservedCap = 900

// bucket is the traffic of one minute that ran one executed version
// through one qualifier.
type bucket struct {
	version   string // executed version: "$LATEST" or a number
	resource  string // qualifier invoked: "" (unqualified) or an alias
	demand    int
	n         int // invocations that ran
	throttles int
	errors    int // includes timeouts
	timeouts  int
	slots     int // concurrent execution environments used
	medianMs  float64
	sigma     float64
	meanMs    float64
	timeoutMs float64
	memoryMB  int
	gen       int // environment generation: $LATEST follows config changes
	provSlots int // provisioned environments serving this bucket
	provInv   int // invocations that ran on provisioned environments
}

// minuteCounts is the count-path result for one function and minute.
type minuteCounts struct {
	nb int
	b  [2]bucket
	pf float64 // peak-to-mean concurrency factor of the minute
}

func (mc *minuteCounts) buckets() []bucket { return mc.b[:mc.nb] }

func (mc *minuteCounts) totals() (n, errs, throttles, conc int) {
	for _, b := range mc.buckets() {
		n += b.n
		errs += b.errors
		throttles += b.throttles
		conc += b.slots
	}
	return
}

func pow10(x float64) float64 { return math.Pow(10, x) }

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// demand is the expected number of invocations in minute m: a daily curve
// in UTC, a slow wander, and deterministic bursts.
func (f *function) demand(c *fnConfig, m int64) float64 {
	s := &f.spec
	if f.esm != nil && !c.esmEnabled {
		return 0
	}
	if s.every > 0 {
		if floorMod(m-int64(s.atMinute), int64(s.every)) == 0 {
			return 1
		}
		return 0
	}
	hour := float64(floorMod(m, 1440)) / 60
	r := s.rate * (1 + s.amp*math.Cos(2*math.Pi*(hour-s.peakHour)/24))
	w := floorDiv(m, 20)
	n0 := unit(hash(f.key, tagBurst, uint64(w), 1))
	n1 := unit(hash(f.key, tagBurst, uint64(w+1), 1))
	r *= 0.88 + 0.24*(n0+(n1-n0)*float64(m-w*20)/20)
	if s.burstP > 0 {
		w := floorDiv(m, 30)
		h := hash(f.key, tagBurst, uint64(w))
		if unit(h) < s.burstP {
			off, length := int64((h>>20)%25), 1+int64((h>>28)%5)
			if d := m - w*30; d >= off && d < off+length {
				r *= s.burstMult * (0.6 + 0.8*unit(mix(h)))
			}
		}
	}
	// A stream source that was paused catches up on its backlog.
	if f.esm != nil && !c.esmOffAt.IsZero() {
		backlog := c.esmAt.Sub(c.esmOffAt)
		if t := minuteStart(m); t.Before(c.esmAt.Add(backlog / 2)) {
			r *= 3
		}
	}
	return r
}

// errorRate is the chance that an invocation fails in minute m: the
// function's base rate, a version's quality, and rare incident windows.
func (f *function) errorRate(code codeRev, m int64) float64 {
	p := f.spec.errRate * code.errMult
	if f.spec.errRate >= 0.1 {
		// An ongoing storm: it breathes from minute to minute.
		return p * (0.85 + 0.3*unit(hash(f.key, tagIncident, uint64(m))))
	}
	w := floorDiv(m, 120)
	h := hash(f.key, tagIncident, uint64(w))
	if unit(h) < 0.08 {
		off, length := int64((h>>20)%100), 3+int64((h>>30)%12)
		if d := m - w*120; d >= off && d < off+length {
			p *= 8
		}
	}
	return min(p, 0.9)
}

// versionShape is the duration model of a version under a config.
func (f *function) versionShape(c *fnConfig, v string) (b bucket, code codeRev) {
	mem, timeout, code := c.behaviour(v)
	mult := code.durMult
	if mem != f.spec.memoryMB {
		// Lambda allocates CPU in proportion to memory: more memory runs
		// CPU-bound code faster, less runs it slower.
		mult *= math.Max(0.6, math.Min(1.6, math.Sqrt(float64(f.spec.memoryMB)/float64(mem))))
	}
	b.version = v
	b.medianMs = f.spec.durMs * mult
	b.sigma = f.spec.sigma
	b.timeoutMs = float64(timeout) * 1000
	b.meanMs = math.Min(b.medianMs*math.Exp(b.sigma*b.sigma/2), b.timeoutMs)
	b.memoryMB = mem
	if v == "$LATEST" {
		b.gen = c.gen
	}
	return b, code
}

// countMinute decides the counts of minute m under config c.
func (f *function) countMinute(c *fnConfig, m int64) minuteCounts {
	var mc minuteCounts
	r := newRNG(hash(f.key, tagCounts), uint64(m))
	demand := r.Poisson(f.demand(c, m))
	mc.pf = 1.3 + 0.9*r.Float64()

	var codes [2]codeRev
	if al, ok := c.alias(f.entry); ok && f.entry != "" {
		mc.b[0], codes[0] = f.versionShape(c, al.version)
		mc.nb = 1
		d2 := 0
		if al.extra != "" && al.weight > 0 {
			mc.b[1], codes[1] = f.versionShape(c, al.extra)
			mc.nb = 2
			d2 = r.Binomial(demand, al.weight)
		}
		mc.b[0].demand, mc.b[1].demand = demand-d2, d2
		for i := range mc.nb {
			mc.b[i].resource = f.entry
		}
	} else {
		mc.b[0], codes[0] = f.versionShape(c, "$LATEST")
		mc.b[0].demand = demand
		mc.nb = 1
	}

	limit := unreservedCap
	if c.reserved >= 0 {
		limit = c.reserved
	}
	need := 0.0
	for _, b := range mc.buckets() {
		need += float64(b.demand) * b.meanMs / 60000 * mc.pf
	}
	ratio := 1.0
	if limit == 0 {
		ratio = 0
	} else if need > float64(limit) {
		ratio = float64(limit) / need
	}
	totalSlots := 0
	for i := range mc.nb {
		b := &mc.b[i]
		b.n = int(float64(b.demand) * ratio)
		b.throttles = b.demand - b.n
		if b.n > 0 {
			b.slots = max(1, min(b.n, int(math.Ceil(float64(b.n)*b.meanMs/60000*mc.pf))))
		}
		totalSlots += b.slots
		pt := 0.0
		if b.timeoutMs > 0 {
			pt = 0.5 * math.Erfc((math.Log(b.timeoutMs)-math.Log(b.medianMs))/(b.sigma*math.Sqrt2))
		}
		b.timeouts = r.Binomial(b.n, pt)
		b.errors = b.timeouts + r.Binomial(b.n-b.timeouts, f.errorRate(codes[i], m))
	}
	// Rounding up per bucket may overshoot a reservation by a slot; the
	// metric promises ConcurrentExecutions never exceeds it.
	for totalSlots > limit {
		i := 0
		if mc.nb == 2 && mc.b[1].slots > mc.b[0].slots {
			i = 1
		}
		if mc.b[i].slots <= 1 {
			break
		}
		mc.b[i].slots--
		totalSlots--
	}
	// Provisioned environments on the entry alias serve the first slots.
	if p, ok := c.provisionedFor(f.entry); ok && f.entry != "" {
		b := &mc.b[0]
		b.provSlots = p.allocated(minuteStart(m))
		q := min(b.provSlots, b.slots)
		if b.slots > 0 {
			b.provInv = q*(b.n/b.slots) + min(q, b.n%b.slots)
		}
	}
	return mc
}

// iteratorAge is the IteratorAge (ms) of a stream function in minute m:
// small and noisy while the mapping keeps up, large right after it was
// paused and resumed (the backlog), and higher during bursts.
func (f *function) iteratorAge(c *fnConfig, m int64, mc *minuteCounts) float64 {
	u := unit(hash(f.key, tagIncident, uint64(m), 2))
	age := 150 + 900*u*u
	if n, _, _, _ := mc.totals(); float64(n) > 1.8*f.spec.rate {
		age += 4000 * u
	}
	if !c.esmOffAt.IsZero() {
		backlog := c.esmAt.Sub(c.esmOffAt)
		since := minuteStart(m).Sub(c.esmAt)
		if rest := backlog - 2*since; rest > 0 {
			age += float64(rest / time.Millisecond)
		}
	}
	return math.Round(age)
}

// asyncAge is the AsyncEventAge (ms) of an async function: events wait
// longer in Lambda's internal queue while the function is throttled.
func (f *function) asyncAge(m int64, mc *minuteCounts) float64 {
	n, _, thr, _ := mc.totals()
	age := 25 + 120*unit(hash(f.key, tagIncident, uint64(m), 3))
	if n+thr > 0 && thr > 0 {
		age += 60000 * float64(thr) / float64(n+thr)
	}
	return math.Round(age)
}
