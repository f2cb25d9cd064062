package views

import (
	"fmt"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/theme"
)

// PodDetail is the detail of one pod: where Fargate placed it and why (or
// why it waits), what it asked for and got, its containers and its
// events. logGroup, when not empty, is the CloudWatch log group Fargate
// routes the cluster's container logs to.
func PodDetail(st *theme.Styles, r PodRow, in PodInsights, logGroup string, now time.Time, width int) []string {
	p := r.Pod
	l := &lines{st: st}
	l.section("Pod")
	l.kv("cluster", p.Cluster)
	l.kv("namespace", p.Namespace)
	l.kvTone("status", p.Status+" · phase "+p.Phase+" · ready "+strconv.Itoa(p.Ready)+"/"+strconv.Itoa(p.Total)+
		" · restarts "+strconv.Itoa(p.Restarts), toneStyle(st, PodStatusTone(p)))
	if p.Owner != "" {
		owner := p.Owner
		if p.Deployment != "" {
			owner += " (deployment " + p.Deployment + ")"
		}
		l.kv("owner", owner)
	}
	l.kv("created", format.Timestamp(p.CreatedAt)+" · "+format.Age(now, p.CreatedAt)+" ago")
	l.kv("node", orDash(p.Node))
	if p.IP != "" {
		l.kv("ip", p.IP)
	}
	l.kv("requested", "cpu "+orDash(p.RequestCPU)+" · memory "+orDash(p.RequestMemory))
	capacity := p.CapacityProvisioned
	if capacity == "" {
		capacity = "— (not provisioned)"
	}
	l.kvTone("capacity", capacity, st.Text.Info)

	insightsSection(l, p, in)

	l.section("Fargate placement")
	switch {
	case r.Placement.Profile != "" && r.Placement.Pending == providers.PendingNone:
		l.kvTone("profile", r.Placement.Profile+selectorSuffix(r.Placement.Selector), st.Text.OK)
	case r.Placement.Profile != "":
		l.kvTone("profile", r.Placement.Profile+selectorSuffix(r.Placement.Selector)+" (not placed)", st.Text.Warn)
	default:
		l.kvTone("profile", "none", st.Text.Warn)
	}
	if r.Placement.Pending != providers.PendingNone {
		l.kvTone("waiting", PendingText(r.Placement.Pending), st.Text.Warn)
	}
	wrapped := &wrapLines{lines: l, width: max(width-17, 20)}
	wrapped.kv("why", r.Placement.Why)
	if p.Unschedulable != "" {
		wrapped.kv("scheduling", p.Unschedulable)
	}
	if p.SchedulerName != "" {
		l.kv("scheduler", p.SchedulerName)
	}

	l.section("Containers")
	for _, c := range p.Containers {
		name := c.Name
		if c.Init {
			name += " (init)"
		}
		state := c.State
		if c.Reason != "" {
			state += " · " + c.Reason
		}
		state += " · ready " + yesNo(c.Ready) + " · restarts " + strconv.Itoa(c.Restarts)
		if c.LastExitCode >= 0 && c.Restarts > 0 {
			state += " · last exit " + strconv.Itoa(c.LastExitCode)
			if c.LastReason != "" {
				state += " (" + c.LastReason + ")"
			}
		}
		tone := st.Text.OK
		if !c.Ready {
			tone = st.Text.Warn
		}
		l.kvTone(name, state, tone)
		l.kv("", "image "+c.Image)
		if c.RequestCPU != "" || c.RequestMemory != "" {
			l.kv("", "requests cpu "+orDash(c.RequestCPU)+" · memory "+orDash(c.RequestMemory))
		}
		if c.Message != "" {
			wrapped.kv("", c.Message)
		}
	}
	if len(p.Containers) == 0 {
		l.muted("no containers reported")
	}

	l.section("Events")
	if len(p.Events) == 0 {
		l.muted("no events (Kubernetes keeps them for an hour)")
	}
	for _, e := range p.Events {
		tone := st.Text.Muted
		if e.Type == "Warning" {
			tone = st.Text.Warn
		}
		head := format.Age(now, e.Last) + " " + e.Reason
		if e.Count > 1 {
			head += " ×" + strconv.Itoa(e.Count)
		}
		l.kvTone(head, "", tone)
		wrapped.indented(e.Message, st.Pane.Value)
	}

	l.section("Logs")
	l.muted("l streams the containers through the Kubernetes API")
	if logGroup != "" {
		l.kv("cloudwatch", logGroup+" (aws-observability/aws-logging)")
	}
	return l.out
}

func selectorSuffix(i int) string {
	if i < 0 {
		return ""
	}
	return " · selector " + strconv.Itoa(i+1)
}

// PodInsights are a pod's Container Insights figures over Window:
// utilisation in percent as Container Insights reports it (of the
// capacity of the Fargate node the pod runs on).
type PodInsights struct {
	// Read says the figures were asked for (the section shows).
	Read         bool
	Window       time.Duration
	CPU, CPUPeak float64
	Mem, MemPeak float64
	// Off says Container Insights has no datapoints for the pod.
	Off bool
	Err string
}

func insightsSection(l *lines, p providers.Pod, in PodInsights) {
	if !in.Read {
		return
	}
	l.section("Container Insights · last " + format.Period(in.Window))
	switch {
	case in.Err != "":
		l.kvTone("metrics", "err · "+in.Err, l.st.Text.Err)
	case in.Off:
		l.muted("off for cluster " + p.Cluster + ": no datapoints (on Fargate it needs the CloudWatch")
		l.muted("observability add-on or an ADOT collector)")
	default:
		l.kv("cpu", fmt.Sprintf("%.1f%% avg · %.1f%% peak", in.CPU, in.CPUPeak))
		l.kv("memory", fmt.Sprintf("%.1f%% avg · %.1f%% peak", in.Mem, in.MemPeak))
	}
}
