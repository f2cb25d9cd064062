package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
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

// rangeInfo is the screens' crumb info: the range (the status line shows
// the keys that change it).
func rangeInfo(_ *Model, p *metricPanel) string { return "range " + p.label() }

// rangeStep is the new range index after a range key, if k is one: wider
// and narrower stop at the ends; the window key cycles.
func rangeStep(k tea.KeyPressMsg, mk keymap.Metrics, i, n int) (int, bool) {
	switch {
	case key.Matches(k, mk.Wider):
		return min(i+1, n-1), true
	case key.Matches(k, mk.Narrower):
		return max(i-1, 0), true
	case key.Matches(k, mk.Window):
		return (i + 1) % n, true
	}
	return i, false
}

// panelKey is the key handling every metrics screen shares: the range
// keys refetch the new range at once, the detail keys scroll the pane.
func (m *Model) panelKey(k tea.KeyPressMsg, id int, p *metricPanel, pane *kit.Pane, specs func() []series.ID, rebuild func()) (tea.Cmd, bool) {
	if i, ok := rangeStep(k, m.km.Metrics, p.rangeIdx, len(p.ranges)); ok {
		if !p.setRange(i) {
			return nil, true
		}
		rebuild()
		return m.panelActivate(id, p, specs()), true
	}
	return nil, scrollPane(pane, k, m.km.Detail)
}

// scrollPane scrolls a screen's pane with the detail keys.
func scrollPane(p *kit.Pane, k tea.KeyPressMsg, d keymap.Detail) bool {
	switch {
	case key.Matches(k, d.Down):
		p.Scroll(1)
	case key.Matches(k, d.Up):
		p.Scroll(-1)
	case key.Matches(k, d.PageDown):
		p.PageScroll(1)
	case key.Matches(k, d.PageUp):
		p.PageScroll(-1)
	case key.Matches(k, d.Top):
		p.ScrollTop()
	case key.Matches(k, d.Bottom):
		p.ScrollBottom()
	default:
		return false
	}
	return true
}

// metricsScreenHelp lists the keys of the metrics screens.
func metricsScreenHelp(m *Model) []views.HelpGroup {
	mk, d := m.km.Metrics, m.km.Detail
	cycle := mk.Window
	cycle.SetHelp(cycle.Help().Key, "next time range")
	return []views.HelpGroup{
		{Title: "Metrics", Bindings: []key.Binding{mk.Wider, mk.Narrower, cycle}},
		{Title: "Scroll", Bindings: []key.Binding{d.Up, d.Down, d.PageUp, d.PageDown, d.Top, d.Bottom}},
	}
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
