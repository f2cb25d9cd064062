package shared

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// metricEntry is one query's series over one window: in flight until
// ready is closed, then kept until expires.
type metricEntry struct {
	ready   chan struct{}
	series  providers.MetricSeries
	err     error
	expires time.Time
}

func (e *metricEntry) done() bool {
	select {
	case <-e.ready:
		return true
	default:
		return false
	}
}

// metricKey names a query by what CloudWatch bills for, not by the
// caller's key: namespace, metric, dimensions (in any order), stat,
// period and the window.
func metricKey(q providers.MetricQuery, start, end time.Time) string {
	dims := make([]string, len(q.Dimensions))
	for i, d := range q.Dimensions {
		dims[i] = d.Name + "=" + d.Value
	}
	sort.Strings(dims)
	return strings.Join([]string{q.Namespace, q.Metric, strings.Join(dims, ","), q.Stat,
		strconv.FormatInt(int64(q.Period/time.Second), 10),
		strconv.FormatInt(start.Unix(), 10), strconv.FormatInt(end.Unix(), 10)}, "\x1f")
}

// metricTTL is how long a query's series is shared: one period (the TUI
// asks again at the next period boundary at the earliest), at least a
// minute.
func metricTTL(p time.Duration) time.Duration { return max(p, time.Minute) }

// GetMetricData answers each query from the cache, waits for those
// another session is fetching, and fetches the rest in one request.
func (v *View) GetMetricData(ctx context.Context, req providers.MetricRequest) (providers.MetricResult, error) {
	c := v.c
	now := c.cfg.Now()
	keys := make([]string, len(req.Queries))
	entries := make([]*metricEntry, len(req.Queries))
	var mine []int
	c.mu.Lock()
	c.sweep(now)
	for i, q := range req.Queries {
		k := metricKey(q, req.Start, req.End)
		keys[i] = k
		if e, ok := c.metrics[k]; ok && (!e.done() || (e.err == nil && now.Before(e.expires))) {
			entries[i] = e
			continue
		}
		e := &metricEntry{ready: make(chan struct{})}
		c.metrics[k] = e
		entries[i] = e
		mine = append(mine, i)
	}
	v.own.reads++
	c.totals.reads++
	if len(mine) == 0 {
		v.own.cached++
		c.totals.cached++
	}
	v.own.metrics += len(req.Queries)
	v.own.metricsFetched += len(mine)
	c.totals.metrics += len(req.Queries)
	c.totals.metricsFetched += len(mine)
	c.mu.Unlock()

	out := providers.MetricResult{Series: make([]providers.MetricSeries, 0, len(req.Queries))}
	if len(mine) > 0 {
		out.Calls = v.fetchMetrics(ctx, req, keys, entries, mine)
	}
	for i, e := range entries {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return providers.MetricResult{}, ctx.Err()
		}
		if e.err != nil {
			return providers.MetricResult{}, e.err
		}
		s := e.series
		s.Key = req.Queries[i].Key
		out.Series = append(out.Series, s)
	}
	return out, nil
}

// fetchMetrics asks CloudWatch for the queries at mine, keyed by their
// cache keys, fills their entries and wakes whoever waits for them. It
// returns how many GetMetricData calls that took.
func (v *View) fetchMetrics(ctx context.Context, req providers.MetricRequest, keys []string, entries []*metricEntry, mine []int) int {
	c := v.c
	sub := providers.MetricRequest{Start: req.Start, End: req.End, Queries: make([]providers.MetricQuery, len(mine))}
	for j, i := range mine {
		q := req.Queries[i]
		q.Key = keys[i]
		sub.Queries[j] = q
	}
	dctx, done := c.detach(v.wall(ctx))
	res, err := c.up.GetMetricData(dctx, sub)
	done()
	got := make(map[string]providers.MetricSeries, len(res.Series))
	for _, s := range res.Series {
		got[s.Key] = s
	}
	now := c.cfg.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, i := range mine {
		e := entries[i]
		switch s, ok := got[keys[i]]; {
		case err != nil:
			e.err = err
			// Not kept: the next request tries again.
			if c.metrics[keys[i]] == e {
				delete(c.metrics, keys[i])
			}
		case !ok:
			e.series = providers.MetricSeries{Status: "InternalError", Message: "no result for this query"}
		default:
			e.series = s
			e.expires = now.Add(metricTTL(req.Queries[i].Period))
		}
		close(e.ready)
	}
	return res.Calls
}
