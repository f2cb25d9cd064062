package sim

import (
	"math"
	"slices"
)

// Invocation kinds.
const (
	invOK uint8 = iota
	invError
	invTimeout
)

// inv is one synthetic invocation, compact because a busy minute holds
// tens of thousands. Its request id and log lines derive from its index.
type inv struct {
	endMs   int64   // when its REPORT line was written; the minute it counts in
	durMs   float32 // REPORT Duration, rounded to 0.01 ms
	memMB   uint16  // Max Memory Used
	slot    uint16  // execution environment within its bucket
	bucket  uint8
	kind    uint8
	first   bool // first on its environment this minute: may be a cold start
	variant uint8
}

func (v *inv) startMs() int64 { return v.endMs - int64(math.Ceil(float64(v.durMs))) }

// recorded is an invocation made through Invoke. It is merged into the
// minute it ended in, so it shows in logs and metrics like any other.
type recorded struct {
	rid       string
	endMs     int64
	durMs     float32
	memMB     uint16
	memSize   int
	timeoutS  float64
	initMs    float32
	kind      uint8
	throttled bool
	version   string
	resource  string
	errType   string
	errMsg    string
	stream    string
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// materialise lays out every invocation of minute m so that the counts of
// mc hold exactly: each environment (slot) runs its share back to back
// with random idle gaps, so one log stream never interleaves two
// requests; errors and timeouts are chosen by selection sampling so their
// numbers are exact.
func (f *function) materialise(mc *minuteCounts, m int64) []inv {
	n, _, _, _ := mc.totals()
	out := make([]inv, 0, n)
	r := newRNG(hash(f.key, tagInv), uint64(m))
	mStart := float64(m * 60000)
	var gaps []float64
	for bi, b := range mc.buckets() {
		if b.n == 0 {
			continue
		}
		remT, remE, left := b.timeouts, b.errors-b.timeouts, b.n
		for s := 0; s < b.slots; s++ {
			k := b.n / b.slots
			if s < b.n%b.slots {
				k++
			}
			first := len(out)
			busy := 0.0
			for j := 0; j < k; j++ {
				v := inv{bucket: uint8(bi), slot: uint16(s), first: j == 0, variant: uint8(r.Intn(256))}
				u := r.Float64() * float64(left)
				left--
				var d float64
				switch {
				case u < float64(remT):
					v.kind, remT = invTimeout, remT-1
					d = b.timeoutMs
				case u < float64(remT+remE):
					v.kind, remE = invError, remE-1
					d = r.LogNormal(b.medianMs, b.sigma) * (0.3 + 0.7*r.Float64())
				default:
					d = r.LogNormal(b.medianMs, b.sigma)
				}
				if v.kind != invTimeout && d >= b.timeoutMs*0.985 {
					d = b.timeoutMs * (0.9 + 0.08*r.Float64())
				}
				d = math.Max(round2(d), 0.5)
				v.durMs = float32(d)
				mem := float64(b.memoryMB) * f.spec.memFrac * (0.92 + 0.16*r.Float64())
				v.memMB = uint16(math.Max(math.Min(mem, float64(b.memoryMB)), math.Min(38, float64(b.memoryMB))))
				busy += math.Ceil(d)
				out = append(out, v)
			}
			// Place the slot's invocations in the minute.
			free := 60000 - busy - 10
			slotInv := out[first:]
			if free >= 0 {
				gaps = gaps[:0]
				total := 0.0
				for range k + 1 {
					g := r.Exp()
					gaps = append(gaps, g)
					total += g
				}
				cursor := mStart + 5
				for j := range slotInv {
					cursor += gaps[j] / total * free
					cursor += math.Ceil(float64(slotInv[j].durMs))
					slotInv[j].endMs = int64(cursor)
				}
			} else {
				// Long invocations: they end inside the minute and start
				// before it, back to back.
				cursor := mStart + 60000 - 1 - 5*r.Float64()
				for j := len(slotInv) - 1; j >= 0; j-- {
					slotInv[j].endMs = int64(cursor)
					cursor -= math.Ceil(float64(slotInv[j].durMs)) + 1 + 4*r.Float64()
				}
			}
			for j := range slotInv {
				slotInv[j].endMs = min(max(slotInv[j].endMs, m*60000+1), m*60000+59999)
			}
		}
	}
	return out
}

// minuteStats is what metrics need from a materialised minute: the
// durations of each bucket, sorted for exact percentiles.
type minuteStats struct {
	mc   minuteCounts
	durs [2][]float32
	sums [2]float64
	rec  []recorded
}

// stats returns the cached statistics of a minute that has ended.
func (a *Account) stats(f *function, tl *timeline, m int64, rec []recorded) *minuteStats {
	k := minuteKey{f.key, m}
	if st, ok := a.caches.stats.get(k); ok {
		return st
	}
	st := &minuteStats{mc: f.countMinute(tl.at(m*60000), m), rec: rec}
	invs := f.materialise(&st.mc, m)
	for i := range st.mc.nb {
		st.durs[i] = make([]float32, 0, st.mc.b[i].n)
	}
	for i := range invs {
		st.durs[invs[i].bucket] = append(st.durs[invs[i].bucket], invs[i].durMs)
	}
	for i := range st.mc.nb {
		slices.Sort(st.durs[i])
		for _, d := range st.durs[i] {
			st.sums[i] += float64(d)
		}
	}
	a.caches.stats.put(k, st, len(invs)+1)
	return st
}

// snapshot returns a function's timeline and the invocations recorded
// through Invoke in minutes [m0, m1], under the lock.
func (a *Account) snapshot(f *function, m0, m1 int64) (*timeline, map[int64][]recorded) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var rec map[int64][]recorded
	if len(f.recorded) > 0 {
		for m, rs := range f.recorded {
			if m >= m0 && m <= m1 {
				if rec == nil {
					rec = map[int64][]recorded{}
				}
				rec[m] = slices.Clone(rs)
			}
		}
	}
	return f.tl, rec
}
