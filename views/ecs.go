package views

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// countCell is a count that reads muted until it passes normal, then in
// tone: pending tasks, more deployments than one.
func countCell(n, normal int, tone kit.Tone) kit.Cell {
	t := kit.ToneMuted
	if n > normal {
		t = tone
	}
	return kit.Cell{Text: strconv.Itoa(n), Tone: t}
}

// ClusterColumns are the columns of the clusters table.
func ClusterColumns() []kit.Column[providers.Cluster] {
	return []kit.Column[providers.Cluster]{
		kit.TextColumn(kit.Column[providers.Cluster]{Title: "CLUSTER", Min: 16, Max: 48, Flex: true}, kit.ToneNormal,
			func(c providers.Cluster) string { return c.Name }),
		{Title: "STATUS", Min: 8, Drop: 3,
			Cell: func(c providers.Cluster) kit.Cell {
				t := kit.ToneOK
				if c.Status != providers.ClusterActive {
					t = kit.ToneWarn
				}
				return kit.Cell{Text: sanitize.Line(c.Status), Tone: t}
			}},
		{Title: "SERVICES", Min: 8, Right: true,
			Cell:    func(c providers.Cluster) kit.Cell { return kit.Cell{Text: strconv.Itoa(c.ActiveServices)} },
			Compare: func(a, b providers.Cluster) int { return cmp.Compare(a.ActiveServices, b.ActiveServices) }},
		{Title: "RUNNING", Min: 7, Right: true,
			Cell:    func(c providers.Cluster) kit.Cell { return kit.Cell{Text: strconv.Itoa(c.RunningTasks)} },
			Compare: func(a, b providers.Cluster) int { return cmp.Compare(a.RunningTasks, b.RunningTasks) }},
		{Title: "PENDING", Min: 7, Right: true,
			Cell:    func(c providers.Cluster) kit.Cell { return countCell(c.PendingTasks, 0, kit.ToneWarn) },
			Compare: func(a, b providers.Cluster) int { return cmp.Compare(a.PendingTasks, b.PendingTasks) }},
		{Title: "INSIGHTS", Min: 9, Drop: 2,
			Cell: func(c providers.Cluster) kit.Cell {
				v := c.ContainerInsights
				if v == "" {
					v = providers.InsightsDisabled
				}
				t := kit.ToneMuted
				if v != providers.InsightsDisabled {
					t = kit.ToneOK
				}
				return kit.Cell{Text: sanitize.Line(v), Tone: t}
			}},
		{Title: "CAPACITY", Min: 14, Drop: 1,
			Cell: func(c providers.Cluster) kit.Cell {
				return kit.Cell{Text: sanitize.Line(strings.Join(c.CapacityProviders, ",")), Tone: kit.ToneMuted}
			}},
	}
}

// NewClustersTable returns the clusters table.
func NewClustersTable(st *theme.Styles) *kit.Table[providers.Cluster] {
	t := kit.NewTable(st, ClusterColumns(),
		func(c providers.Cluster) string { return c.ARN + "|" + c.Name },
		func(c providers.Cluster) string { return sanitize.Line(c.Name) })
	t.SetSearch(clusterSearch)
	return t
}

func rolloutTone(state string) kit.Tone {
	switch state {
	case providers.RolloutCompleted:
		return kit.ToneOK
	case providers.RolloutInProgress:
		return kit.ToneInfo
	case providers.RolloutFailed:
		return kit.ToneErr
	}
	return kit.ToneMuted
}

// Scope says which cluster a services or tasks table lists: all of them
// (the table names each row's cluster) or one (its title names it).
type Scope uint8

// Scopes.
const (
	OneCluster Scope = iota
	AllClusters
)

// scoped are the first columns of a table in a scope: the name, then over
// all clusters a CLUSTER column.
func scoped[T any](scope Scope, nameCol kit.Column[T], name, cluster func(T) string) []kit.Column[T] {
	cols := []kit.Column[T]{kit.TextColumn(nameCol, kit.ToneNormal, name)}
	if scope == AllClusters {
		cols = append(cols, kit.TextColumn(kit.Column[T]{Title: "CLUSTER", Min: 12, Drop: 2}, kit.ToneMuted, cluster))
	}
	return cols
}

// ServiceColumns are the columns of the services table; a table over all
// clusters has a CLUSTER column.
func ServiceColumns(scope Scope) []kit.Column[providers.Service] {
	cols := scoped(scope, kit.Column[providers.Service]{Title: "SERVICE", Min: 16, Max: 48, Flex: true},
		func(s providers.Service) string { return s.Name }, func(s providers.Service) string { return s.Cluster })
	return append(cols, []kit.Column[providers.Service]{
		{Title: "DES", Min: 4, Right: true,
			Cell:    func(s providers.Service) kit.Cell { return kit.Cell{Text: strconv.Itoa(s.Desired)} },
			Compare: func(a, b providers.Service) int { return cmp.Compare(a.Desired, b.Desired) }},
		{Title: "RUN", Min: 4, Right: true,
			Cell: func(s providers.Service) kit.Cell {
				t := kit.ToneOK
				if s.Running < s.Desired {
					t = kit.ToneWarn
				}
				if s.Running == 0 && s.Desired > 0 {
					t = kit.ToneErr
				}
				return kit.Cell{Text: strconv.Itoa(s.Running), Tone: t}
			},
			Compare: func(a, b providers.Service) int { return cmp.Compare(a.Running, b.Running) }},
		{Title: "PEND", Min: 4, Right: true,
			Cell:    func(s providers.Service) kit.Cell { return countCell(s.Pending, 0, kit.ToneWarn) },
			Compare: func(a, b providers.Service) int { return cmp.Compare(a.Pending, b.Pending) }},
		{Title: "ROLLOUT", Min: 11,
			Cell:    func(s providers.Service) kit.Cell { return kit.TextOrDash(s.RolloutState, rolloutTone(s.RolloutState)) },
			Compare: func(a, b providers.Service) int { return cmp.Compare(a.RolloutState, b.RolloutState) }},
		{Title: "TASKDEF", Min: 18, Drop: 4,
			Cell: func(s providers.Service) kit.Cell {
				return kit.Cell{Text: sanitize.Line(s.TaskDefFamily) + ":" + strconv.Itoa(s.TaskDefRevision), Tone: kit.ToneMuted}
			}},
		{Title: "LAUNCH", Min: 7, Drop: 5,
			Cell: func(s providers.Service) kit.Cell {
				return kit.Cell{Text: sanitize.Line(s.LaunchType), Tone: kit.ToneMuted}
			}},
		{Title: "DEPLOYS", Min: 7, Right: true, Drop: 6,
			Cell: func(s providers.Service) kit.Cell { return countCell(len(s.Deployments), 1, kit.ToneInfo) }},
	}...)
}

// NewServicesTable returns the services table of one cluster or of all.
func NewServicesTable(st *theme.Styles, scope Scope) *kit.Table[providers.Service] {
	t := kit.NewTable(st, ServiceColumns(scope),
		func(s providers.Service) string { return s.Cluster + "/" + s.Name },
		func(s providers.Service) string { return sanitize.Line(s.Name) })
	t.SetSearch(serviceSearch)
	return t
}

func taskStatusTone(t providers.Task) kit.Tone {
	switch t.LastStatus {
	case providers.TaskRunning:
		return kit.ToneOK
	case providers.TaskStopped, providers.TaskDeprovisioning, providers.TaskStopping:
		if t.StopCode == providers.StopUserInitiated || t.StopCode == providers.StopServiceScheduler && !strings.Contains(t.StoppedReason, "health") {
			return kit.ToneMuted
		}
		return kit.ToneErr
	default:
		return kit.ToneWarn
	}
}

func healthTone(h string) kit.Tone {
	switch h {
	case providers.HealthHealthy:
		return kit.ToneOK
	case providers.HealthUnhealthy:
		return kit.ToneErr
	}
	return kit.ToneMuted
}

// TaskColumns are the columns of the tasks table; now is the view clock
// for the STARTED age. A table over all clusters has a CLUSTER column.
func TaskColumns(now func() time.Time, scope Scope) []kit.Column[providers.Task] {
	cols := scoped(scope, kit.Column[providers.Task]{Title: "TASK", Min: 12, Max: 33, Flex: true},
		func(t providers.Task) string { return t.ID }, func(t providers.Task) string { return t.Cluster })
	return append(cols, []kit.Column[providers.Task]{
		{Title: "SERVICE", Min: 14, Drop: 3,
			Cell: func(t providers.Task) kit.Cell {
				if t.Service == "" {
					return kit.Cell{Text: "(standalone)", Tone: kit.ToneMuted}
				}
				return kit.Cell{Text: sanitize.Line(t.Service), Tone: kit.ToneMuted}
			},
			Compare: func(a, b providers.Task) int { return cmp.Compare(a.Service, b.Service) }},
		{Title: "LAST", Min: 8,
			Cell: func(t providers.Task) kit.Cell {
				return kit.Cell{Text: sanitize.Line(t.LastStatus), Tone: taskStatusTone(t)}
			},
			Compare: func(a, b providers.Task) int { return cmp.Compare(a.LastStatus, b.LastStatus) }},
		{Title: "DESIRED", Min: 8, Drop: 6,
			Cell: func(t providers.Task) kit.Cell {
				return kit.Cell{Text: sanitize.Line(t.DesiredStatus), Tone: kit.ToneMuted}
			}},
		{Title: "HEALTH", Min: 9,
			Cell: func(t providers.Task) kit.Cell {
				h := t.Health
				if h == "" {
					h = providers.HealthUnknown
				}
				return kit.Cell{Text: sanitize.Line(h), Tone: healthTone(h)}
			},
			Compare: func(a, b providers.Task) int { return cmp.Compare(a.Health, b.Health) }},
		{Title: "STARTED", Min: 7, Right: true, Drop: 5,
			Cell: func(t providers.Task) kit.Cell {
				return kit.Cell{Text: format.Age(now(), t.StartedAt), Tone: kit.ToneMuted}
			},
			Compare: func(a, b providers.Task) int {
				// Newest first when sorted descending: compare start times.
				return a.StartedAt.Compare(b.StartedAt)
			}},
		{Title: "REV", Min: 4, Right: true, Drop: 7,
			Cell: func(t providers.Task) kit.Cell {
				return kit.Cell{Text: strconv.Itoa(t.TaskDefRevision), Tone: kit.ToneMuted}
			}},
		{Title: "CPU", Min: 5, Right: true, Drop: 8,
			Cell: func(t providers.Task) kit.Cell { return kit.Cell{Text: sanitize.Line(t.CPU), Tone: kit.ToneMuted} }},
		{Title: "MEM", Min: 5, Right: true, Drop: 8,
			Cell: func(t providers.Task) kit.Cell { return kit.Cell{Text: sanitize.Line(t.Memory), Tone: kit.ToneMuted} }},
		{Title: "AZ", Min: 10, Drop: 9,
			Cell: func(t providers.Task) kit.Cell { return kit.Cell{Text: sanitize.Line(t.AZ), Tone: kit.ToneMuted} }},
		{Title: "STOP REASON", Min: 12, Max: 120, Flex: true, Drop: 4,
			Cell: func(t providers.Task) kit.Cell {
				if t.StoppedReason == "" {
					return kit.Cell{Text: "", Tone: kit.ToneMuted}
				}
				return kit.Cell{Text: sanitize.Line(t.StoppedReason), Tone: taskStatusTone(t)}
			}},
	}...)
}

// NewTasksTable returns the tasks table of one cluster or of all.
func NewTasksTable(st *theme.Styles, now func() time.Time, scope Scope) *kit.Table[providers.Task] {
	t := kit.NewTable(st, TaskColumns(now, scope),
		func(t providers.Task) string { return t.ARN + "|" + t.ID },
		func(t providers.Task) string { return sanitize.Line(t.ID) })
	t.SetSearch(taskSearch)
	return t
}
