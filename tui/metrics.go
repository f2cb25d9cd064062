package tui

import (
	"math"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// metricPeriod is the resolution of Lambda's metrics. Each function's
// metrics are fetched at most once per period, aligned to period
// boundaries, because GetMetricData bills every metric requested.
const metricPeriod = 60 * time.Second

// metricsBatch caps functions per request: 5 queries each keeps one
// request inside one GetMetricData call (500 queries).
const metricsBatch = 100

// metricsState tracks the functions list's metric polling.
type metricsState struct {
	gen      int
	inflight bool
	again    bool // rows became due while a request was in flight
	fetched  map[string]time.Time
}

// liveMetric is one of the five series behind the live columns.
type liveMetric struct {
	suffix, metric, stat string
}

var liveMetrics = [...]liveMetric{
	{"inv", "Invocations", "Sum"},
	{"err", "Errors", "Sum"},
	{"thr", "Throttles", "Sum"},
	{"p95", "Duration", "p95"},
	{"conc", "ConcurrentExecutions", "Maximum"},
}

func (m *Model) metricsReader() (providers.MetricsReader, bool) {
	r, ok := m.opt.Backend.(providers.MetricsReader)
	return r, ok
}

// scheduleMetrics arms the next metrics check after d, replacing any
// armed one.
func (m *Model) scheduleMetrics(d time.Duration) tea.Cmd {
	if _, ok := m.metricsReader(); !ok {
		return nil
	}
	m.metrics.gen++
	return m.opt.After(d, metricsDueMsg{gen: m.metrics.gen})
}

// metricsSoon asks for a check shortly, only when a row on screen is due,
// so moving the cursor over fresh rows costs nothing.
func (m *Model) metricsSoon() tea.Cmd {
	if len(m.dueMetrics()) == 0 {
		return nil
	}
	return m.scheduleMetrics(200 * time.Millisecond)
}

// untilNextPeriod is the wait until a little after the next period
// boundary (CloudWatch needs a moment to publish the minute), slower when
// the user is idle.
func (m *Model) untilNextPeriod() time.Duration {
	now := m.now()
	next := now.Truncate(metricPeriod).Add(metricPeriod + 5*time.Second)
	d := next.Sub(now)
	if m.idle() {
		d += 3 * metricPeriod
	}
	return d
}

// dueMetrics lists the visible functions (and the selection) whose metrics
// were not fetched in the current period.
func (m *Model) dueMetrics() []string {
	l := m.top()
	if l.kind != kindFunctions || m.credsExpired {
		return nil
	}
	if _, ok := m.metricsReader(); !ok {
		return nil
	}
	period := m.now().Truncate(metricPeriod)
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if seen[name] || len(out) >= metricsBatch {
			return
		}
		seen[name] = true
		if last, ok := m.metrics.fetched[name]; ok && !last.Truncate(metricPeriod).Before(period) {
			return
		}
		out = append(out, name)
	}
	if r, ok := l.fns.Selected(); ok {
		add(r.Fn.Name)
	}
	for _, r := range l.fns.Visible() {
		add(r.Fn.Name)
	}
	return out
}

func (m *Model) metricsDue(msg metricsDueMsg) tea.Cmd {
	if msg.gen != m.metrics.gen || m.top().kind != kindFunctions {
		// A hidden functions view makes no calls; activate re-arms it.
		return nil
	}
	next := m.scheduleMetrics(m.untilNextPeriod())
	if m.metrics.inflight {
		m.metrics.again = true
		return next
	}
	names := m.dueMetrics()
	if len(names) == 0 {
		return next
	}
	return tea.Batch(next, m.requestMetrics(names))
}

// requestMetrics marks names as loading and fetches their five series
// over the window in one request.
func (m *Model) requestMetrics(names []string) tea.Cmd {
	r, _ := m.metricsReader()
	now := m.now()
	if m.metrics.fetched == nil {
		m.metrics.fetched = map[string]time.Time{}
	}
	created := false
	for _, n := range names {
		m.metrics.fetched[n] = now
		if lv, ok := m.live[n]; ok {
			lv.Loading = true
			continue
		}
		m.live[n] = &views.FunctionLive{Loading: true, InvPerMin: math.NaN(), ErrRate: math.NaN(),
			Throttles: math.NaN(), P95: math.NaN(), MaxConc: math.NaN()}
		created = true
	}
	if created {
		// Rows hold pointers to their live figures; give new ones theirs.
		l := m.top()
		l.fns.SetItems(m.functionRows(fnsOf(l.fns.Items())))
	}
	m.metrics.inflight = true
	req := functionMetricsRequest(names, now, m.opt.MetricsWindow)
	gen, clock, epoch := m.metrics.gen, m.opt.Now, m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		res, err := r.GetMetricData(ctx, req)
		return metricsLoadedMsg{epoch: epoch, gen: gen, names: names, res: res, err: err, at: clock()}
	}
}

// functionMetricsRequest builds the queries of the live columns: five per
// function at one-minute resolution over the window ending at the last
// full minute.
func functionMetricsRequest(names []string, now time.Time, window time.Duration) providers.MetricRequest {
	end := now.Truncate(metricPeriod)
	req := providers.MetricRequest{Start: end.Add(-window), End: end}
	for _, n := range names {
		for _, lm := range liveMetrics {
			req.Queries = append(req.Queries, providers.MetricQuery{
				Key:        n + "\x00" + lm.suffix,
				Namespace:  providers.NamespaceLambda,
				Metric:     lm.metric,
				Dimensions: []providers.Dimension{{Name: "FunctionName", Value: n}},
				Stat:       lm.stat,
				Period:     metricPeriod,
			})
		}
	}
	return req
}

func (m *Model) metricsLoaded(msg metricsLoadedMsg) tea.Cmd {
	if msg.epoch != m.epoch {
		return nil
	}
	m.metrics.inflight = false
	var cmds []tea.Cmd
	if msg.err != nil {
		kind := providers.KindOf(msg.err)
		for _, n := range msg.names {
			lv := m.live[n]
			if lv == nil {
				continue
			}
			lv.Loading = false
			if kind != providers.ErrThrottled {
				lv.Err = providers.Short(msg.err)
			}
		}
		if kind == providers.ErrCredentials {
			cmds = append(cmds, m.fetchFailed(m.top(), msg.err))
		}
	} else {
		folded := foldLive(msg.res, msg.names, m.opt.MetricsWindow)
		for _, n := range msg.names {
			if lv := m.live[n]; lv != nil {
				*lv = folded[n]
			}
		}
	}
	l := m.top()
	if l.kind == kindFunctions {
		if col, _ := l.fns.Sort(); isLiveColumn(col) {
			l.fns.SetItems(l.fns.Items())
		}
	}
	m.syncDetail()
	if m.metrics.again {
		m.metrics.again = false
		cmds = append(cmds, m.metricsSoon())
	}
	return tea.Batch(cmds...)
}

func isLiveColumn(title string) bool {
	switch title {
	case "INV/m", "ERR%", "THR", "P95", "CONC":
		return true
	}
	return false
}

// foldLive turns the series of each function into its live figures:
// invocations per minute and throttles summed over the window, the error
// rate as errors over invocations, p95 as the worst minute's p95, and the
// peak concurrency.
func foldLive(res providers.MetricResult, names []string, window time.Duration) map[string]views.FunctionLive {
	byKey := make(map[string]providers.MetricSeries, len(res.Series))
	for _, s := range res.Series {
		byKey[s.Key] = s
	}
	minutes := window.Minutes()
	out := make(map[string]views.FunctionLive, len(names))
	for _, n := range names {
		get := func(suffix string) providers.MetricSeries { return byKey[n+"\x00"+suffix] }
		var lv views.FunctionLive
		inv, errs, thr := sum(get("inv").Values), sum(get("err").Values), sum(get("thr").Values)
		lv.InvPerMin = inv / minutes
		lv.Throttles = thr
		lv.ErrRate = math.NaN()
		if inv > 0 {
			lv.ErrRate = errs / inv
		}
		lv.P95 = maxOf(get("p95").Values)
		lv.MaxConc = maxOf(get("conc").Values)
		if math.IsNaN(lv.MaxConc) && inv == 0 {
			lv.MaxConc = 0
		}
		for _, suffix := range []string{"inv", "err", "thr", "p95", "conc"} {
			if s := get(suffix); s.Status == "Forbidden" {
				lv.Err = "no permission: cloudwatch:GetMetricData"
			}
		}
		out[n] = lv
	}
	return out
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}

func maxOf(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	m := v[0]
	for _, x := range v[1:] {
		m = max(m, x)
	}
	return m
}
