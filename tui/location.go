package tui

import (
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/lists"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// kind is a resource view.
type kind uint8

const (
	kindFunctions kind = iota
	kindClusters
	kindServices
	kindTasks
	// kindScreen is a location that shows a screen instead of a table.
	kindScreen
)

func (k kind) String() string {
	switch k {
	case kindClusters:
		return "clusters"
	case kindServices:
		return "services"
	case kindTasks:
		return "tasks"
	case kindScreen:
		return "screen"
	default:
		return "functions"
	}
}

func kindFromName(s string) kind {
	switch s {
	case "clusters", "cluster", "cl":
		return kindClusters
	case "services", "service", "svc":
		return kindServices
	case "tasks", "task":
		return kindTasks
	default:
		return kindFunctions
	}
}

// table is what the root model does with any resource table, whatever its
// row type.
type table interface {
	Move(int)
	Page(int)
	Top()
	Bottom()
	Scroll(int)
	Click(int) bool
	SetFilter(string)
	PlanFilter(string, int) *kit.FilterJob
	ApplyFilter(*kit.FilterJob) bool
	Filter() string
	CycleSort()
	ReverseSort()
	SortByLetter(rune) bool
	SortLabel() string
	SetSize(int, int)
	NaturalWidth() int
	SetFocused(bool)
	View(string) string
	Len() int
	Total() int
	Cursor() int
	SetStyles(*theme.Styles)
}

// location is one level of navigation: a resource view with its scope
// (cluster, service), its own table (so filter, sort and cursor survive
// drilling in and coming back) and its polling state.
type location struct {
	id      int
	kind    kind
	cluster string
	service string

	scr      screen
	fns      *kit.Table[views.FunctionRow]
	clusters *kit.Table[providers.Cluster]
	services *kit.Table[providers.Service]
	tasks    *kit.Table[providers.Task]

	// Cycle is the table's fetch cycles (tui/lists).
	lists.Cycle
	// partial results of a fetch cycle that spans several calls; swapped
	// in when the last one returns, so a refresh never shows half a list.
	accFns      []providers.Function
	accClusters []providers.Cluster
	accServices []providers.Service
	accTasks    []providers.Task
}

func (m *Model) newLocation(k kind, cluster, service string) *location {
	l := &location{id: m.gen(), kind: k, cluster: cluster, service: service}
	switch k {
	case kindFunctions:
		l.fns = views.NewFunctionsTable(m.st)
	case kindClusters:
		l.clusters = views.NewClustersTable(m.st)
	case kindServices:
		l.services = views.NewServicesTable(m.st, scopeOf(cluster))
	case kindTasks:
		l.tasks = views.NewTasksTable(m.st, m.opt.Now, scopeOf(cluster))
	}
	return l
}

// scopeOf is the scope of a view over cluster ("" for all of them).
func scopeOf(cluster string) views.Scope {
	if cluster == "" {
		return views.AllClusters
	}
	return views.OneCluster
}

// ref names l's current fetch cycle in the messages of tui/lists.
func (l *location) ref() lists.Ref { return lists.Ref{Loc: l.id, Gen: l.Gen} }

// table returns the location's table, whatever its row type.
func (l *location) table() table {
	switch l.kind {
	case kindClusters:
		return l.clusters
	case kindServices:
		return l.services
	case kindTasks:
		return l.tasks
	default:
		return l.fns
	}
}

func (m *Model) findLocation(id int) *location {
	for _, l := range m.stack {
		if l.id == id {
			return l
		}
	}
	return nil
}

// visible reports whether l is the location on screen.
func (m *Model) visible(l *location) bool { return l == m.top() }

// crumbs names the navigation path.
func (m *Model) crumbs() []string {
	var out []string
	for i, l := range m.stack {
		switch {
		case l.kind == kindScreen:
			out = append(out, l.scr.Crumbs()...)
		case i > 0 && l.kind == kindServices:
			out = append(out, l.cluster, "services")
		case i > 0 && l.kind == kindTasks:
			out = append(out, l.service, "tasks")
		default:
			// A root view, named by its kind and scoped to its cluster
			// (only services and tasks have one).
			out = append(out, l.kind.String())
			if i == 0 && l.cluster != "" {
				out = append(out, l.cluster)
			}
		}
	}
	if last := m.top(); len(out) > 0 && last.scr == nil {
		t := last.table()
		// A first listing that stopped on a failed page is not complete
		// either: its count says "so far" until a listing finishes.
		paging := !last.Loaded && (last.Inflight || t.Total() > 0)
		out[len(out)-1] += " " + views.CrumbCount(t.Len(), t.Total(), paging)
	}
	return out
}
