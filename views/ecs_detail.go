package views

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// ECSContext is what a service's or a task's detail shows besides the
// resource itself.
type ECSContext struct {
	// TaskDef is the resource's task definition; nil while it loads or
	// when the backend cannot read it.
	TaskDef *providers.TaskDefinition
	// TaskDefErr says why the task definition could not be read.
	TaskDefErr error
	// Loading says the task definition is being read.
	Loading bool
	// Width is the text width of the pane: service events wrap to it
	// (0 leaves them whole, to be cut at the edge).
	Width int
	// Tasks are the tasks of the view a task's detail is opened from; its
	// stopped ones are summed up by stop code.
	Tasks []providers.Task
}

// eventIndent is where an event's text starts, after its age.
const eventIndent = 7

// taskDefSection lists the task definition's containers: image, size,
// ports, health check and where each logs.
func taskDefSection(l *lines, x ECSContext) {
	st := l.st
	switch {
	case x.TaskDef == nil && x.TaskDefErr != nil:
		l.section("Task definition")
		l.kvTone("error", "could not read it: "+providers.Short(x.TaskDefErr), st.Text.Err)
		return
	case x.TaskDef == nil && x.Loading:
		l.section("Task definition")
		l.muted("loading…")
		return
	case x.TaskDef == nil:
		return
	}
	td := x.TaskDef
	l.section("Task definition " + td.Family + ":" + strconv.Itoa(td.Revision))
	l.kv("Size", orDash(td.CPU)+" CPU units · "+orDash(td.Memory)+" MiB")
	for _, c := range td.Containers {
		role := ""
		if c.Essential {
			role = " · essential"
		}
		l.kvTone(c.Name, c.Image, st.Pane.Value)
		var size []string
		if c.CPU > 0 {
			size = append(size, strconv.Itoa(c.CPU)+" CPU")
		}
		if c.Memory > 0 {
			size = append(size, strconv.Itoa(c.Memory)+" MiB")
		}
		if len(size) > 0 || role != "" {
			l.kvTone("", strings.Join(size, " · ")+role, st.Text.Muted)
		}
		if len(c.Ports) > 0 {
			ports := make([]string, len(c.Ports))
			for i, p := range c.Ports {
				ports[i] = strconv.Itoa(p.ContainerPort) + "/" + orDash(p.Protocol)
				if p.HostPort != 0 && p.HostPort != p.ContainerPort {
					ports[i] += " (host " + strconv.Itoa(p.HostPort) + ")"
				}
			}
			l.kvTone("", "ports "+strings.Join(ports, ", "), st.Text.Muted)
		}
		if hc := c.HealthCheck; hc != nil {
			l.kvTone("", "health "+healthCheckText(hc), st.Text.Muted)
		}
		if c.LogDriver != "" {
			l.kvTone("", "logs "+logConfigText(c), st.Text.Muted)
		}
	}
}

// healthCheckText is a health check as one line: the command without
// its CMD/CMD-SHELL marker, then its timing.
func healthCheckText(hc *providers.HealthCheck) string {
	cmd := hc.Command
	if len(cmd) > 0 && (cmd[0] == "CMD-SHELL" || cmd[0] == "CMD") {
		cmd = cmd[1:]
	}
	out := strings.Join(cmd, " ")
	var timing []string
	if hc.Interval > 0 {
		timing = append(timing, "every "+strconv.Itoa(hc.Interval)+"s")
	}
	if hc.Timeout > 0 {
		timing = append(timing, "timeout "+strconv.Itoa(hc.Timeout)+"s")
	}
	if hc.Retries > 0 {
		timing = append(timing, strconv.Itoa(hc.Retries)+" retries")
	}
	if hc.StartPeriod > 0 {
		timing = append(timing, "grace "+strconv.Itoa(hc.StartPeriod)+"s")
	}
	if len(timing) > 0 {
		out += " · " + strings.Join(timing, ", ")
	}
	return out
}

// logConfigText says where a container logs: the group and stream prefix
// for awslogs, the destination for FireLens.
func logConfigText(c providers.ContainerDefinition) string {
	o := c.LogOptions
	switch c.LogDriver {
	case "awslogs":
		out := "awslogs → " + orDash(o["awslogs-group"])
		if p := o["awslogs-stream-prefix"]; p != "" {
			out += " (prefix " + p + ")"
		}
		return out
	case "awsfirelens":
		if n := o["Name"]; n != "" {
			return "firelens → " + n
		}
	}
	return c.LogDriver
}

// stoppedSection groups the stopped tasks of the view by stop code, most
// frequent first: how many, when the latest stopped and why, so a crash
// loop reads as one line instead of a screen of rows.
func stoppedSection(l *lines, tasks []providers.Task, now time.Time) {
	type group struct {
		code   string
		n      int
		latest providers.Task
	}
	var groups []*group
	byCode := map[string]*group{}
	for _, t := range tasks {
		if t.LastStatus != providers.TaskStopped {
			continue
		}
		code := t.StopCode
		if code == "" {
			code = "(no stop code)"
		}
		g := byCode[code]
		if g == nil {
			g = &group{code: code}
			byCode[code] = g
			groups = append(groups, g)
		}
		g.n++
		if t.StoppedAt.After(g.latest.StoppedAt) || g.n == 1 {
			g.latest = t
		}
	}
	if len(groups) == 0 {
		return
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].n != groups[j].n {
			return groups[i].n > groups[j].n
		}
		return groups[i].code < groups[j].code
	})
	total := 0
	for _, g := range groups {
		total += g.n
	}
	l.section("Stopped tasks here (" + strconv.Itoa(total) + ") by stop code")
	for _, g := range groups {
		tone := l.st.Text.Err
		if g.code == providers.StopUserInitiated || g.code == providers.StopServiceScheduler {
			tone = l.st.Text.Muted
		}
		when := ""
		if !g.latest.StoppedAt.IsZero() {
			when = " · last " + format.Age(now, g.latest.StoppedAt) + " ago"
		}
		l.kvTone(strconv.Itoa(g.n)+"×", g.code+when, tone)
		if g.latest.StoppedReason != "" {
			l.kvTone("", g.latest.StoppedReason, l.st.Text.Muted)
		}
	}
}

// ServiceDetail builds the detail lines of a service: counts, deployments
// and the latest events.
func ServiceDetail(st *theme.Styles, s providers.Service, now time.Time, x ECSContext) []string {
	l := &lines{st: st}
	l.section("Service")
	l.kv("Cluster", s.Cluster)
	l.kv("ARN", s.ARN)
	l.kv("Status", s.Status)
	l.kv("Tasks", fmt.Sprintf("%d desired · %d running · %d pending", s.Desired, s.Running, s.Pending))
	l.kv("Task def", s.TaskDefFamily+":"+strconv.Itoa(s.TaskDefRevision))
	l.kv("Launch type", orDash(s.LaunchType))
	cb := "off"
	if s.CircuitBreaker {
		cb = "on"
		if s.Rollback {
			cb += ", rolls back"
		}
	}
	l.kv("Breaker", cb)
	if !s.CreatedAt.IsZero() {
		l.kv("Created", format.Timestamp(s.CreatedAt))
	}
	l.section("Deployments (" + strconv.Itoa(len(s.Deployments)) + ")")
	if len(s.Deployments) == 0 {
		l.muted("none")
	}
	for _, d := range s.Deployments {
		tone := st.Pane.Value
		switch d.RolloutState {
		case providers.RolloutFailed:
			tone = st.Text.Err
		case providers.RolloutInProgress:
			tone = st.Text.Info
		case providers.RolloutCompleted:
			tone = st.Text.OK
		}
		l.kvTone(d.Status, fmt.Sprintf("%s %s · %d/%d running, %d pending, %d failed · %s ago",
			lastPart(d.TaskDefinition), orDash(d.RolloutState), d.Running, d.Desired, d.Pending, d.Failed, format.Age(now, d.CreatedAt)), tone)
		if d.RolloutReason != "" {
			l.text("               "+d.RolloutReason, st.Text.Muted)
		}
	}
	l.section("Events (" + strconv.Itoa(len(s.Events)) + ")")
	if len(s.Events) == 0 {
		l.muted("none")
	}
	for _, e := range s.Events {
		tone := st.Pane.Value
		m := e.Message
		switch {
		case strings.Contains(m, "failed") || strings.Contains(m, "unhealthy") || strings.Contains(m, "rolling back"):
			tone = st.Text.Err
		case strings.Contains(m, "steady state") || strings.Contains(m, "completed"):
			tone = st.Text.OK
		}
		// An event is the reason a deployment is stuck: it wraps under
		// itself rather than being cut at the pane's edge.
		parts := []string{sanitize.Line(m)}
		if x.Width > eventIndent+20 {
			parts = kit.Wrap(parts[0], x.Width-eventIndent)
		}
		l.hanging(st.Pane.Label.Render(kit.FitRight(format.Age(now, e.CreatedAt), 5))+"  ", st.Pane.Label.Render(strings.Repeat(" ", 5))+"  ", parts, tone)
	}
	// The definition comes last: events say what is going on now.
	taskDefSection(l, x)
	return l.out
}

// TaskDetail builds the detail lines of a task and its containers.
func TaskDetail(st *theme.Styles, t providers.Task, now time.Time, x ECSContext) []string {
	l := &lines{st: st}
	l.section("Task")
	l.kv("ID", t.ID)
	l.kv("Cluster", t.Cluster)
	l.kv("Service", orDash(t.Service))
	l.kv("Task def", lastPart(t.TaskDefinition))
	l.kv("Status", t.LastStatus+" (desired "+t.DesiredStatus+")")
	l.kvTone("Health", orDash(t.Health), toneFor(st, t.Health == providers.HealthUnhealthy, t.Health != providers.HealthHealthy))
	l.kv("Size", t.CPU+" CPU units · "+t.Memory+" MiB")
	l.kv("Zone", orDash(t.AZ))
	l.kv("Launch type", orDash(t.LaunchType))
	l.kv("Created", format.Timestamp(t.CreatedAt))
	if !t.StartedAt.IsZero() {
		l.kv("Started", format.Timestamp(t.StartedAt)+" ("+format.Age(now, t.StartedAt)+" ago)")
	}
	if !t.StoppedAt.IsZero() {
		l.kv("Stopped", format.Timestamp(t.StoppedAt)+" ("+format.Age(now, t.StoppedAt)+" ago)")
	}
	if t.StopCode != "" || t.StoppedReason != "" {
		l.kvTone("Stop code", orDash(t.StopCode), st.Text.Err)
		l.kvTone("Reason", t.StoppedReason, st.Text.Err)
	}
	if t.StartedBy != "" {
		l.kv("Started by", t.StartedBy)
	}
	l.section("Containers (" + strconv.Itoa(len(t.Containers)) + ")")
	if len(t.Containers) == 0 {
		l.muted("none reported yet")
	}
	for _, c := range t.Containers {
		exit := ""
		if c.ExitCode != nil {
			exit = " · exit " + strconv.Itoa(*c.ExitCode)
		}
		tone := toneFor(st, c.ExitCode != nil && *c.ExitCode != 0, c.LastStatus != providers.TaskRunning)
		l.kvTone(c.Name, c.LastStatus+" · "+orDash(c.Health)+exit, tone)
		l.text("               "+c.Image, st.Text.Muted)
		if c.Reason != "" {
			l.text("               "+c.Reason, st.Text.Err)
		}
	}
	taskDefSection(l, x)
	stoppedSection(l, x.Tasks, now)
	return l.out
}

// ClusterDetail builds the detail lines of a cluster.
func ClusterDetail(st *theme.Styles, c providers.Cluster) []string {
	l := &lines{st: st}
	l.section("Cluster")
	l.kv("ARN", c.ARN)
	l.kv("Status", c.Status)
	l.kv("Services", strconv.Itoa(c.ActiveServices))
	l.kv("Tasks", fmt.Sprintf("%d running · %d pending", c.RunningTasks, c.PendingTasks))
	ci := c.ContainerInsights
	if ci == "" {
		ci = providers.InsightsDisabled
	}
	l.kv("Insights", ci)
	l.kv("Capacity", strings.Join(c.CapacityProviders, ", "))
	l.muted("enter lists this cluster's services")
	return l.out
}
