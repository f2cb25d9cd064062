package tui

import (
	"math"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
)

// listPoints is how many periods the list's window is cut into: one-minute
// periods up to an hour, so the sparklines and the columns come from the
// same per-minute series, and coarser ones beyond.
const listPoints = 60

// metricsBatch caps functions per request: 5 queries each keeps one
// request inside one GetMetricData call (500 queries).
const metricsBatch = 100

// metricsState tracks the functions list's metric polling.
type metricsState struct {
	gen      int
	inflight bool
	again    bool // rows became due while a request was in flight
	fetched  map[string]time.Time
	// window is the list's window chosen with `w`; zero means the
	// configured Options.MetricsWindow.
	window time.Duration
	// memUse is the peak memory of REPORT lines read for a function when
	// its metrics screen was open: the memory headroom signal.
	memUse map[string]*views.MemoryUse
	// asked counts what virga asked CloudWatch for this run (:stats).
	asked views.MetricsAsked
	// err is the last request's failure (nil after a success); failures
	// counts them in a row, and okAt is when a request last succeeded.
	err      error
	failures int
	okAt     time.Time
}

// countAsked records a GetMetricData request of n queries.
func (m *Model) countAsked(n int) {
	m.metrics.asked.Metrics += n
	m.metrics.asked.Requests++
	m.metrics.asked.Calls += (n + 499) / 500
}

// listFrame is the aligned window of one list request.
type listFrame struct {
	start  time.Time
	period time.Duration
	n      int
	window time.Duration
}

// liveMetrics are the five series of a function behind the live columns.
var liveMetrics = [...]series.Metric{series.Invocations, series.Errors, series.Throttles, series.DurationP95, series.Concurrency}

func (m *Model) metricsReader() (providers.MetricsReader, bool) {
	r, ok := m.opt.Backend.(providers.MetricsReader)
	return r, ok
}

// listWindow is the window of the live columns.
func (m *Model) listWindow() time.Duration {
	if m.metrics.window > 0 {
		return m.metrics.window
	}
	return m.opt.MetricsWindow
}

// listPeriod is the period of the live columns' series.
func (m *Model) listPeriod() time.Duration { return metrics.PeriodFor(m.listWindow(), listPoints) }

// listEvery is how often a row's metrics are refetched: once a period for
// the 15-minute window, less often for wider ones.
func (m *Model) listEvery() time.Duration { return metrics.RefreshFor(m.listWindow(), m.listPeriod()) }

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

// untilNextPeriod is the wait until a little after the next refresh
// boundary (CloudWatch needs a moment to publish the minute), slower when
// the user is idle.
func (m *Model) untilNextPeriod() time.Duration {
	return metrics.UntilRefresh(m.now(), m.listEvery(), m.idle())
}

// dueMetrics lists the visible functions (and the selection) whose metrics
// were not fetched since the current refresh boundary.
func (m *Model) dueMetrics() []string {
	l := m.top()
	if l.kind != kindFunctions || m.credsExpired {
		return nil
	}
	if _, ok := m.metricsReader(); !ok {
		return nil
	}
	every := m.listEvery()
	boundary := metrics.RefreshBoundary(m.now(), every)
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if seen[name] || len(out) >= metricsBatch {
			return
		}
		seen[name] = true
		if last, ok := m.metrics.fetched[name]; ok && !metrics.RefreshBoundary(last, every).Before(boundary) {
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
	// Reservations past their age are read again on the same beat.
	next := tea.Batch(m.scheduleMetrics(m.untilNextPeriod()), m.reserved.Read())
	if m.metrics.inflight {
		m.metrics.again = true
		return next
	}
	names := m.dueMetrics()
	if len(names) == 0 {
		// Every row on screen has figures of this period: whatever failed
		// before is no longer shown (the rows left, or the list emptied).
		m.metrics.err, m.metrics.failures = nil, 0
		return next
	}
	return tea.Batch(next, m.requestMetrics(names))
}

// newLive is the live entry of a function whose metrics are being asked
// for the first time.
func (m *Model) newLive(name string) *views.FunctionLive {
	return &views.FunctionLive{Loading: true, InvPerMin: math.NaN(), ErrRate: math.NaN(),
		Throttles: math.NaN(), P95: math.NaN(), MaxConc: math.NaN(), Window: m.listWindow(),
		Mem: m.metrics.memUse[name]}
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
		m.live[n] = m.newLive(n)
		created = true
	}
	if created {
		// Rows hold pointers to their live figures; give new ones theirs.
		l := m.top()
		l.fns.SetItems(m.functionRows(fnsOf(l.fns.Items())))
	}
	m.metrics.inflight = true
	req, frame := functionMetricsRequest(names, now, m.listWindow(), m.listPeriod())
	m.countAsked(len(req.Queries))
	gen, clock, epoch := m.metrics.gen, m.opt.Now, m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		res, err := r.GetMetricData(ctx, req)
		return metricsLoadedMsg{epoch: epoch, gen: gen, names: names, frame: frame, res: res, err: err, at: clock()}
	}
}

// functionMetricsRequest builds the queries of the live columns: five per
// function over the window ending at the last full period.
func functionMetricsRequest(names []string, now time.Time, span, period time.Duration) (providers.MetricRequest, listFrame) {
	start, end, n := metrics.Window(now, span, period)
	req := providers.MetricRequest{Start: start, End: end, Queries: make([]providers.MetricQuery, 0, len(names)*len(liveMetrics))}
	for _, name := range names {
		for _, lm := range liveMetrics {
			req.Queries = append(req.Queries, series.Function(lm, name).Query(period))
		}
	}
	return req, listFrame{start: start, period: period, n: n, window: span}
}

func (m *Model) metricsLoaded(msg metricsLoadedMsg) tea.Cmd {
	if msg.epoch != m.epoch {
		return nil
	}
	m.metrics.inflight = false
	var cmds []tea.Cmd
	switch {
	case msg.frame.window != m.listWindow():
		// Asked before `w` changed the window; its rows are due again.
	case msg.err != nil:
		cmds = append(cmds, m.metricsFailedList(msg))
	default:
		m.metrics.err, m.metrics.failures, m.metrics.okAt = nil, 0, msg.at
		folded := foldLive(msg.res, msg.names, msg.frame)
		for _, n := range msg.names {
			if lv := m.live[n]; lv != nil {
				f := folded[n]
				f.Mem = m.metrics.memUse[n]
				*lv = f
			}
		}
	}
	l := m.top()
	if l.kind == kindFunctions {
		if col, _ := l.fns.Sort(); views.LiveColumn(col) {
			l.fns.SetItems(l.fns.Items())
		}
	}
	m.syncDetail()
	if m.metrics.again || msg.frame.window != m.listWindow() {
		m.metrics.again = false
		cmds = append(cmds, m.metricsSoon())
	}
	return tea.Batch(cmds...)
}

// metricsFailedList handles a failed request of the list's metrics. A
// denied read is "n/a" on every row it asked for. Otherwise rows keep the
// figures they had, the list is marked stale, and rows that had none say
// why (throttled ones stay loading); the rows are due again and asked for
// after the retry delay rather than at the next period.
func (m *Model) metricsFailedList(msg metricsLoadedMsg) tea.Cmd {
	kind := providers.KindOf(msg.err)
	if m.metrics.err == nil && m.metrics.okAt.IsZero() {
		m.metrics.okAt = msg.at
	}
	m.metrics.err = msg.err
	m.metrics.failures++
	for _, n := range msg.names {
		lv := m.live[n]
		if lv == nil {
			continue
		}
		switch {
		case kind == providers.ErrAccessDenied:
			lv.Loading, lv.Denied, lv.Err = false, true, providers.Short(msg.err)
		case lv.Period > 0 && lv.Err == "":
			// Figures from an earlier request: kept, and stale.
			lv.Loading = false
		case kind == providers.ErrThrottled:
			lv.Loading = true
		default:
			lv.Loading, lv.Err = false, providers.Short(msg.err)
		}
		if kind != providers.ErrAccessDenied {
			delete(m.metrics.fetched, n)
		}
	}
	switch kind {
	case providers.ErrCredentials:
		return m.fetchFailed(m.top(), msg.err)
	case providers.ErrAccessDenied:
		return nil
	}
	return tea.Batch(m.scheduleMetrics(m.retryDelay(m.metrics.failures, msg.err)), m.armClock())
}

// cycleWindow is `w`: the next window of the live columns. Figures of the
// old window are dropped, so no row shows a number for a window it was not
// asked for; the rows on screen are fetched again at once.
func (m *Model) cycleWindow() tea.Cmd {
	ws := metrics.ListWindows()
	i := metrics.RangeIndex(ws, m.listWindow())
	if ws[i].Span == m.listWindow() {
		i = (i + 1) % len(ws)
	}
	m.metrics.window = ws[i].Span
	m.metrics.fetched = nil
	m.live = map[string]*views.FunctionLive{}
	for _, l := range m.stack {
		if l.kind == kindFunctions {
			l.fns.SetItems(m.functionRows(fnsOf(l.fns.Items())))
		}
	}
	m.syncDetail()
	return tea.Batch(m.notify(views.LevelInfo, "metric window "+ws[i].Label+" · "+format.Period(m.listPeriod())+
		" periods · refreshed every "+format.Period(m.listEvery())), m.metricsSoon())
}

// listCost is the functions list's polling cost: five metrics for each
// row on screen, once per refresh interval.
func (m *Model) listCost() views.OnScreenCost {
	rows := len(m.top().fns.Visible())
	every := m.listEvery()
	idle := m.idle()
	runs := float64(time.Hour) / float64(every)
	if idle {
		runs /= 4
	}
	return views.OnScreenCost{
		What: itoa(rows) + " functions on screen × " + itoa(len(liveMetrics)) + " metrics over " +
			format.Period(m.listWindow()) + " (" + format.Period(m.listPeriod()) + " periods)",
		MetricsPerRun: rows * len(liveMetrics),
		RunsPerHour:   runs,
		Every:         every,
		Idle:          idle,
		Extra:         []string{"GetFunctionConcurrency once per row on screen, kept 10m (Lambda control plane)"},
	}
}

// metricsFailed turns a screen's metrics failure into what the user sees:
// throttling stays quiet (the screen shows stale data and its age);
// expired credentials pause every poll behind one banner.
func (m *Model) metricsFailed(err error) tea.Cmd {
	if providers.KindOf(err) == providers.ErrCredentials && !m.credsExpired {
		m.credsExpired = true
		return m.notify(views.LevelError, providers.Short(err)+" · ctrl+r retries")
	}
	return nil
}
