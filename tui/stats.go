package tui

import (
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

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
	var st providers.Stats
	r, ok := m.opt.Backend.(providers.StatsReader)
	if ok {
		st = r.Stats()
	}
	m.stats.SetContent("API calls and cost — esc closes", views.StatsLines(m.st, st, ok, m.metrics.asked, m.onScreenCost(), m.now()))
	m.stats.SetFocused(true)
}

// costEstimator is a screen that can say what its polling costs.
type costEstimator interface {
	Cost() views.OnScreenCost
}

// onScreenCost estimates what the metrics polling of the visible view
// costs: metrics per refresh, refreshes per hour, dollars per hour.
func (m *Model) onScreenCost() views.OnScreenCost {
	l := m.top()
	if c, ok := l.scr.(costEstimator); ok {
		return c.Cost()
	}
	if l.kind != kindFunctions {
		return views.OnScreenCost{What: l.kind.String() + " (no metric polling)"}
	}
	if _, ok := m.metricsReader(); !ok {
		return views.OnScreenCost{What: "functions (no metrics reader)"}
	}
	return m.listCost()
}
