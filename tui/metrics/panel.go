package metrics

import (
	"math"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
)

// panel is the polling state every metrics screen shares: its time
// range, when it last asked, and the aligned series it got. A screen asks
// only while it is active, at most once per refresh interval, on
// refresh boundaries.
type panel struct {
	ranges   []Range
	rangeIdx int
	// points is how many periods fit the charts' width.
	points int
	// gen drops timers and answers from before a deactivation or a
	// range change.
	gen      int
	active   bool
	inflight bool
	// sent is the refresh boundary the last request covered; a request is
	// due when the current boundary is later.
	sent     time.Time
	fetched  time.Time
	err      error
	failures int
	// queries is how many metrics one refresh requests (for :stats).
	queries int
	frame   views.MetricFrame
}

// panelDueMsg says a screen's next metrics refresh is due.
type panelDueMsg struct{ id, gen int }

func (p panelDueMsg) ScreenID() int { return p.id }

// panelLoadedMsg carries the answer to a screen's metrics request.
type panelLoadedMsg struct {
	id, gen int
	epoch   int
	start   time.Time
	period  time.Duration
	n       int
	specs   []series.ID
	res     providers.MetricResult
	err     error
	at      time.Time
}

func (p panelLoadedMsg) ScreenID() int { return p.id }

func (p *panel) span() time.Duration { return p.ranges[p.rangeIdx].Span }
func (p *panel) label() string       { return p.ranges[p.rangeIdx].Label }

func (p *panel) period() time.Duration { return PeriodFor(p.span(), p.points) }

func (p *panel) every() time.Duration { return RefreshFor(p.span(), p.period()) }

// boundary is the refresh boundary that now belongs to.
func (p *panel) boundary(now time.Time) time.Time {
	return RefreshBoundary(now, p.every())
}

// due reports whether the current refresh boundary has not been asked
// for yet.
func (p *panel) due(now time.Time) bool {
	return p.sent.IsZero() || p.boundary(now).After(p.sent)
}

// force makes the next poll ask even within the current boundary (ctrl+r).
func (p *panel) force() { p.sent = time.Time{} }

// setRange moves to range i; the series of the old range are kept on
// screen, marked as loading, until the new ones arrive.
func (p *panel) setRange(i int) bool {
	i = min(max(i, 0), len(p.ranges)-1)
	if i == p.rangeIdx {
		return false
	}
	p.rangeIdx = i
	p.gen++
	p.inflight = false
	p.sent = time.Time{}
	return true
}

// setPoints records the charts' width; when it changes the period, the
// next refresh is due at once.
func (p *panel) setPoints(n int) bool {
	n = max(n, 10)
	if n == p.points {
		return false
	}
	old := p.period()
	p.points = n
	if p.period() != old {
		p.sent = time.Time{}
		return true
	}
	return false
}

// activate starts polling: a request now when one is due, the next on
// the next boundary. id is the screen the messages are addressed to.
func (p *panel) activate(h Host, id int, specs []series.ID) tea.Cmd {
	p.active = true
	p.gen++
	p.inflight = false
	return p.poll(h, id, specs)
}

// deactivate stops polling; timers and answers of this activation
// are dropped.
func (p *panel) deactivate() {
	p.active = false
	p.gen++
	p.inflight = false
}

// poll asks for the series when due and arms the next check.
func (p *panel) poll(h Host, id int, specs []series.ID) tea.Cmd {
	if !p.active || h.Paused() {
		return nil
	}
	if _, ok := h.Backend().(providers.MetricsReader); !ok {
		return nil
	}
	now := h.Now()
	wait := UntilRefresh(now, p.every(), h.Idle())
	if p.failures > 0 {
		wait = h.RetryDelay(p.failures, p.err)
	}
	next := h.After(wait, panelDueMsg{id: id, gen: p.gen})
	if p.inflight || !p.due(now) || len(specs) == 0 {
		return next
	}
	return tea.Batch(next, p.request(h, id, specs))
}

// request fetches every series of a screen in one request: one
// GetMetricData call for up to 500 of them.
func (p *panel) request(h Host, id int, specs []series.ID) tea.Cmd {
	r, _ := h.Backend().(providers.MetricsReader)
	now := h.Now()
	period := p.period()
	start, end, n := Window(now, p.span(), period)
	req := providers.MetricRequest{Start: start, End: end, Queries: make([]providers.MetricQuery, 0, len(specs))}
	for _, s := range specs {
		req.Queries = append(req.Queries, s.Query(period))
	}
	h.List().CountAsked(len(req.Queries))
	p.inflight = true
	p.sent = p.boundary(now)
	p.queries = len(specs)
	gen, epoch, clock := p.gen, h.Epoch(), h.Clock()
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		res, err := r.GetMetricData(ctx, req)
		return panelLoadedMsg{id: id, gen: gen, epoch: epoch, start: start, period: period, n: n,
			specs: specs, res: res, err: err, at: clock()}
	}
}

// loaded folds an answer into the panel. It reports false when the
// answer is stale (another range, an earlier activation, another
// account), and returns a Cmd for what the failure needs: throttling
// stays quiet (the screen shows stale data and its age); expired
// credentials pause every poll behind one banner (the root's CallFailed).
func (p *panel) loaded(h Host, msg panelLoadedMsg) (bool, tea.Cmd) {
	if msg.gen != p.gen || msg.epoch != h.Epoch() {
		return false, nil
	}
	p.inflight = false
	if msg.err != nil {
		p.err = msg.err
		p.failures++
		// The boundary was not served; the next timer asks again.
		p.sent = time.Time{}
		return true, h.CallFailed(msg.err)
	}
	p.err, p.failures = nil, 0
	p.fetched = msg.at
	p.frame = foldFrame(msg.res, msg.specs, msg.start, msg.period, msg.n)
	return true, nil
}

// foldFrame aligns each series on the request's periods: counts default
// to zero where CloudWatch omitted a period, other statistics to NaN.
func foldFrame(res providers.MetricResult, specs []series.ID, start time.Time, period time.Duration, n int) views.MetricFrame {
	f := views.MetricFrame{Start: start, Period: period, N: n, Series: make(map[series.ID][]float64, len(specs))}
	byKey := make(map[string]*providers.MetricSeries, len(res.Series))
	for i := range res.Series {
		byKey[res.Series[i].Key] = &res.Series[i]
	}
	for _, s := range specs {
		vals := make([]float64, n)
		fill := math.NaN()
		if s.Metric.IsCount() {
			fill = 0
		}
		for i := range vals {
			vals[i] = fill
		}
		ms := byKey[s.Key()]
		if ms != nil && ms.Status == "InternalError" {
			// Failed on its own: no data, and the reason for the chart.
			if f.Failed == nil {
				f.Failed = map[series.ID]string{}
			}
			f.Failed[s] = ms.Message
			for i := range vals {
				vals[i] = math.NaN()
			}
			ms = nil
		}
		if ms != nil {
			if ms.Status == "Forbidden" {
				f.Forbidden = true
			}
			for i, ts := range ms.Timestamps {
				j := int(ts.Sub(start) / period)
				if j >= 0 && j < n && i < len(ms.Values) {
					vals[j] = ms.Values[i]
				}
			}
		}
		f.Series[s] = vals
	}
	return f
}

// panelErr is what a screen says about its last answer: the failure
// (throttling stays quiet: the status line shows the data's age), or
// series that CloudWatch refused.
func panelErr(p *panel) string {
	switch {
	case p.err != nil && providers.KindOf(p.err) != providers.ErrThrottled:
		return providers.Short(p.err)
	case p.err == nil && p.frame.Forbidden:
		return "CloudWatch refused some series (Forbidden): check cloudwatch:GetMetricData"
	case p.err == nil && len(p.frame.Failed) > 0:
		why := ""
		for _, r := range p.frame.Failed {
			if why == "" || r < why {
				why = r
			}
		}
		return strconv.Itoa(len(p.frame.Failed)) + " series failed: " + why
	}
	return ""
}

// status is the screens' freshness for the header and staleness for the
// status line.
func (p *panel) status(h Host) (freshness, stale string) {
	switch {
	case p.fetched.IsZero() && p.inflight:
		return "loading metrics…", ""
	case p.fetched.IsZero():
		return "", ""
	}
	freshness = "updated " + h.InZone(p.fetched).Format("15:04:05")
	if p.err != nil {
		stale = "stale · " + format.Age(h.Now(), p.fetched)
		if providers.KindOf(p.err) == providers.ErrThrottled {
			stale += " (throttled, backing off)"
		}
	}
	return freshness, stale
}

// cost is what the panel's polling costs per hour.
func (p *panel) cost(h Host, what string, metrics int) views.OnScreenCost {
	every := p.every()
	runs := float64(time.Hour) / float64(every)
	idle := h.Idle()
	if idle {
		runs /= 4
	}
	return views.OnScreenCost{What: what, MetricsPerRun: metrics, RunsPerHour: runs, Every: every, Idle: idle}
}
