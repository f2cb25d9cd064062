package tui

import (
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/reserved"
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
	on := m.onScreenCost()
	if ok {
		on.Extra = append(on.Extra, m.lambdaLastMinute(st))
	}
	m.stats.SetContent("API calls and cost — esc closes", views.StatsLines(m.st, st, ok, m.metrics.asked, on, m.now()))
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

// callSample is the count of Lambda calls at one time.
type callSample struct {
	at time.Time
	n  int
}

// sampleEvery spaces the samples of the Lambda call count; a minute is
// read from the sample just over a minute old.
const sampleEvery = 5 * time.Second

// sampleCalls records the Lambda call count now and then, so :stats can
// say how many calls the last minute made (targets C2: <= 60).
func (m *Model) sampleCalls() {
	r, ok := m.opt.Backend.(providers.StatsReader)
	now := m.now()
	if !ok || len(m.lambdaSamples) > 0 && now.Sub(m.lambdaSamples[len(m.lambdaSamples)-1].at) < sampleEvery {
		return
	}
	m.lambdaSamples = append(m.lambdaSamples, callSample{at: now, n: lambdaCalls(r.Stats())})
	// Keep one sample older than a minute, drop the rest of the old ones.
	for len(m.lambdaSamples) > 2 && now.Sub(m.lambdaSamples[1].at) > time.Minute {
		m.lambdaSamples = m.lambdaSamples[1:]
	}
}

func lambdaCalls(st providers.Stats) int {
	n := 0
	for _, c := range st.Calls {
		if c.Service == "Lambda" {
			n += c.Calls
		}
	}
	return n
}

// lambdaLastMinute says how many Lambda control-plane calls this run made
// over about the last minute: since the newest sample at least a minute
// old, or the oldest there is.
func (m *Model) lambdaLastMinute(st providers.Stats) string {
	now, total := m.now(), lambdaCalls(st)
	base, over := 0, "this run"
	for i, s := range m.lambdaSamples {
		if i == 0 || now.Sub(s.at) >= time.Minute {
			base, over = s.n, "the last "+strconv.Itoa(int(now.Sub(s.at).Seconds()))+"s"
		}
	}
	return "Lambda control plane: " + strconv.Itoa(total-base) + " calls in " + over +
		" (at rest the list stays under " + strconv.Itoa(reserved.Burst-reserved.BackgroundKeep+reserved.Refill) + "/min)"
}
