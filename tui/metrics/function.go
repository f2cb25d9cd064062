package metrics

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/sanitize"
)

// Caps on the optional charts, so a function with many aliases cannot
// turn one refresh into dozens of metrics.
const (
	maxProvisionedCharts = 2
	maxCanaryAliases     = 2
	maxCanaryVersions    = 3
)

// Function is a function's metrics: invocations, errors, throttles,
// durations and concurrency over a time range, plus what applies to it:
// provisioned concurrency, stream iterator age, async event age, and the
// versions of a weighted alias side by side.
type Function struct {
	chart
	fn providers.Function

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

func (d fnMetricsDetailMsg) ScreenID() int { return d.id }
func (r reportsReadMsg) ScreenID() int     { return r.id }

// OpenFunction pushes the metrics screen of a function, on the range
// that holds window (the list's window, so the charts continue what the
// row showed).
func OpenFunction(h Host, fn providers.Function, window time.Duration) tea.Cmd {
	return open(h, window, func(c chart) *Function { return &Function{chart: c, fn: fn} })
}

// detail is the function's configuration from the one detail cache the
// root keeps, nil until GetFunction has answered.
func (s *Function) detail() *providers.FunctionDetail {
	if d, ok := s.host.Detail(s.fn.Name); ok {
		return &d
	}
	return nil
}

// function is the function as the detail has it, else as the list had it.
func (s *Function) function() providers.Function {
	if d := s.detail(); d != nil {
		return d.Function
	}
	return s.fn
}

func (s *Function) Crumbs() []string { return []string{sanitize.Line(s.fn.Name), "metrics"} }

func (s *Function) Activate() tea.Cmd {
	var cmds []tea.Cmd
	if s.detail() == nil && !s.detailWait {
		if cmd := s.loadDetail(); cmd != nil {
			s.detailWait = true
			cmds = append(cmds, cmd)
		}
	}
	// REPORT lines are read once the first metrics answer tells how busy
	// the function is (see reportSpan); on a return visit, now if due.
	if s.panel.frame.Loaded() {
		cmds = append(cmds, s.readReports())
	}
	return s.activate(cmds...)
}

// ForceRefresh makes the next activation ask again (ctrl+r).
func (s *Function) ForceRefresh() {
	s.panel.force()
	s.memForce = true
}

// specs are the series of this function; none until GetFunction has
// answered once, so the first request already includes the alias,
// provisioned and trigger charts and stays one call.
func (s *Function) specs() []series.ID {
	if s.detailWait {
		return nil
	}
	return functionSpecs(s.fn.Name, s.detail())
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

func (s *Function) loadDetail() tea.Cmd {
	r, ok := s.host.Backend().(providers.FunctionReader)
	if !ok || s.host.Paused() {
		return nil
	}
	id, name, epoch, clock := s.id, s.fn.Name, s.host.Epoch(), s.host.Clock()
	ctx, cancel := s.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		return fnMetricsDetailMsg{id: id, epoch: epoch, detail: d, err: err, at: clock()}
	}
}

func (s *Function) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.panelUpdate(msg, nil, s.readReports, s.readReports); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case fnMetricsDetailMsg:
		s.detailWait = false
		if msg.err != nil {
			s.detailErr = msg.err
		} else {
			s.detailErr = nil
			s.host.StoreDetail(s.fn.Name, msg.detail, msg.at)
		}
		s.rebuild()
		// The first request waited for the configuration; send it now.
		if s.panel.active && !s.panel.inflight && s.panel.due(s.host.Now()) {
			return s.panel.request(s.host, s.id, s.specs())
		}
		return nil
	case reportsReadMsg:
		if msg.gen != s.memGen {
			return nil
		}
		s.memLoading = false
		s.memErr, s.memErrAt = msg.err, s.host.Now()
		if msg.err == nil {
			s.host.List().SetMemoryUse(msg.name, msg.use)
		}
		s.rebuild()
	}
	return nil
}

func (s *Function) rebuild() {
	if s.w == 0 {
		return
	}
	d := views.FunctionMetrics{Fn: s.function(), Detail: s.detail(), Range: s.panel.label(), Frame: s.panel.frame,
		Mem: s.host.List().memory(s.fn.Name), MemLoading: s.memLoading}
	if s.detailErr != nil {
		d.DetailErr = providers.Short(s.detailErr)
	}
	d.Err = panelErr(&s.panel)
	if s.memErr != nil {
		d.MemErr = providers.Short(s.memErr)
	}
	if _, ok := s.host.Backend().(providers.LogReader); !ok {
		d.MemErr = "this backend cannot read logs"
	}
	s.pane.SetContent(sanitize.Line(s.fn.Name)+" · Lambda metrics",
		views.FunctionMetricsLines(s.host.Styles(), d, s.w, s.h))
}

func (s *Function) Cost() views.OnScreenCost {
	n := len(s.specs())
	c := s.panel.cost(s.host, "metrics of "+sanitize.Line(s.fn.Name)+" over "+s.panel.label(), n)
	c.Extra = append(c.Extra, "FilterLogEvents: REPORT lines on open, then every 5m")
	return c
}
