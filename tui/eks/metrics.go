package eks

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// A pod's detail shows its CPU and memory from Container Insights over
// the last half hour, read when the detail opens and again at most every
// insightsEvery: the metrics have a one-minute period and each read costs
// four metrics of GetMetricData.
const (
	insightsWindow = 30 * time.Minute
	insightsEvery  = 5 * time.Minute
)

// insightsMsg carries a pod's Container Insights figures.
type insightsMsg struct {
	id, gen int
	ins     views.PodInsights
}

func (m insightsMsg) ScreenID() int { return m.id }

// loadInsights reads a pod's CPU and memory utilisation. Container
// Insights names a deployment's pods by the deployment.
func loadInsights(h Host, id, gen int, p providers.Pod) tea.Cmd {
	mr, ok := h.Backend().(providers.MetricsReader)
	if !ok {
		return nil
	}
	name := p.Name
	if p.Deployment != "" {
		name = p.Deployment
	}
	end := h.Now().Truncate(time.Minute)
	req := providers.MetricRequest{Queries: providers.PodMetricQueries(p.Cluster, p.Namespace, name, time.Minute),
		Start: end.Add(-insightsWindow), End: end}
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		res, err := mr.GetMetricData(ctx, req)
		ins := views.PodInsights{Read: true, Window: insightsWindow}
		switch {
		case err != nil:
			ins.Err = providers.Short(err)
		case providers.InsightsOff(res):
			ins.Off = true
		default:
			for _, s := range res.Series {
				switch s.Key {
				case "cpu":
					ins.CPU = mean(s.Values)
				case "cpu-max":
					ins.CPUPeak = peak(s.Values)
				case "mem":
					ins.Mem = mean(s.Values)
				case "mem-max":
					ins.MemPeak = peak(s.Values)
				}
			}
		}
		return insightsMsg{id: id, gen: gen, ins: ins}
	}
}

func mean(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	t := 0.0
	for _, v := range vs {
		t += v
	}
	return t / float64(len(vs))
}

func peak(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}
