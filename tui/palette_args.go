package tui

import (
	"slices"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/lists"
	"github.com/virgahq/virga/tui/palette"
)

// seenNames are the names of the last full listings.
type seenNames struct {
	functions []string
	clusters  []string
}

func functionNames(fns []providers.Function) []string {
	out := make([]string, len(fns))
	for i, f := range fns {
		out[i] = f.Name
	}
	return out
}

// names are what the palette completes arguments with: what the views
// on the stack hold now, then what the last full listing returned.
func (m *Model) names() palette.Names {
	return palette.Names{Functions: m.functionNames, ECSClusters: m.ecsClusterNames, EKSClusters: m.eksClusterNames,
		Profiles: m.profileNames, Regions: m.regionNames}
}

func (m *Model) functionNames() []string {
	var out []string
	for _, l := range m.stack {
		if l.kind == kindFunctions && l.scr == nil {
			out = append(out, functionNames(l.accFns)...)
		}
	}
	return palette.Distinct(append(out, m.seen.functions...))
}

func (m *Model) ecsClusterNames() []string {
	var out []string
	for _, l := range m.stack {
		switch {
		case l.scr != nil:
		case l.kind == kindClusters:
			out = append(out, lists.ClusterNames(l.accClusters)...)
		case l.cluster != "":
			out = append(out, l.cluster)
		}
	}
	return palette.Distinct(append(out, m.seen.clusters...))
}

func (m *Model) eksClusterNames() []string {
	var out []string
	for _, l := range m.stack {
		if s, ok := eksTable(l); ok {
			out = append(out, s.ClusterNames()...)
		}
	}
	return palette.Distinct(out)
}

func (m *Model) profileNames() []string {
	names, _ := m.profiles()
	return names
}

func (m *Model) regionNames() []string { return slices.Clone(m.opt.Regions) }
