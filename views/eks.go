package views

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// The tables of EKS on Fargate, clusters (:eks), Fargate profiles
// (:profiles) and pods (:pods), and the detail of a pod. Counts that come
// from the Kubernetes API read "err" for a cluster whose API server could
// not be reached; the screen says why on its own line.

// EKSClusterRow is one row of :eks: a cluster with what its profiles and
// pods add up to.
type EKSClusterRow struct {
	Cluster providers.EKSCluster
	// Profiles and ActiveProfiles count its Fargate profiles.
	Profiles, ActiveProfiles int
	// Pods counts the pods on Fargate, Pending those waiting for it.
	Pods, Pending int
	// Err is why the cluster's profiles or pods could not be read.
	Err string
}

// FargateProfileRow is one row of :profiles.
type FargateProfileRow struct {
	Profile providers.FargateProfile
	// Matched counts the pods the profile placed; -1 when the cluster's
	// pods could not be read.
	Matched int
}

// PodRow is one row of :pods: a pod and how Fargate placed it (or why it
// waits).
type PodRow struct {
	Pod       providers.Pod
	Placement providers.FargatePlacement
}

// EndpointAccess says how a cluster's API server is reached: "public",
// "private" or "public+private".
func EndpointAccess(c providers.EKSCluster) string {
	switch {
	case c.EndpointPublic && c.EndpointPrivate:
		return "public+private"
	case c.EndpointPrivate:
		return "private"
	case c.EndpointPublic:
		return "public"
	}
	return "—"
}

func eksStatusTone(s string) kit.Tone {
	switch s {
	case "ACTIVE":
		return kit.ToneOK
	case "FAILED", "CREATE_FAILED", "DELETE_FAILED":
		return kit.ToneErr
	}
	return kit.ToneWarn
}

func errCount(failed bool, n int, tone kit.Tone) kit.Cell {
	if failed {
		return kit.Cell{Text: "err", Tone: kit.ToneErr}
	}
	return countCell(n, 0, tone)
}

// EKSClusterColumns are the columns of :eks.
func EKSClusterColumns() []kit.Column[EKSClusterRow] {
	return []kit.Column[EKSClusterRow]{
		kit.TextColumn(kit.Column[EKSClusterRow]{Title: "CLUSTER", Min: 14, Max: 48, Flex: true}, kit.ToneNormal,
			func(r EKSClusterRow) string { return r.Cluster.Name }),
		kit.TextColumn(kit.Column[EKSClusterRow]{Title: "VER", Min: 5}, kit.ToneMuted,
			func(r EKSClusterRow) string { return r.Cluster.Version }),
		{Title: "STATUS", Min: 8, Drop: 2,
			Cell: func(r EKSClusterRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(r.Cluster.Status), Tone: eksStatusTone(r.Cluster.Status)}
			}},
		{Title: "ENDPOINT", Min: 14, Drop: 3,
			Cell: func(r EKSClusterRow) kit.Cell { return kit.Cell{Text: EndpointAccess(r.Cluster), Tone: kit.ToneMuted} }},
		{Title: "PROFILES", Min: 8, Right: true,
			Cell: func(r EKSClusterRow) kit.Cell {
				return kit.Cell{Text: strconv.Itoa(r.ActiveProfiles) + "/" + strconv.Itoa(r.Profiles)}
			},
			Compare: func(a, b EKSClusterRow) int { return cmp.Compare(a.Profiles, b.Profiles) }},
		{Title: "PODS", Min: 5, Right: true,
			Cell: func(r EKSClusterRow) kit.Cell {
				if r.Err != "" {
					return kit.Cell{Text: "err", Tone: kit.ToneErr}
				}
				return kit.Cell{Text: strconv.Itoa(r.Pods)}
			},
			Compare: func(a, b EKSClusterRow) int { return cmp.Compare(a.Pods, b.Pods) }},
		{Title: "PENDING", Min: 7, Right: true,
			Cell:    func(r EKSClusterRow) kit.Cell { return errCount(r.Err != "", r.Pending, kit.ToneWarn) },
			Compare: func(a, b EKSClusterRow) int { return cmp.Compare(a.Pending, b.Pending) }},
		{Title: "PLATFORM", Min: 9, Drop: 4,
			Cell: func(r EKSClusterRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(r.Cluster.PlatformVersion), Tone: kit.ToneMuted}
			}},
		{Title: "AUTH", Min: 18, Drop: 5,
			Cell: func(r EKSClusterRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(r.Cluster.AuthMode), Tone: kit.ToneMuted}
			}},
	}
}

// NewEKSClustersTable returns the :eks table.
func NewEKSClustersTable(st *theme.Styles) *kit.Table[EKSClusterRow] {
	return kit.NewTable(st, EKSClusterColumns(),
		func(r EKSClusterRow) string { return r.Cluster.Name },
		func(r EKSClusterRow) string { return sanitize.Line(r.Cluster.Name) })
}

// SelectorText writes a profile's selectors as "payments app=api; web-*".
func SelectorText(sels []providers.FargateSelector) string {
	parts := make([]string, 0, len(sels))
	for _, s := range sels {
		p := s.Namespace
		for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
			p += " " + k + "=" + s.Labels[k]
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// RoleName is the name of a role ARN.
func RoleName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// FargateProfileColumns are the columns of :profiles; cluster shows the
// CLUSTER column (profiles of every cluster).
func FargateProfileColumns(cluster bool) []kit.Column[FargateProfileRow] {
	cols := []kit.Column[FargateProfileRow]{
		kit.TextColumn(kit.Column[FargateProfileRow]{Title: "PROFILE", Min: 12, Max: 32}, kit.ToneNormal,
			func(r FargateProfileRow) string { return r.Profile.Name }),
		{Title: "STATUS", Min: 8,
			Cell: func(r FargateProfileRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(r.Profile.Status), Tone: eksStatusTone(r.Profile.Status)}
			},
			Compare: func(a, b FargateProfileRow) int { return cmp.Compare(a.Profile.Status, b.Profile.Status) }},
		{Title: "PODS", Min: 4, Right: true,
			Cell: func(r FargateProfileRow) kit.Cell {
				if r.Matched < 0 {
					return kit.Cell{Text: "err", Tone: kit.ToneErr}
				}
				return kit.Cell{Text: strconv.Itoa(r.Matched)}
			},
			Compare: func(a, b FargateProfileRow) int { return cmp.Compare(a.Matched, b.Matched) }},
		{Title: "SELECTORS", Min: 16, Max: 48, Flex: true,
			Cell: func(r FargateProfileRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(SelectorText(r.Profile.Selectors))}
			}},
		{Title: "SUBNETS", Min: 10, Max: 80, Flex: true, Drop: 3,
			Cell: func(r FargateProfileRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(strings.Join(r.Profile.Subnets, ",")), Tone: kit.ToneMuted}
			}},
		{Title: "POD EXECUTION ROLE", Min: 18, Max: 48, Flex: true, Drop: 2,
			Cell: func(r FargateProfileRow) kit.Cell {
				return kit.Cell{Text: sanitize.Line(RoleName(r.Profile.PodExecutionRoleARN)), Tone: kit.ToneMuted}
			}},
	}
	if cluster {
		cols = slices.Insert(cols, 1, kit.TextColumn(kit.Column[FargateProfileRow]{Title: "CLUSTER", Min: 11, Drop: 4}, kit.ToneMuted,
			func(r FargateProfileRow) string { return r.Profile.Cluster }))
	}
	return cols
}

// NewFargateProfilesTable returns the :profiles table.
func NewFargateProfilesTable(st *theme.Styles, cluster bool) *kit.Table[FargateProfileRow] {
	return kit.NewTable(st, FargateProfileColumns(cluster),
		func(r FargateProfileRow) string { return r.Profile.Cluster + "/" + r.Profile.Name },
		func(r FargateProfileRow) string { return sanitize.Line(r.Profile.Name) })
}

// PodStatusTone colours a pod's STATUS.
func PodStatusTone(p providers.Pod) kit.Tone {
	switch {
	case p.Phase == "Running" && p.Ready == p.Total:
		return kit.ToneOK
	case p.Phase == "Succeeded":
		return kit.ToneMuted
	case p.Phase == "Failed" || p.Status == "CrashLoopBackOff" || p.Status == "Error" ||
		strings.HasPrefix(p.Status, "Err") || p.Status == "OOMKilled":
		return kit.ToneErr
	}
	return kit.ToneWarn
}

// pendingWords says why a pod waits for Fargate, in a few words (the
// detail, the NODE column) and in twelve cells (STATUS).
func pendingWords(r providers.PendingReason) (text, status string) {
	switch r {
	case providers.PendingNoNamespace:
		return "no profile selects the namespace", "no-ns-match"
	case providers.PendingNoLabels:
		return "no label match", "no-labels"
	case providers.PendingProfileCreating:
		return "profile still CREATING", "fp-creating"
	case providers.PendingRecreate:
		return "created before its profile", "recreate"
	case providers.PendingCapacity:
		return "Fargate capacity", "no-capacity"
	}
	return string(r), string(r)
}

// PendingText says in a few words why a pod waits for Fargate.
func PendingText(r providers.PendingReason) string {
	text, _ := pendingWords(r)
	return text
}

// PendingStatus is a pending reason in twelve cells, for STATUS.
func PendingStatus(r providers.PendingReason) string {
	_, status := pendingWords(r)
	return status
}

// PodColumns are the columns of :pods; cluster shows the CLUSTER column
// (pods of every cluster), profile the PROFILE column (pods of every
// profile); now is the clock of AGE.
func PodColumns(cluster, profile bool, now func() time.Time) []kit.Column[PodRow] {
	cols := []kit.Column[PodRow]{
		kit.TextColumn(kit.Column[PodRow]{Title: "NAMESPACE", Min: 9, Max: 16, Flex: true, Drop: 5}, kit.ToneMuted,
			func(r PodRow) string { return r.Pod.Namespace }),
		kit.TextColumn(kit.Column[PodRow]{Title: "POD", Min: 26, Max: 40, Flex: true}, kit.ToneNormal,
			func(r PodRow) string { return r.Pod.Name }),
		{Title: "PROFILE", Min: 11, Drop: 7,
			Cell:    func(r PodRow) kit.Cell { return kit.TextOrDash(r.Placement.Profile, kit.ToneMuted) },
			Compare: func(a, b PodRow) int { return cmp.Compare(a.Placement.Profile, b.Placement.Profile) }},
		{Title: "STATUS", Min: 12, Max: 16, Flex: true,
			Cell: func(r PodRow) kit.Cell {
				// A pod Fargate has not placed says why in its status, so
				// the reason is there at 80 columns too.
				if r.Pod.Node == "" && r.Placement.Pending != providers.PendingNone {
					return kit.Cell{Text: PendingStatus(r.Placement.Pending), Tone: kit.ToneWarn}
				}
				return kit.Cell{Text: sanitize.Line(r.Pod.Status), Tone: PodStatusTone(r.Pod)}
			},
			Compare: func(a, b PodRow) int { return cmp.Compare(a.Pod.Status, b.Pod.Status) }},
		{Title: "READY", Min: 5, Right: true, Drop: 3,
			Cell: func(r PodRow) kit.Cell {
				t := kit.ToneNormal
				if r.Pod.Ready < r.Pod.Total {
					t = kit.ToneWarn
				}
				return kit.Cell{Text: strconv.Itoa(r.Pod.Ready) + "/" + strconv.Itoa(r.Pod.Total), Tone: t}
			}},
		{Title: "RST", Min: 3, Right: true, Drop: 2,
			Cell:    func(r PodRow) kit.Cell { return countCell(r.Pod.Restarts, 0, kit.ToneErr) },
			Compare: func(a, b PodRow) int { return cmp.Compare(a.Pod.Restarts, b.Pod.Restarts) }},
		{Title: "CPU", Min: 4, Right: true, Drop: 10,
			Cell: func(r PodRow) kit.Cell { return kit.TextOrDash(r.Pod.RequestCPU, kit.ToneMuted) }},
		{Title: "MEM", Min: 8, Right: true, Drop: 9,
			Cell: func(r PodRow) kit.Cell { return kit.TextOrDash(r.Pod.RequestMemory, kit.ToneMuted) }},
		{Title: "CAPACITY", Min: 14, Drop: 4,
			Cell:    func(r PodRow) kit.Cell { return kit.TextOrDash(r.Pod.CapacityProvisioned, kit.ToneInfo) },
			Compare: func(a, b PodRow) int { return cmp.Compare(a.Pod.CapacityProvisioned, b.Pod.CapacityProvisioned) }},
		{Title: "AGE", Min: 4, Right: true,
			Cell: func(r PodRow) kit.Cell {
				return kit.Cell{Text: format.Age(now(), r.Pod.CreatedAt), Tone: kit.ToneMuted}
			},
			Compare: func(a, b PodRow) int {
				return b.Pod.CreatedAt.Compare(a.Pod.CreatedAt)
			}},
		{Title: "NODE", Min: 24, Max: 52, Flex: true, Drop: 8,
			Cell: func(r PodRow) kit.Cell {
				if r.Pod.Node == "" && r.Placement.Pending != providers.PendingNone {
					return kit.Cell{Text: "waiting: " + PendingText(r.Placement.Pending), Tone: kit.ToneWarn}
				}
				return kit.TextOrDash(r.Pod.Node, kit.ToneMuted)
			}},
	}
	if !profile {
		cols = slices.Delete(cols, 2, 3)
	}
	if cluster {
		cols = slices.Insert(cols, 0, kit.TextColumn(kit.Column[PodRow]{Title: "CLUSTER", Min: 11, Drop: 6}, kit.ToneMuted,
			func(r PodRow) string { return r.Pod.Cluster }))
	}
	return cols
}

// NewPodsTable returns the :pods table.
func NewPodsTable(st *theme.Styles, cluster, profile bool, now func() time.Time) *kit.Table[PodRow] {
	return kit.NewTable(st, PodColumns(cluster, profile, now),
		func(r PodRow) string { return r.Pod.Cluster + "/" + r.Pod.Namespace + "/" + r.Pod.Name },
		func(r PodRow) string { return sanitize.Line(r.Pod.Name) })
}

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
		indent := strings.Repeat(" ", 15)
		l.hanging(indent, indent, kit.WrapWords(sanitize.Line(e.Message), max(width-17, 20)), st.Pane.Value)
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
