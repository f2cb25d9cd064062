package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// Caps on the optional charts, so a function with many aliases cannot
// turn one refresh into dozens of metrics.
const (
	maxProvisionedCharts = 2
	maxCanaryAliases     = 2
	maxCanaryVersions    = 3
)

// fnMetricsScreen is a function's metrics: invocations, errors, throttles,
// durations and concurrency over a time range, plus what applies to it:
// provisioned concurrency, stream iterator age, async event age, and the
// versions of a weighted alias side by side.
type fnMetricsScreen struct {
	m     *Model
	id    int
	fn    providers.Function
	panel metricPanel
	pane  *kit.Pane
	w, h  int

	detail     *providers.FunctionDetail
	detailErr  error
	detailWait bool // GetFunction in flight; metrics wait for it once
	memErr     error
	memErrAt   time.Time
	memLoading bool
	memGen     int
	memForce   bool // ctrl+r: read REPORT lines again even if recent
}

type (
	// fnMetricsDetailMsg carries GetFunction for a metrics screen.
	fnMetricsDetailMsg struct {
		id     int
		epoch  int
		detail providers.FunctionDetail
		err    error
		at     time.Time
	}
	// reportsReadMsg carries the REPORT lines' peak memory.
	reportsReadMsg struct {
		id, gen int
		epoch   int
		name    string
		use     views.MemoryUse
		err     error
	}
)

func (d fnMetricsDetailMsg) screenID() int { return d.id }
func (r reportsReadMsg) screenID() int     { return r.id }

// openFunctionMetrics pushes the metrics screen of the selected function.
func (m *Model) openFunctionMetrics(fn providers.Function) tea.Cmd {
	return m.pushScreen(func(id int) screen {
		s := &fnMetricsScreen{m: m, id: id, fn: fn, pane: kit.NewPane(m.st)}
		s.panel.ranges = screenRanges()
		// Open on the list's window, so the charts continue what the row showed.
		s.panel.rangeIdx = rangeIndex(s.panel.ranges, m.listWindow())
		if e, ok := m.fnDetail[fn.Name]; ok && e.err == nil {
			d := e.detail
			s.detail = &d
			s.fn = d.Function
		}
		return s
	})
}

func (s *fnMetricsScreen) crumbs() []string { return []string{sanitize.Line(s.fn.Name), "metrics"} }

func (s *fnMetricsScreen) info() string {
	return rangeInfo(s.m, &s.panel)
}

func (s *fnMetricsScreen) setSize(w, h int) {
	s.w, s.h = w, h
	s.pane.SetSize(w, h, false)
	s.panel.setPoints(views.MetricsGrid(w, h).Points())
	s.rebuild()
}

func (s *fnMetricsScreen) restyle() { s.pane.SetStyles(s.m.st); s.rebuild() }

func (s *fnMetricsScreen) activate() tea.Cmd {
	m := s.m
	var cmds []tea.Cmd
	if s.detail == nil && !s.detailWait {
		if cmd := s.loadDetail(); cmd != nil {
			s.detailWait = true
			cmds = append(cmds, cmd)
		}
	}
	// REPORT lines are read once the first metrics answer tells how busy
	// the function is (see reportSpan); on a return visit, now if due.
	cmds = append(cmds, m.panelActivate(s.id, &s.panel, s.specs()))
	if s.panel.frame.Loaded() {
		cmds = append(cmds, s.readReports())
	}
	s.pane.SetFocused(true)
	s.rebuild()
	return tea.Batch(cmds...)
}

func (s *fnMetricsScreen) deactivate() { s.panel.deactivate() }

// forceRefresh makes the next activation ask again (ctrl+r).
func (s *fnMetricsScreen) forceRefresh() {
	s.panel.force()
	s.memForce = true
}

// specs are the series of this function; none until GetFunction has
// answered once, so the first request already includes the alias,
// provisioned and trigger charts and stays one call.
func (s *fnMetricsScreen) specs() []series.ID {
	if s.detailWait {
		return nil
	}
	return functionSpecs(s.fn.Name, s.detail)
}

// functionSpecs are the metrics of a function's screen: eight for every
// function, plus two per provisioned config, one for a stream or async
// source, and three per version of a weighted alias.
func functionSpecs(name string, d *providers.FunctionDetail) []series.ID {
	specs := make([]series.ID, 0, 9)
	for _, m := range []series.Metric{series.Invocations, series.Errors, series.Throttles,
		series.DurationP50, series.DurationP95, series.DurationP99, series.DurationMax, series.Concurrency} {
		specs = append(specs, series.Function(m, name))
	}
	if d == nil {
		return append(specs, series.Function(series.AsyncEventAge, name))
	}
	for i, p := range d.Provisioned {
		if i == maxProvisionedCharts {
			break
		}
		specs = append(specs,
			series.Qualified(series.ProvisionedUtilization, name, p.Qualifier),
			series.Qualified(series.ProvisionedSpillover, name, p.Qualifier))
	}
	switch _, stream := views.StreamSource(d); {
	case stream:
		specs = append(specs, series.Function(series.IteratorAge, name))
	case len(d.EventSources) == 0:
		// Whether a function is invoked asynchronously is not part of its
		// configuration; the chart shows only when Lambda has the metric.
		specs = append(specs, series.Function(series.AsyncEventAge, name))
	}
	for i, a := range views.CanaryAliases(d) {
		if i == maxCanaryAliases {
			break
		}
		for j, v := range views.CanaryVersions(a) {
			if j == maxCanaryVersions {
				break
			}
			for _, m := range views.CanaryMetrics() {
				specs = append(specs, series.Executed(m, name, a.Name, v.Version))
			}
		}
	}
	return specs
}

func (s *fnMetricsScreen) loadDetail() tea.Cmd {
	m := s.m
	r, ok := m.opt.Backend.(providers.FunctionReader)
	if !ok || m.credsExpired {
		return nil
	}
	id, name, epoch, clock := s.id, s.fn.Name, m.epoch, m.opt.Now
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		return fnMetricsDetailMsg{id: id, epoch: epoch, detail: d, err: err, at: clock()}
	}
}

func (s *fnMetricsScreen) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	return s.m.panelKey(k, s.id, &s.panel, s.pane, s.specs, s.rebuild)
}

func (s *fnMetricsScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	switch msg := msg.(type) {
	case panelDueMsg:
		if msg.gen != s.panel.gen {
			return nil
		}
		return tea.Batch(m.panelPoll(s.id, &s.panel, s.specs()), s.readReports())
	case panelLoadedMsg:
		ok, cmd := m.panelLoaded(&s.panel, msg)
		if !ok {
			return nil
		}
		s.rebuild()
		return tea.Batch(cmd, s.readReports())
	case fnMetricsDetailMsg:
		if msg.epoch != m.epoch {
			return nil
		}
		s.detailWait = false
		if msg.err != nil {
			s.detailErr = msg.err
		} else {
			d := msg.detail
			s.detail, s.detailErr, s.fn = &d, nil, d.Function
			m.fnDetail[s.fn.Name] = detailEntry{detail: d, at: msg.at}
		}
		s.rebuild()
		// The first request waited for the configuration; send it now.
		if s.panel.active && !s.panel.inflight && s.panel.due(m.now()) {
			return m.panelRequest(s.id, &s.panel, s.specs())
		}
		return nil
	case reportsReadMsg:
		if msg.gen != s.memGen || msg.epoch != m.epoch {
			return nil
		}
		s.memLoading = false
		s.memErr, s.memErrAt = msg.err, m.now()
		if msg.err == nil {
			m.setMemoryUse(msg.name, msg.use)
		}
		s.rebuild()
	}
	return nil
}

func (s *fnMetricsScreen) rebuild() {
	if s.w == 0 {
		return
	}
	d := views.FunctionMetrics{Fn: s.fn, Detail: s.detail, Range: s.panel.label(), Frame: s.panel.frame,
		Mem: s.m.metrics.memUse[s.fn.Name], MemLoading: s.memLoading}
	if s.detailErr != nil {
		d.DetailErr = providers.Short(s.detailErr)
	}
	d.Err = panelErr(&s.panel)
	if s.memErr != nil {
		d.MemErr = providers.Short(s.memErr)
	}
	if _, ok := s.m.opt.Backend.(providers.LogReader); !ok {
		d.MemErr = "this backend cannot read logs"
	}
	s.pane.SetContent(sanitize.Line(s.fn.Name)+" · Lambda metrics",
		views.FunctionMetricsLines(s.m.st, d, s.w, s.h))
}

func (s *fnMetricsScreen) view() string { return s.pane.View() }

func (s *fnMetricsScreen) hints() []key.Binding {
	mk := s.m.km.Metrics
	return []key.Binding{mk.Wider, mk.Narrower, s.m.km.Detail.Down}
}

func (s *fnMetricsScreen) help() []views.HelpGroup { return metricsScreenHelp(s.m) }

func (s *fnMetricsScreen) status() (string, string) { return s.m.panelStatus(&s.panel) }

func (s *fnMetricsScreen) cost() views.OnScreenCost {
	n := len(s.specs())
	c := s.m.panelCost(&s.panel, "metrics of "+sanitize.Line(s.fn.Name)+" over "+s.panel.label(), n)
	c.Extra = append(c.Extra, "FilterLogEvents: REPORT lines on open, then every 5m")
	return c
}
