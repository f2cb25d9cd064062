package sim

import (
	"context"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// GetMetricData answers a batch of metric queries. Buckets are aligned to
// each query's period, ascending, and hold only minutes that have ended:
// the current minute never shows half-counted. Minutes without data are
// omitted, as CloudWatch omits them.
func (a *Account) GetMetricData(ctx context.Context, req providers.MetricRequest) (providers.MetricResult, error) {
	const op = "CloudWatch.GetMetricData"
	if err := a.beginIf(ctx, op, func(f Fault) bool { return !f.Percentiles || asksPercentile(req) }); err != nil {
		return providers.MetricResult{}, err
	}
	if !req.End.After(req.Start) {
		return providers.MetricResult{}, a.fail(providers.ErrInvalid, op,
			"The parameter StartTime must be less than the parameter EndTime.")
	}
	res := providers.MetricResult{Calls: (len(req.Queries) + 499) / 500}
	points := 0
	for _, q := range req.Queries {
		if q.Period <= 0 || q.Period%time.Minute != 0 {
			return providers.MetricResult{}, a.fail(providers.ErrInvalid, op,
				"The parameter Period must be a multiple of 60 (query %q).", q.Key)
		}
		if _, ok := parseStat(q.Stat); !ok {
			return providers.MetricResult{}, a.fail(providers.ErrInvalid, op,
				"The value %s for parameter Stat is not valid (query %q).", q.Stat, q.Key)
		}
		points += int(req.End.Sub(req.Start)/q.Period) + 1
	}
	if points > 100_800*max(res.Calls, 1) {
		return providers.MetricResult{}, a.fail(providers.ErrInvalid, op,
			"The request would return more than 100,800 datapoints; narrow the time range or raise the period.")
	}
	ended := minuteOf(a.now()) // minutes before this one have ended
	res.Series = make([]providers.MetricSeries, 0, len(req.Queries))
	for i, q := range req.Queries {
		if i%32 == 0 {
			if err := ctx.Err(); err != nil {
				return providers.MetricResult{}, err
			}
		}
		res.Series = append(res.Series, a.series(q, req.Start, req.End, ended))
	}
	return res, nil
}

// minuteFunc yields the samples of one ended minute of a series.
type minuteFunc func(m int64) agg

// series buckets a query's minutes into its periods.
func (a *Account) series(q providers.MetricQuery, start, end time.Time, ended int64) providers.MetricSeries {
	out := providers.MetricSeries{Key: q.Key, Status: "Complete"}
	st, _ := parseStat(q.Stat)
	per := int64(q.Period / time.Minute)
	first := floorDiv(minuteOf(start), per) * per
	last := min(floorDiv(end.UnixMilli()-1, 60000), ended-1)
	if last < first {
		return out
	}
	fn := a.metricSource(q, first, last)
	if fn == nil {
		return out
	}
	for b := first; b <= last; b += per {
		var g agg
		for m := b; m < b+per && m <= last; m++ {
			g.merge(fn(m))
		}
		if g.has {
			out.Timestamps = append(out.Timestamps, minuteStart(b))
			out.Values = append(out.Values, g.value(st))
		}
	}
	return out
}

// metricSource resolves a query to its per-minute sample function, or nil
// when the metric does not exist (an empty, complete series).
func (a *Account) metricSource(q providers.MetricQuery, m0, m1 int64) minuteFunc {
	dims := map[string]string{}
	for _, d := range q.Dimensions {
		dims[d.Name] = d.Value
	}
	switch q.Namespace {
	case providers.NamespaceLambda:
		if len(dims) == 0 {
			return a.accountSource(q.Metric, m0, m1)
		}
		return a.lambdaSource(q.Metric, dims, m0, m1)
	case providers.NamespaceECS, providers.NamespaceContainerInsights:
		return a.ecsSource(q.Namespace, q.Metric, dims, m0, m1)
	case providers.NamespaceEKSInsights:
		return a.eksSource(q.Metric, dims, m0, m1)
	}
	return nil
}

// lambdaFilter selects the traffic a Lambda query covers: resource "*" or
// a qualifier ("" = unqualified), version "*" or an executed version.
type lambdaFilter struct{ resource, version string }

func (lf lambdaFilter) match(resource, version string) bool {
	return (lf.resource == "*" || lf.resource == resource) && (lf.version == "*" || lf.version == version)
}

func (a *Account) lambdaSource(metric string, dims map[string]string, m0, m1 int64) minuteFunc {
	f, ok := a.byName[dims["FunctionName"]]
	if !ok {
		return nil
	}
	lf := lambdaFilter{resource: "*", version: "*"}
	if r, ok := dims["Resource"]; ok {
		name, q, qualified := strings.Cut(r, ":")
		switch {
		case name != f.name:
			return nil
		case !qualified:
			lf.resource = ""
		case q == "$LATEST" || isDigits(q):
			lf.version = q
		default:
			lf.resource = q
		}
	}
	if v, ok := dims["ExecutedVersion"]; ok {
		lf.version = v
	}
	tl, rec := a.snapshot(f, m0, m1)
	counts := func(m int64) minuteCounts { return f.countMinute(tl.at(m*60000), m) }
	switch metric {
	case "Invocations", "Errors", "Throttles", "ConcurrentExecutions":
		return func(m int64) agg {
			mc := counts(m)
			var n, e, t, c int
			for _, b := range mc.buckets() {
				if lf.match(b.resource, b.version) {
					n, e, t, c = n+b.n, e+b.errors, t+b.throttles, c+b.slots
				}
			}
			for _, r := range rec[m] {
				if lf.match(r.resource, r.version) {
					if r.throttled {
						t++
						continue
					}
					n++
					c++
					if r.kind != invOK {
						e++
					}
				}
			}
			return countAgg(metric, n, e, t, c)
		}
	case "Duration":
		return func(m int64) agg {
			st := a.stats(f, tl, m, rec[m])
			var g agg
			for i, b := range st.mc.buckets() {
				if lf.match(b.resource, b.version) {
					g.addSorted(st.durs[i], st.sums[i])
				}
			}
			var extra []float32
			for _, r := range rec[m] {
				if !r.throttled && lf.match(r.resource, r.version) {
					extra = append(extra, r.durMs)
				}
			}
			if len(extra) > 0 {
				g.addVals(extra)
			}
			return g
		}
	case "ProvisionedConcurrentExecutions", "ProvisionedConcurrencyUtilization",
		"ProvisionedConcurrencyInvocations", "ProvisionedConcurrencySpilloverInvocations":
		return func(m int64) agg {
			var g agg
			mc := counts(m)
			for _, b := range mc.buckets() {
				if b.provSlots == 0 || b.n == 0 || !lf.match(b.resource, b.version) {
					continue
				}
				used := min(b.slots, b.provSlots)
				switch metric {
				case "ProvisionedConcurrentExecutions":
					g.add(float64(used))
				case "ProvisionedConcurrencyUtilization":
					g.add(float64(used) / float64(b.provSlots))
				case "ProvisionedConcurrencyInvocations":
					g.addSet(float64(b.provInv), float64(b.provInv), 1, 1)
				default:
					g.addSet(float64(b.n-b.provInv), float64(b.n-b.provInv), 1, 1)
				}
			}
			return g
		}
	case "IteratorAge":
		if !f.stream() {
			return nil
		}
		return func(m int64) agg {
			c := tl.at(m * 60000)
			mc := f.countMinute(c, m)
			var g agg
			if n, _, _, _ := mc.totals(); n > 0 {
				g.add(f.iteratorAge(c, m, &mc))
			}
			return g
		}
	case "AsyncEventsReceived", "AsyncEventAge":
		if !f.async() {
			return nil
		}
		return func(m int64) agg {
			mc := counts(m)
			n, _, t, _ := mc.totals()
			var g agg
			if n+t == 0 {
				return g
			}
			if metric == "AsyncEventsReceived" {
				g.addSet(float64(n+t), float64(n+t), 1, 1)
			} else {
				g.add(f.asyncAge(m, &mc))
			}
			return g
		}
	}
	return nil
}

// countAgg turns a minute's counts into the samples CloudWatch keeps:
// one 0/1 sample per request, so Average of Errors is the error rate.
func countAgg(metric string, n, e, t, c int) agg {
	var g agg
	switch metric {
	case "Invocations":
		if n > 0 {
			g.addSet(float64(n), float64(n), 1, 1)
		}
	case "Errors":
		if n > 0 {
			lo, hi := 0.0, 0.0
			if e == n {
				lo = 1
			}
			if e > 0 {
				hi = 1
			}
			g.addSet(float64(e), float64(n), lo, hi)
		}
	case "Throttles":
		if n+t > 0 {
			lo, hi := 0.0, 0.0
			if t == n+t {
				lo = 1
			}
			if t > 0 {
				hi = 1
			}
			g.addSet(float64(t), float64(n+t), lo, hi)
		}
	case "ConcurrentExecutions":
		if n > 0 {
			g.add(float64(c))
		}
	}
	return g
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// acctMinute is the account-wide roll-up of one minute, from the count
// path only, so it stays cheap at 10,000 functions.
type acctMinute struct {
	n, errors, throttles int
	conc, unreservedConc int
	claimed              int
	durSum               float64
}

func (a *Account) accountSource(metric string, m0, m1 int64) minuteFunc {
	switch metric {
	case "Invocations", "Errors", "Throttles", "ConcurrentExecutions",
		"UnreservedConcurrentExecutions", "ClaimedAccountConcurrency", "Duration":
	default:
		return nil
	}
	var tls []*timeline
	var fns []*function
	return func(m int64) agg {
		am, ok := a.caches.acct.get(m)
		if !ok {
			if tls == nil {
				fns, tls = a.allTimelines()
			}
			am = a.accountMinute(fns, tls, m)
			a.caches.acct.put(m, am, 1)
		}
		var g agg
		switch metric {
		case "Duration":
			if am.n > 0 {
				g.addSet(am.durSum, float64(am.n), am.durSum/float64(am.n), am.durSum/float64(am.n))
			}
		case "UnreservedConcurrentExecutions":
			g.add(float64(am.unreservedConc))
		case "ClaimedAccountConcurrency":
			g.add(float64(am.claimed))
		default:
			g = countAgg(metric, am.n, am.errors, am.throttles, am.conc)
		}
		return g
	}
}

func (a *Account) allTimelines() ([]*function, []*timeline) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tls := make([]*timeline, len(a.fns))
	for i, f := range a.fns {
		tls[i] = f.tl
	}
	return a.fns, tls
}

func (a *Account) accountMinute(fns []*function, tls []*timeline, m int64) acctMinute {
	var am acctMinute
	reserved := 0
	a.mu.Lock()
	recN := 0
	for _, f := range fns {
		for _, r := range f.recorded[m] {
			if !r.throttled {
				recN++
			}
		}
	}
	a.mu.Unlock()
	for i, f := range fns {
		c := tls[i].at(m * 60000)
		mc := f.countMinute(c, m)
		n, e, t, conc := mc.totals()
		am.n += n
		am.errors += e
		am.throttles += t
		am.conc += conc
		for _, b := range mc.buckets() {
			am.durSum += float64(b.n) * b.meanMs
		}
		if c.reserved >= 0 {
			reserved += c.reserved
		} else {
			am.unreservedConc += conc
			for _, p := range c.pcs {
				reserved += p.allocated(minuteStart(m))
			}
		}
	}
	am.n += recN
	am.conc += recN
	am.unreservedConc += recN
	am.claimed = am.unreservedConc + reserved
	return am
}
