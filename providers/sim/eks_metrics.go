package sim

import (
	"github.com/virgahq/virga/providers"
)

// eksSource serves Container Insights pod metrics of clusters that have
// it: CPU and memory utilisation per pod, by ClusterName, Namespace and
// PodName (the workload's name, or the pod's own). Only live pods have
// history; a deleted pod's is gone, as its datapoints would age out.
func (a *Account) eksSource(metric string, dims map[string]string, m0, m1 int64) minuteFunc {
	if metric != providers.MetricPodCPU && metric != providers.MetricPodMemory {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cl := a.eksLocked().byName[dims["ClusterName"]]
	if cl == nil || !cl.spec.insights {
		return nil
	}
	type live struct {
		key   uint64
		since int64 // first minute it ran
		base  float64
	}
	var pods []live
	for _, p := range cl.pods {
		if p.dep.spec.ns != dims["Namespace"] || (p.dep.spec.name != dims["PodName"] && p.name != dims["PodName"]) || p.node == "" {
			continue
		}
		k := hash(hashString(p.uid), tagEKSMetric, hashString(metric))
		pods = append(pods, live{key: k, since: minuteOf(p.runAt()) + 1, base: 15 + 45*unit(k)})
	}
	if len(pods) == 0 {
		return nil
	}
	return func(m int64) agg {
		var g agg
		for _, p := range pods {
			if m >= p.since && m >= m0 && m <= m1 {
				g.add(p.base + 12*(unit(hash(p.key, uint64(m)))-0.5))
			}
		}
		return g
	}
}
