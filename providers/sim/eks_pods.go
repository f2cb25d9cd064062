package sim

import (
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// Messages of the pods that wait.
const (
	msgNoNodes    = "0/0 nodes are available: no nodes available to schedule pods."
	msgNoCapacity = "Fargate capacity is unavailable at this time. Please try again later or in a different availability zone."
)

// podRunAt is when a placed pod's containers first start.
func (p *kubePod) runAt() time.Time { return p.created.Add(podProvisionTime) }

// describePod is the pod as the API server reports it at now.
func (a *Account) describePod(cl *eksCluster, p *kubePod, now time.Time) providers.Pod {
	d := p.dep
	out := providers.Pod{
		Cluster: cl.name, Namespace: d.spec.ns, Name: p.name, UID: p.uid, Labels: p.labels(),
		FargateProfile: p.profile, CreatedAt: p.created,
		Owner: "ReplicaSet/" + d.spec.name + "-" + p.hash, Deployment: d.spec.name,
		SchedulerName: "default-scheduler", Phase: "Pending", Status: "Pending",
		Containers: []providers.PodContainer{},
	}
	if p.profile != "" {
		out.SchedulerName = providers.FargateSchedulerName
	}
	cpu, mem := 0, 0
	for _, c := range d.spec.containers {
		cpu += c.cpuMilli
		mem += c.memMiB
	}
	out.RequestCPU, out.RequestMemory = cpuQty(cpu), memQty(mem)
	placed := p.node != "" && !now.Before(p.created.Add(podNodeTime))
	if placed {
		out.Node, out.IP = p.node, p.ip
		out.CapacityProvisioned, _ = fargateSize(cpu, mem)
	} else if p.profile == "" {
		out.Unschedulable = msgNoNodes
	}
	running := placed && !now.Before(p.runAt())
	for _, c := range d.spec.containers {
		pc := providers.PodContainer{Name: c.name, Image: c.image, LastExitCode: -1, State: "waiting",
			RequestCPU: cpuQty(c.cpuMilli), RequestMemory: memQty(c.memMiB)}
		switch {
		case !placed:
		case !running:
			pc.Reason = "ContainerCreating"
		case d.spec.fate == fateCrashLoop:
			run, n, since, _ := crashState(p.runAt(), now)
			pc.Restarts = n
			if n > 0 {
				pc.LastExitCode, pc.LastReason = 1, "Error"
			}
			if run {
				pc.State, pc.StartedAt = "running", since
			} else {
				pc.Reason = "CrashLoopBackOff"
				pc.Message = "back-off " + min(10*time.Second<<min(n, 10), 5*time.Minute).String() + " restarting failed container=" + c.name + " pod=" + p.name + "_" + d.spec.ns + "(" + p.uid + ")"
			}
		default:
			pc.State, pc.StartedAt, pc.Ready = "running", p.runAt(), true
		}
		out.Total++
		out.Restarts += pc.Restarts
		if pc.Ready {
			out.Ready++
		}
		if pc.State == "waiting" && pc.Reason != "" && out.Status == "Pending" {
			out.Status = pc.Reason
		}
		out.Containers = append(out.Containers, pc)
	}
	if running {
		out.Phase = "Running"
		if out.Status == "Pending" {
			out.Status = "Running"
		}
	}
	return out
}

// podEvents are the pod's events at now, oldest first, as Kubernetes
// would still hold them (an event lives an hour after its last sighting).
func podEvents(cl *eksCluster, p *kubePod, now time.Time) []providers.KubeEvent {
	d := p.dep
	obj := "Pod/" + p.name
	var out []providers.KubeEvent
	add := func(typ, reason, msg, source string, first, last time.Time, count int) {
		if first.After(now) || now.Sub(last) > time.Hour {
			return
		}
		out = append(out, providers.KubeEvent{Namespace: d.spec.ns, Object: obj, Type: typ, Reason: reason,
			Message: msg, Source: source, Count: count, First: first, Last: last})
	}
	// recurring is an event repeated every period since first, up to now.
	recurring := func(typ, reason, msg, source string, first time.Time, period time.Duration) {
		if now.Before(first) {
			return
		}
		n := int(now.Sub(first)/period) + 1
		add(typ, reason, msg, source, first, first.Add(time.Duration(n-1)*period), n)
	}
	switch {
	case p.profile == "":
		recurring("Warning", "FailedScheduling", msgNoNodes, "default-scheduler", p.created, 5*time.Minute)
	case p.node == "":
		recurring("Warning", "FailedScheduling", msgNoCapacity, "fargate-scheduler", p.created.Add(20*time.Second), 4*time.Minute)
	default:
		at := p.created.Add(podNodeTime)
		add("Normal", "Scheduled", "Successfully assigned "+d.spec.ns+"/"+p.name+" to "+p.node, "fargate-scheduler", at, at, 1)
		for i, c := range d.spec.containers {
			t := at.Add(time.Duration(5+i) * time.Second)
			add("Normal", "Pulling", "Pulling image \""+c.image+"\"", "kubelet", t, t, 1)
			t = p.runAt().Add(-time.Second)
			add("Normal", "Pulled", "Successfully pulled image \""+c.image+"\"", "kubelet", t, t, 1)
			add("Normal", "Created", "Created container "+c.name, "kubelet", t, t, 1)
			add("Normal", "Started", "Started container "+c.name, "kubelet", p.runAt(), p.runAt(), 1)
			if d.spec.fate == fateCrashLoop {
				_, n, since, _ := crashState(p.runAt(), now)
				if n > 0 {
					first := p.runAt().Add(crashRun)
					add("Warning", "BackOff", "Back-off restarting failed container "+c.name+" in pod "+p.name+"_"+d.spec.ns+"("+p.uid+")",
						"kubelet", first, since, n)
				}
			}
		}
	}
	return out
}

// cpuQty and memQty write quantities in Kubernetes' canonical form, as
// the API server returns them: "1" not "1000m", "2Gi" not "2048Mi".
func cpuQty(milli int) string {
	if milli%1000 == 0 {
		return strconv.Itoa(milli / 1000)
	}
	return strconv.Itoa(milli) + "m"
}

func memQty(mib int) string {
	if mib%1024 == 0 {
		return strconv.Itoa(mib/1024) + "Gi"
	}
	return strconv.Itoa(mib) + "Mi"
}
