package aws

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/virgahq/virga/providers"
)

// One query can fail a whole GetMetricData call: moto answers HTTP 500
// when any query asks for a percentile of a metric it holds data for, and
// CloudWatch refuses a call for one malformed query. Rather than blank
// every series, a failed call is split until the queries that fail on
// their own are found; they come back as InternalError series with the
// reason, the rest with their data. What was found is remembered, so the
// next refresh sends only the good queries in one call.

// isolateBudget bounds the extra calls one request may spend splitting a
// failed call. Queries still unresolved when it runs out are reported as
// failed (and remembered) with the others.
const isolateBudget = 24

// badQueryTTL is how long a query that failed on its own is left out
// before it is tried again.
const badQueryTTL = 10 * time.Minute

// badQueries remembers queries that failed on their own, by what they
// ask (not by the caller's key or period: the same statistic fails at
// every period and under every key).
type badQueries struct {
	mu sync.Mutex
	m  map[string]badQuery
}

type badQuery struct {
	reason string
	until  time.Time
}

// querySignature is what a query asks CloudWatch for.
func querySignature(q providers.MetricQuery) string {
	dims := make([]string, len(q.Dimensions))
	for i, d := range q.Dimensions {
		dims[i] = d.Name + "=" + d.Value
	}
	slices.Sort(dims)
	return q.Namespace + "\x00" + q.Metric + "\x00" + q.Stat + "\x00" + strings.Join(dims, "\x00")
}

// lookup returns why q is left out, if it is.
func (b *badQueries) lookup(q providers.MetricQuery, now time.Time) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sig := querySignature(q)
	e, ok := b.m[sig]
	if !ok {
		return "", false
	}
	if !now.Before(e.until) {
		delete(b.m, sig)
		return "", false
	}
	return e.reason, true
}

func (b *badQueries) remember(q providers.MetricQuery, reason string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]badQuery{}
	}
	b.m[querySignature(q)] = badQuery{reason: reason, until: now.Add(badQueryTTL)}
}

// queryDependent says whether a failed call may have failed because of
// some of its queries rather than the call as a whole: a server error or
// an unreadable answer, or a refused parameter. Throttles, credentials,
// permissions, timeouts and network failures concern the whole call.
func queryDependent(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	switch providers.KindOf(err) {
	case providers.ErrInvalid:
		return true
	case providers.ErrOther:
		return httpStatus(err) >= 500 || isUnreadable(err)
	}
	return false
}

// metricsOnce makes a splitting call a single attempt: the call it splits
// has already been retried, and a failing half fails again.
func metricsOnce(o *cloudwatch.Options) { o.RetryMaxAttempts = 1 }

// isolated is the outcome of splitting a failed call: a series per query
// (failed ones with Status InternalError) and the calls it took.
type isolated struct {
	series []providers.MetricSeries
	calls  int
	// ok says some query succeeded: when none did, the failure concerns
	// the call rather than its queries.
	ok bool
	// failed lists the queries found to fail on their own.
	failed []int
}

// isolate finds which of qs fail on their own after a call of all of
// them failed with first. It splits level by level, first by statistic
// (failures follow what is asked), then in halves, and stops at
// isolateBudget calls. When every part of the first split fails too, the
// failure is the call's, and isolate gives up at once (ok false), so an
// outage costs a handful of calls rather than a bisection.
func (p *Provider) isolate(ctx context.Context, qs []providers.MetricQuery, start, end time.Time, first error) (isolated, error) {
	out := isolated{series: make([]providers.MetricSeries, len(qs))}
	type part struct {
		idx []int // indexes into qs
		err error // why the part's parent failed
	}
	all := make([]int, len(qs))
	for i := range all {
		all[i] = i
	}
	fail := func(pt part) {
		out.failed = append(out.failed, pt.idx...)
		for _, i := range pt.idx {
			out.series[i] = providers.MetricSeries{Key: qs[i].Key, Status: string(types.StatusCodeInternalError),
				Message: providers.Short(pt.err)}
		}
	}
	level := splitQueries(qs, all)
	pending := make([]part, len(level))
	for i, idx := range level {
		pending[i] = part{idx: idx, err: first}
	}
	budget := isolateBudget
	for depth := 0; len(pending) > 0; depth++ {
		var next []part
		for _, pt := range pending {
			if budget == 0 {
				fail(pt)
				continue
			}
			budget--
			sub := make([]providers.MetricQuery, len(pt.idx))
			for j, i := range pt.idx {
				sub[j] = qs[i]
			}
			series, calls, err := p.metricChunk(ctx, sub, start, end, metricsOnce)
			out.calls += calls
			switch {
			case err == nil:
				out.ok = true
				for j, i := range pt.idx {
					out.series[i] = series[j]
				}
			case !queryDependent(err):
				return out, err
			case len(pt.idx) == 1:
				fail(part{idx: pt.idx, err: err})
			default:
				for _, idx := range splitQueries(qs, pt.idx) {
					next = append(next, part{idx: idx, err: err})
				}
			}
		}
		if depth == 0 && !out.ok {
			return out, nil
		}
		pending = next
	}
	return out, nil
}

// splitQueries splits the queries at idx into groups of one statistic
// when they ask for several, else into two halves.
func splitQueries(qs []providers.MetricQuery, idx []int) [][]int {
	var stats []string
	groups := map[string][]int{}
	for _, i := range idx {
		s := qs[i].Stat
		if _, ok := groups[s]; !ok {
			stats = append(stats, s)
		}
		groups[s] = append(groups[s], i)
	}
	if len(stats) > 1 {
		out := make([][]int, len(stats))
		for j, s := range stats {
			out[j] = groups[s]
		}
		return out
	}
	h := len(idx) / 2
	return [][]int{idx[:h], idx[h:]}
}

// failedSeries is the series of a query left out because it failed on
// its own recently.
func failedSeries(q providers.MetricQuery, reason string) providers.MetricSeries {
	return providers.MetricSeries{Key: q.Key, Status: string(types.StatusCodeInternalError),
		Message: reason + " · tried again every " + strconv.Itoa(int(badQueryTTL/time.Minute)) + "m"}
}
