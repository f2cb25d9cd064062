package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/views"
)

// metricsListKey handles the metrics keys of the resource tables: `m`
// opens the metrics of the selected function or service, `w` cycles the
// functions list's window. It reports whether it used the key.
func (m *Model) metricsListKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	mk := m.km.Metrics
	l := m.top()
	switch {
	case key.Matches(k, mk.Open):
		if _, ok := m.metricsReader(); !ok {
			return m.notify(views.LevelWarn, "this backend has no metrics"), true
		}
		switch l.kind {
		case kindFunctions:
			if r, ok := l.fns.Selected(); ok {
				return m.openFunctionMetrics(r.Fn), true
			}
		case kindServices:
			if s, ok := l.services.Selected(); ok {
				return m.openServiceMetrics(s), true
			}
		case kindTasks:
			if t, ok := l.tasks.Selected(); ok && t.Service != "" {
				return m.openServiceMetrics(m.serviceOf(t.Cluster, t.Service)), true
			}
		}
		return nil, true
	case key.Matches(k, mk.Window) && l.kind == kindFunctions:
		if _, ok := m.metricsReader(); !ok {
			return nil, true
		}
		return m.cycleWindow(), true
	}
	return nil, false
}

// metricsTableHelp is the metrics group of a resource table's help.
func (m *Model) metricsTableHelp() []views.HelpGroup {
	if _, ok := m.metricsReader(); !ok {
		return nil
	}
	mk := m.km.Metrics
	var bs []key.Binding
	switch m.top().kind {
	case kindFunctions:
		bs = []key.Binding{mk.Open, mk.Window}
	case kindServices, kindTasks:
		open := mk.Open
		open.SetHelp(open.Help().Key, "service metrics (CPU, memory, tasks)")
		bs = []key.Binding{open}
	default:
		return nil
	}
	pool := key.NewBinding(key.WithKeys(":concurrency"), key.WithHelp(":pool", "account concurrency pool"))
	return []views.HelpGroup{{Title: "Metrics", Bindings: append(bs, pool)}}
}

// openFunctionMetrics pushes the metrics screen of a function, on the
// list's window so the charts continue what the row showed.
func (m *Model) openFunctionMetrics(fn providers.Function) tea.Cmd {
	return metrics.OpenFunction(host{m}, fn, m.listWindow())
}

// openServiceMetrics pushes the metrics screen of a service.
func (m *Model) openServiceMetrics(svc providers.Service) tea.Cmd {
	return metrics.OpenService(host{m}, svc, m.listWindow(), m.knownInsights(svc.Cluster))
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

// setMemoryUse records a function's REPORT peak for the list's headroom
// flag and the detail pane.
func (m *Model) setMemoryUse(name string, use views.MemoryUse) {
	if m.metrics.memUse == nil {
		m.metrics.memUse = map[string]*views.MemoryUse{}
	}
	u := use
	m.metrics.memUse[name] = &u
	if lv := m.live[name]; lv != nil {
		lv.Mem = &u
	}
}
