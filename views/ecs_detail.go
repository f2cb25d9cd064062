package views

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/sanitize"
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
				ports[i] = strconv.Itoa(p.ContainerPort) + "/" + sanitize.Line(orDash(p.Protocol))
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
