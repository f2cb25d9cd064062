package sim

import (
	"math"
	"slices"
	"strings"
)

// logEvent is one generated log line. Its id and ingestion time derive
// from (src, ord), so they are stable however the line was reached.
type logEvent struct {
	ts     int64  // ms
	src    uint64 // the generating unit: function+minute, or task+container+minute
	ord    uint32 // position within the unit; orders lines that share a millisecond
	stream string
	msg    string
}

func cmpEvents(x, y logEvent) int {
	switch {
	case x.ts != y.ts:
		return cmpInt(x.ts, y.ts)
	case x.stream != y.stream:
		return strings.Compare(x.stream, y.stream)
	case x.src != y.src:
		return cmpInt(x.src, y.src)
	default:
		return cmpInt(x.ord, y.ord)
	}
}

func cmpInt[T int64 | uint64 | uint32](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Cold starts and log streams. An execution environment is (version,
// slot): slot s of a version is in use in a minute when the count path
// gave that version more than s concurrent environments. A slot starts
// cold when it was idle for the previous 10 minutes, when its lifetime
// epoch (90-180 minutes, as Lambda recycles environments after hours)
// rolled over, when the code or configuration changed, or by a small
// random recycle. Each cold start opens a new log stream.
const (
	idleMinutes  = 10
	maxEpoch     = 180
	lookbackMins = maxEpoch + idleMinutes + 1
)

// countHistory caches count-path results over a range of minutes, for the
// cold-start decisions that look back in time.
type countHistory struct {
	f   *function
	tl  *timeline
	lo  int64
	mcs []minuteCounts
}

func newCountHistory(f *function, tl *timeline, lo, hi int64) *countHistory {
	h := &countHistory{f: f, tl: tl, lo: lo, mcs: make([]minuteCounts, 0, max(0, hi-lo+1))}
	for m := lo; m <= hi; m++ {
		h.mcs = append(h.mcs, f.countMinute(tl.at(m*60000), m))
	}
	return h
}

func (h *countHistory) at(m int64) *minuteCounts {
	if i := m - h.lo; i >= 0 && i < int64(len(h.mcs)) {
		return &h.mcs[i]
	}
	mc := h.f.countMinute(h.tl.at(m*60000), m)
	return &mc
}

// slot reports the environments a version used in minute m and their
// generation.
func (h *countHistory) slot(ver string, m int64) (slots, prov, gen int) {
	for _, b := range h.at(m).buckets() {
		if b.version == ver {
			slots += b.slots
			prov = max(prov, b.provSlots)
			gen = b.gen
		}
	}
	return
}

func (h *countHistory) epoch(hv uint64, s int, m int64) int64 {
	e := hash(h.f.key, tagEpoch, hv, uint64(s))
	length := 90 + int64(e%90)
	return floorDiv(m+int64((e>>8)%uint64(length)), length)
}

func (h *countHistory) cold(ver string, hv uint64, s int, m int64) bool {
	if unit(hash(h.f.key, tagRecycle, hv, uint64(s), uint64(m))) < 0.001 {
		return true
	}
	_, _, g := h.slot(ver, m)
	ep := h.epoch(hv, s, m)
	for d := int64(1); d <= idleMinutes; d++ {
		n, _, g2 := h.slot(ver, m-d)
		if n > s && g2 == g && h.epoch(hv, s, m-d) == ep {
			return false
		}
	}
	return true
}

// env returns the minute slot s of ver started in (its log stream's
// identity) and whether its first invocation in m is a cold start.
func (h *countHistory) env(ver string, s int, m int64) (start int64, cold bool) {
	hv := hashString(ver)
	if _, prov, _ := h.slot(ver, m); s < prov {
		// Provisioned environments were initialised at allocation.
		if p, ok := h.tl.at(m * 60000).provisionedFor(h.f.entry); ok {
			return minuteOf(p.at), false
		}
	}
	if h.cold(ver, hv, s, m) {
		return m, true
	}
	for mm := m - 1; mm > m-lookbackMins; mm-- {
		if n, _, _ := h.slot(ver, mm); n > s && h.cold(ver, hv, s, mm) {
			return mm, false
		}
	}
	return m - lookbackMins, false
}

// streamName is "YYYY/MM/DD/[version]<32 hex>", as Lambda names streams.
func (f *function) streamName(ver string, s int, start int64) string {
	hv := hashString(ver)
	id := hex32(hash(f.key, tagEnv, hv, uint64(s), uint64(start)), hash(f.key, tagEnv, hv, uint64(s), uint64(start), 1))
	return minuteStart(start).Format("2006/01/02") + "/[" + ver + "]" + id
}

// initMs is the Init Duration of a cold start, by runtime.
func (f *function) initMs(r *rng) float64 {
	lo, hi := 150.0, 450.0
	switch f.spec.lang {
	case langPython:
		lo, hi = 250, 800
	case langJava:
		lo, hi = 1500, 4000
	case langGo:
		lo, hi = 40, 120
	case langDotnet:
		lo, hi = 500, 1400
	}
	if f.spec.runtime == "" {
		lo, hi = lo+300, hi+1500
	}
	return round2(r.Range(lo, hi))
}

// lookahead is how many minutes after a timestamp-minute can still hold
// invocations with lines in it: the longest an invocation can run.
func (f *function) lookahead(c *fnConfig) int64 {
	t := max(c.timeoutSec, f.spec.timeoutSec)
	for _, v := range c.versions {
		t = max(t, v.timeoutSec)
	}
	return int64(math.Ceil(float64(t*1000+20000) / 60000))
}

// lambdaMinute returns the sorted events of function f with timestamps in
// minute T, no later than nowMs.
func (a *Account) lambdaMinute(f *function, T, nowMs int64) []logEvent {
	key := eventsKey{src: f.key, m: T}
	if evs, ok := a.caches.events.get(key); ok {
		return evs
	}
	nowMin := floorDiv(nowMs, 60000)
	if T > nowMin {
		return nil
	}
	a.mu.Lock()
	tl := f.tl
	look := f.lookahead(tl.latest())
	a.mu.Unlock()
	last := min(T+look, nowMin)
	cacheable := (last+1)*60000 <= nowMs && last == T+look
	if cacheable {
		a.caches.events.shrink()
	}
	_, rec := a.snapshot(f, T, last)
	h := newCountHistory(f, tl, T-lookbackMins-idleMinutes, last)
	lo, hi := T*60000, min((T+1)*60000, nowMs+1)
	est := 0
	for m := T; m <= last; m++ {
		n, _, _, _ := h.at(m).totals()
		est += n
	}
	evs := make([]logEvent, 0, min(est, 200_000)*6/max(1, int(last-T+1))+16)
	for m := T; m <= last; m++ {
		evs = a.lambdaAttributed(f, h, m, rec[m], lo, hi, evs)
	}
	slices.SortFunc(evs, cmpEvents)
	if cacheable {
		a.caches.events.put(key, evs, eventsCost(evs))
	}
	return evs
}

// lambdaAttributed appends the lines with timestamps in [lo, hi) of the
// invocations that ended in minute m. Every invocation has its own random
// stream, so skipping the ones outside the window changes nothing else.
func (a *Account) lambdaAttributed(f *function, h *countHistory, m int64, rec []recorded, lo, hi int64, out []logEvent) []logEvent {
	mc := h.at(m)
	invs := f.materialise(mc, m)
	src := hash(f.key, tagLog, uint64(m))
	type envInfo struct {
		stream string
		cold   bool
	}
	envs := make([][]envInfo, mc.nb)
	for bi, b := range mc.buckets() {
		envs[bi] = make([]envInfo, b.slots)
	}
	w := lineWriter{f: f, src: src, lo: lo, hi: hi, out: out}
	for i := range invs {
		v := &invs[i]
		if v.startMs()-5000 >= hi {
			continue
		}
		b := &mc.b[v.bucket]
		e := &envs[v.bucket][v.slot]
		if e.stream == "" {
			start, cold := h.env(b.version, int(v.slot), m)
			e.stream, e.cold = f.streamName(b.version, int(v.slot), start), cold
		}
		r := newRNG(hash(src, uint64(i)), uint64(m))
		ie := invocation{
			rid:     uuid(hash(f.key, tagRequest, uint64(m), uint64(i)), hash(f.key, tagRequest, uint64(m), uint64(i), 1)),
			stream:  e.stream,
			version: b.version,
			endMs:   v.endMs,
			durMs:   float64(v.durMs),
			memSize: b.memoryMB,
			memUsed: int(v.memMB),
			kind:    v.kind,
			variant: v.variant,
			timeout: b.timeoutMs / 1000,
		}
		if v.first && e.cold {
			ie.initMs = f.initMs(&r)
		}
		w.ord = uint32(i) * 16
		w.invocation(&ie, &r)
	}
	for j, rc := range rec {
		if rc.throttled {
			continue
		}
		r := newRNG(hash(src, uint64(len(invs)+j)), uint64(m))
		ie := invocation{
			rid: rc.rid, stream: rc.stream, version: rc.version, endMs: rc.endMs, durMs: float64(rc.durMs),
			memSize: rc.memSize, memUsed: int(rc.memMB), kind: rc.kind, initMs: float64(rc.initMs),
			timeout: rc.timeoutS, errType: rc.errType, errMsg: rc.errMsg,
		}
		w.ord = uint32(len(invs)+j) * 16
		w.invocation(&ie, &r)
	}
	return w.out
}
