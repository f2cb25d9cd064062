package views

import (
	"fmt"
	"slices"
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

// DetailIndent is where a detail value starts, after its label: wrapped
// values continue there.
const DetailIndent = labelWidth + 1

// labelWidth is the width of a detail label.
const labelWidth = 14

// lines accumulates styled detail lines.
type lines struct {
	st  *theme.Styles
	out []string
}

func (l *lines) section(title string) {
	if len(l.out) > 0 {
		l.out = append(l.out, "")
	}
	l.out = append(l.out, l.st.Pane.Section.Render(sanitize.Line(title)))
}

func (l *lines) kv(label, value string) {
	l.kvTone(label, value, l.st.Pane.Value)
}

func (l *lines) kvTone(label, value string, tone interface{ Render(...string) string }) {
	// Labels are names from AWS too (variables, aliases, tags, containers).
	l.out = append(l.out, l.st.Pane.Label.Render(kit.Fit(sanitize.Line(label), labelWidth))+" "+tone.Render(sanitize.Line(value)))
}

func (l *lines) text(s string, tone interface{ Render(...string) string }) {
	for _, part := range strings.Split(sanitize.Text(s), "\n") {
		l.out = append(l.out, tone.Render(strings.ReplaceAll(part, "\t", "  ")))
	}
}

func (l *lines) muted(s string) { l.out = append(l.out, l.st.Pane.Muted.Render(sanitize.Line(s))) }

// liveLine is one figure of the detail's live section, or "err" with
// the reason when its series failed.
func liveLine(l *lines, label, failed, value string, tone interface{ Render(...string) string }) {
	if failed != "" {
		l.kvTone(label, "err · "+failed, l.st.Text.Err)
		return
	}
	l.kvTone(label, value, tone)
}

// Masked is how a hidden secret value is drawn. Its length is fixed so it
// does not reveal the value's length.
const Masked = "••••••••"

// FunctionDetail builds the detail lines of a function. d is nil while
// GetFunction is loading; revealed is the index of the one environment
// variable shown in clear (-1 for none).
func FunctionDetail(st *theme.Styles, fn providers.Function, d *providers.FunctionDetail, live *FunctionLive, revealed int, now time.Time) []string {
	l := &lines{st: st}
	if d != nil {
		fn = d.Function
	}
	l.section("Configuration")
	l.kv("ARN", fn.ARN)
	l.kv("Runtime", runtimeLabel(fn))
	if fn.Handler != "" {
		l.kv("Handler", fn.Handler)
	}
	l.kv("Memory", strconv.Itoa(fn.MemoryMB)+" MB")
	l.kv("Timeout", strconv.Itoa(fn.TimeoutSec)+" s")
	l.kv("Architecture", archLabel(fn.Architecture))
	l.kv("Code size", format.Bytes(fn.CodeSize))
	l.kv("Modified", format.Timestamp(fn.LastModified)+" ("+format.Age(now, fn.LastModified)+" ago)")
	stateTone := st.Text.OK
	if fn.State != "" && fn.State != providers.FunctionActive {
		stateTone = st.Text.Warn
	}
	l.kvTone("State", orDash(fn.State)+" / update "+orDash(fn.LastUpdateStatus), stateTone)
	l.kv("Log group", fn.LogGroup)
	l.kv("Log format", orDash(fn.LogFormat))
	if fn.Description != "" {
		l.kv("Description", fn.Description)
	}
	if fn.Role != "" {
		l.kv("Role", fn.Role)
	}
	if d != nil && d.ImageURI != "" {
		l.kv("Image", d.ImageURI)
	}

	l.section("Concurrency")
	switch {
	case !fn.ReservedKnown && d == nil:
		l.kvTone("Reserved", "loading…", st.Text.Muted)
	case fn.Reserved == nil:
		l.kvTone("Reserved", "none (uses the unreserved pool)", st.Text.Muted)
	case *fn.Reserved == 0:
		l.kvTone("Reserved", "0 — every invocation is throttled", st.Text.Err)
	default:
		l.kv("Reserved", strconv.Itoa(*fn.Reserved))
	}
	if d != nil {
		if len(d.Provisioned) == 0 {
			l.kvTone("Provisioned", "none", st.Text.Muted)
		}
		for _, p := range d.Provisioned {
			tone := st.Text.OK
			if p.Status != providers.ProvisionedReady {
				tone = st.Text.Warn
			}
			if p.Status == providers.ProvisionedFailed {
				tone = st.Text.Err
			}
			v := fmt.Sprintf("%s: %d/%d allocated, %s", p.Qualifier, p.Allocated, p.Requested, p.Status)
			if p.StatusReason != "" {
				v += " — " + p.StatusReason
			}
			l.kvTone("Provisioned", v, tone)
		}
	}
	if live != nil && live.Err == "" && !live.Denied && !live.Loading && live.Failed.Conc == "" {
		l.kv("Max in window", format.Count(live.MaxConc))
	}

	if live != nil {
		l.section("Live (metrics window" + windowLabel(live) + ")")
		switch {
		case live.Denied:
			l.kvTone("Metrics", "n/a · "+live.Err, st.Text.Muted)
		case live.Err != "":
			l.kvTone("Metrics", "err · "+live.Err, st.Text.Err)
		case live.Loading:
			l.kvTone("Metrics", "loading…", st.Text.Muted)
		default:
			f := &live.Failed
			liveLine(l, "Invocations", failedInv(f), format.Count(live.InvPerMin)+" /min", st.Pane.Value)
			liveLine(l, "Errors", failedErrRate(f), format.Percent(live.ErrRate), toneFor(st, live.ErrRate >= 0.05, live.ErrRate > 0))
			liveLine(l, "Throttles", failedThr(f), format.Count(live.Throttles), toneFor(st, live.Throttles > 0, false))
			liveLine(l, "p95 duration", failedP95(f), format.Millis(live.P95), toneFor(st, false, live.P95 >= 0.8*float64(fn.TimeoutSec)*1000))
			if f.Conc != "" {
				liveLine(l, "Concurrency", f.Conc, "", st.Pane.Value)
			}
			headroomDetail(l, FunctionRow{Fn: fn, Live: live})
		}
	}

	l.section("Environment (" + strconv.Itoa(len(fn.Env)) + ")")
	if len(fn.Env) == 0 {
		l.muted("no variables")
	}
	for i, e := range fn.Env {
		val := Masked
		tone := st.Text.Muted
		if i == revealed {
			val = e.Value
			tone = st.Text.Warn
		}
		name := e.Name
		if looksSecret(e.Name) {
			// ASCII, since every font has it: a lock symbol is an empty
			// box in many.
			name += " *"
		}
		l.kvTone(name, val, tone)
	}
	if len(fn.Env) > 0 {
		l.muted("masked · * maybe secret · v reveals one")
	}

	if d == nil {
		l.section("Versions and aliases")
		l.muted("loading…")
		return l.out
	}
	l.section("Aliases (" + strconv.Itoa(len(d.Aliases)) + ")")
	if len(d.Aliases) == 0 {
		l.muted("none")
	}
	for _, a := range d.Aliases {
		v := "→ v" + a.FunctionVersion
		if len(a.AdditionalWeights) > 0 {
			primary := 1.0
			keys := make([]string, 0, len(a.AdditionalWeights))
			for k, w := range a.AdditionalWeights {
				keys = append(keys, k)
				primary -= w
			}
			sort.Strings(keys)
			v = fmt.Sprintf("→ v%s %s", a.FunctionVersion, format.Percent(primary))
			for _, k := range keys {
				v += fmt.Sprintf(", v%s %s", k, format.Percent(a.AdditionalWeights[k]))
			}
			l.kvTone(a.Name, v+"  (canary)", st.Text.Info)
			continue
		}
		l.kv(a.Name, v)
	}
	l.section("Versions (" + strconv.Itoa(len(d.Versions)) + ")")
	if len(d.Versions) == 0 {
		l.muted("none published · only $LATEST")
	}
	vs := slices.Clone(d.Versions)
	slices.SortFunc(vs, func(a, b providers.FunctionVersion) int { return versionNum(b.Version) - versionNum(a.Version) })
	for i, v := range vs {
		if i == 8 {
			l.muted(fmt.Sprintf("… %d older", len(vs)-8))
			break
		}
		desc := v.Description
		if desc == "" {
			desc = format.Timestamp(v.LastModified)
		}
		l.kv("v"+v.Version, desc)
	}
	if len(d.EventSources) > 0 {
		l.section("Triggers (" + strconv.Itoa(len(d.EventSources)) + ")")
		for _, e := range d.EventSources {
			tone := st.Text.OK
			if e.State != providers.MappingEnabled {
				tone = st.Text.Warn
			}
			l.kvTone(e.SourceKind, e.State+" · batch "+strconv.Itoa(e.BatchSize)+" · "+lastPart(e.SourceARN), tone)
		}
	}
	if len(fn.Tags) > 0 {
		l.section("Tags")
		keys := make([]string, 0, len(fn.Tags))
		for k := range fn.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			l.kv(k, fn.Tags[k])
		}
	}
	return l.out
}

func versionNum(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// lastPart is the resource part of an ARN: what follows the first "/"
// ("checkout-web:18" of a task definition, "orders/stream/..." of a table
// stream), or the last ":" field when there is no "/" (an SQS queue name).
func lastPart(arn string) string {
	if i := strings.IndexByte(arn, '/'); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	if i := strings.LastIndexByte(arn, ':'); i >= 0 && i < len(arn)-1 {
		return arn[i+1:]
	}
	return arn
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func toneFor(st *theme.Styles, bad, warn bool) interface{ Render(...string) string } {
	switch {
	case bad:
		return st.Text.Err
	case warn:
		return st.Text.Warn
	}
	return st.Pane.Value
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
		for i, p := range parts {
			age := strings.Repeat(" ", 5)
			if i == 0 {
				age = kit.FitRight(format.Age(now, e.CreatedAt), 5)
			}
			l.out = append(l.out, st.Pane.Label.Render(age)+"  "+tone.Render(p))
		}
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
