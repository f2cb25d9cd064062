package sim

import (
	"math"
	"time"

	"github.com/virgahq/virga/providers"
)

// ecsSource serves AWS/ECS CPU and memory utilisation (free, for every
// service) and the Container Insights metrics of clusters that enabled it.
func (a *Account) ecsSource(ns, metric string, dims map[string]string, m0, m1 int64) minuteFunc {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.ecsLocked()
	cl := m.byName[dims["ClusterName"]]
	if cl == nil {
		return nil
	}
	if ns == providers.NamespaceContainerInsights && cl.insights == "disabled" {
		return nil
	}
	svcs := cl.services
	if name, ok := dims["ServiceName"]; ok {
		s := cl.byName[name]
		if s == nil {
			return nil
		}
		svcs = []*ecsService{s}
	}
	from, to := minuteStart(m0), minuteStart(m1+1)
	type svcData struct {
		s       *ecsService
		lives   []taskLife
		desired []desiredAt
		pending []taskLife
	}
	data := make([]svcData, 0, len(svcs))
	for _, s := range svcs {
		d := svcData{s: s, lives: s.lives(from, to)}
		d.desired = append(d.desired, s.desiredHist...)
		for _, t := range s.history {
			if t.created.Before(to) && (t.started.IsZero() || t.started.After(from)) {
				end := t.started
				if end.IsZero() {
					end = t.stopped
				}
				d.pending = append(d.pending, taskLife{id: t.id, started: t.created, stopped: end})
			}
		}
		data = append(data, d)
	}
	switch ns + "/" + metric {
	case "AWS/ECS/CPUUtilization", "AWS/ECS/MemoryUtilization":
		mem := metric == "MemoryUtilization"
		return func(mm int64) agg {
			var g agg
			for _, d := range data {
				for _, l := range d.lives {
					if running(l, mm) {
						g.add(d.s.utilisation(l, mm, mem))
					}
				}
			}
			return g
		}
	case "ECS/ContainerInsights/RunningTaskCount", "ECS/ContainerInsights/PendingTaskCount",
		"ECS/ContainerInsights/DesiredTaskCount", "ECS/ContainerInsights/CpuUtilized",
		"ECS/ContainerInsights/CpuReserved", "ECS/ContainerInsights/MemoryUtilized",
		"ECS/ContainerInsights/MemoryReserved":
		return func(mm int64) agg {
			var g agg
			at := minuteStart(mm).Add(59 * time.Second)
			total, any := 0.0, false
			for _, d := range data {
				var run int
				var util float64
				for _, l := range d.lives {
					if running(l, mm) {
						run++
						switch metric {
						case "CpuUtilized":
							util += d.s.utilisation(l, mm, false) / 100 * float64(d.s.spec.cpu)
						case "MemoryUtilized":
							util += d.s.utilisation(l, mm, true) / 100 * float64(d.s.spec.mem)
						}
					}
				}
				switch metric {
				case "RunningTaskCount":
					total += float64(run)
				case "PendingTaskCount":
					for _, p := range d.pending {
						if !p.started.After(at) && (p.stopped.IsZero() || p.stopped.After(at)) {
							total++
						}
					}
				case "DesiredTaskCount":
					n := 0
					for _, h := range d.desired {
						if !h.at.After(at) {
							n = h.n
						}
					}
					total += float64(n)
				case "CpuReserved":
					total += float64(run * d.s.spec.cpu)
				case "MemoryReserved":
					total += float64(run * d.s.spec.mem)
				default:
					total += util
				}
				any = any || run > 0
			}
			if any || metric == "DesiredTaskCount" || metric == "PendingTaskCount" {
				g.add(math.Round(total*100) / 100)
			}
			return g
		}
	}
	return nil
}

// running says the task ran during minute mm.
func running(l taskLife, mm int64) bool {
	s, e := minuteStart(mm), minuteStart(mm+1)
	return l.started.Before(e) && (l.stopped.IsZero() || l.stopped.After(s))
}

// utilisation is a task's CPU or memory use in percent of its task size:
// a daily curve plus noise; memory of a task that was OOM-killed climbs
// to the limit in its last twenty minutes.
func (s *ecsService) utilisation(l taskLife, mm int64, mem bool) float64 {
	u := unit(hash(l.key, tagECSMetric, uint64(mm), boolU(mem)))
	hour := float64(floorMod(mm, 1440)) / 60
	daily := 1 + 0.35*math.Cos(2*math.Pi*(hour-17)/24)
	var v float64
	if mem {
		age := minuteStart(mm).Sub(l.started).Hours()
		v = s.spec.memBase*(0.95+0.1*u) + math.Min(8, age*0.3)
		if l.reason != "" && l.reason[0] == 'O' && !l.stopped.IsZero() {
			if left := l.stopped.Sub(minuteStart(mm)).Minutes(); left < 20 {
				p := 1 - left/20
				v += (100 - v) * p * p
			}
		}
	} else {
		v = s.spec.cpuBase * daily * (0.8 + 0.4*u)
		if u > 0.97 {
			v *= 1.8
		}
	}
	return math.Round(math.Max(0.5, math.Min(100, v))*100) / 100
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
