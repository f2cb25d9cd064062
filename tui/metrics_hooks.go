package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// The root's hooks into the functions list's live columns and the metrics
// screens (package tui/metrics): the functions tables the list fills, the
// keys that open the screens, and :stats.

func (h host) List() *metrics.List { return h.m.metrics }

// FunctionsTables are the functions tables on the stack.
func (h host) FunctionsTables() []*kit.Table[views.FunctionRow] {
	var ts []*kit.Table[views.FunctionRow]
	for _, l := range h.m.stack {
		if l.kind == kindFunctions {
			ts = append(ts, l.fns)
		}
	}
	return ts
}

// FunctionsTable is the table on top when it is a functions table.
func (h host) FunctionsTable() *kit.Table[views.FunctionRow] { return h.m.top().fns }

func (h host) SyncDetail()                  { h.m.syncDetail() }
func (h host) ListFailed(err error) tea.Cmd { return h.m.fetchFailed(h.m.top(), err) }
func (h host) ArmClock() tea.Cmd            { return h.m.armClock() }

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

// metricsListKey handles the metrics keys of the resource tables: `m`
// opens the metrics of the selected function or service, `w` cycles the
// functions list's window. It reports whether it used the key.
func (m *Model) metricsListKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	mk := m.km.Metrics
	l := m.top()
	switch {
	case key.Matches(k, mk.Open):
		return m.openSelectionMetrics(), true
	case key.Matches(k, mk.Window) && l.kind == kindFunctions:
		return m.metrics.CycleWindow(), true
	}
	return nil, false
}

// openSelectionMetrics opens the metrics of the selected function or
// service (or a task's service).
func (m *Model) openSelectionMetrics() tea.Cmd {
	if !m.metrics.Readable() {
		return m.notify(views.LevelWarn, "this backend has no metrics")
	}
	switch l := m.top(); {
	case l.scr != nil:
	case l.kind == kindFunctions:
		if r, ok := l.fns.Selected(); ok {
			return metrics.OpenFunction(host{m}, r.Fn, m.metrics.Window())
		}
	case l.kind == kindServices:
		if s, ok := l.services.Selected(); ok {
			return m.openServiceMetrics(s)
		}
	case l.kind == kindTasks:
		if t, ok := l.tasks.Selected(); ok && t.Service != "" {
			return m.openServiceMetrics(m.serviceOf(t.Cluster, t.Service))
		}
	}
	return nil
}

// metricsCommand is ":metrics [NAME]": the metrics screen of the function
// NAME (as listed, or by name alone: the screen reads its configuration
// itself), or of the selection, as m opens it.
func (m *Model) metricsCommand(args []string) tea.Cmd {
	if len(args) == 0 {
		if cmd := m.openSelectionMetrics(); cmd != nil || !m.metrics.Readable() {
			return cmd
		}
		return m.notify(views.LevelWarn, ":metrics needs a function name here (or a selected function or service)")
	}
	if len(args) > 1 {
		return m.notify(views.LevelWarn, ":metrics shows one function (got "+sanitize.Line(strings.Join(args, " "))+")")
	}
	if !m.metrics.Readable() {
		return m.notify(views.LevelWarn, "this backend has no metrics")
	}
	fn := providers.Function{Name: args[0]}
	for _, l := range m.stack {
		if l.kind != kindFunctions || l.scr != nil {
			continue
		}
		for _, r := range l.fns.Items() {
			if r.Fn.Name == fn.Name {
				fn = r.Fn
			}
		}
	}
	return metrics.OpenFunction(host{m}, fn, m.metrics.Window())
}

// metricsTableHelp is the metrics group of a resource table's help.
func (m *Model) metricsTableHelp() []views.HelpGroup {
	if k := m.top().kind; m.metrics.Readable() && (k == kindFunctions || k == kindServices || k == kindTasks) {
		return metrics.TableHelp(m.km.Metrics, k == kindFunctions)
	}
	return nil
}

// openServiceMetrics pushes the metrics screen of a service.
func (m *Model) openServiceMetrics(svc providers.Service) tea.Cmd {
	return metrics.OpenService(host{m}, svc, m.metrics.Window(), m.knownInsights(svc.Cluster))
}

// openPool pushes the account concurrency pool (:concurrency, :pool),
// unless it is on top already.
func (m *Model) openPool() tea.Cmd {
	if _, ok := m.top().scr.(*metrics.Pool); ok {
		return nil
	}
	return metrics.OpenPool(host{m})
}

// knownInsights is a cluster's Container Insights setting if a clusters
// table on the stack has it.
func (m *Model) knownInsights(cluster string) string {
	for _, l := range m.stack {
		if l.kind != kindClusters {
			continue
		}
		for _, c := range l.clusters.Items() {
			if c.Name == cluster {
				if c.ContainerInsights == "" {
					return "disabled"
				}
				return c.ContainerInsights
			}
		}
	}
	return ""
}

// serviceOf finds a service on the stack's tables, or names it.
func (m *Model) serviceOf(cluster, name string) providers.Service {
	for _, l := range m.stack {
		if l.kind != kindServices {
			continue
		}
		for _, s := range l.services.Items() {
			if s.Cluster == cluster && s.Name == name {
				return s
			}
		}
	}
	return providers.Service{Cluster: cluster, Name: name}
}

// openStats shows the API accounting of this run.
func (m *Model) openStats() {
	m.over = overlayStats
	m.syncStats()
}

// syncStats rebuilds the stats pane; it runs when the pane opens and after
// each data message while it is open, since only calls change it.
func (m *Model) syncStats() {
	if m.over != overlayStats {
		return
	}
	m.stats.SetContent("API calls and cost — esc closes", m.metrics.StatsLines(m.onScreenCost()))
	m.stats.SetFocused(true)
}

// onScreenCost estimates what the metrics polling of the visible view
// costs: metrics per refresh, refreshes per hour, dollars per hour.
func (m *Model) onScreenCost() views.OnScreenCost {
	l := m.top()
	if c, ok := l.scr.(interface{ Cost() views.OnScreenCost }); ok {
		return c.Cost()
	}
	if l.kind != kindFunctions {
		return views.OnScreenCost{What: l.kind.String() + " (no metric polling)"}
	}
	return m.metrics.Cost(len(l.fns.Visible()))
}
