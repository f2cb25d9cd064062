package eks

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
)

// The EKS screens' keys: the list keys of every table, Enter to drill,
// l for a pod's logs, and the actions. The actions reuse the bindings of
// the ECS actions they mirror: x (the Lambda kill switch) deletes a pod,
// s scales, r restarts, so one override moves both.
type bindings struct {
	open, logs, del, scale, restart key.Binding
}

func (s *Screen) bindings() bindings {
	km := s.h.Keys()
	b := bindings{open: km.List.Open, logs: km.Logs.Open, del: km.Actions.KillSwitch, scale: km.Actions.Scale, restart: km.Actions.Redeploy}
	switch s.level {
	case Clusters:
		b.open.SetHelp(b.open.Help().Key, "fargate profiles")
	case Profiles:
		b.open.SetHelp(b.open.Help().Key, "pods it placed")
	default:
		b.open.SetHelp(b.open.Help().Key, "pod detail")
	}
	b.logs.SetHelp(b.logs.Help().Key, "pod logs")
	b.del.SetHelp(b.del.Help().Key, "delete pod (restart)…")
	b.scale.SetHelp(b.scale.Help().Key, "scale deployment…")
	b.restart.SetHelp(b.restart.Help().Key, "rollout restart deployment…")
	onPods := s.level == Pods || s.level == Pod
	b.open.SetEnabled(s.level != Pod)
	b.logs.SetEnabled(onPods)
	// In read-only mode the actions are disabled as every table's are:
	// help lists none, and a press says why (Key).
	for _, k := range []*key.Binding{&b.del, &b.scale, &b.restart} {
		k.SetEnabled(onPods && !s.h.ReadOnly())
	}
	return b
}

// Key handles a key; handled=false lets the root apply its global keys.
func (s *Screen) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := s.h.Keys()
	b := s.bindings()
	if s.level == Pods || s.level == Pod {
		if cmd, ok := s.h.Disabled(k, b.del, b.scale, b.restart); ok {
			return cmd, true
		}
	}
	if s.level == Pod {
		d := km.Detail
		switch {
		case screen.Scroll(s.detail, k, d.Nav()):
		default:
			return s.podKey(k, b, s.pod)
		}
		return nil, true
	}
	l := km.List
	t := s.table()
	switch {
	case screen.TableKey(t, k, l):
	case key.Matches(k, b.open):
		return s.open(), true
	case screen.SortLetter(t, k):
	case s.level == Pods:
		row, ok := s.pods.Selected()
		if !ok {
			return nil, false
		}
		return s.podKey(k, b, row)
	default:
		return nil, false
	}
	return nil, true
}

// table is the screen's table, whatever its rows.
func (s *Screen) table() interface {
	Move(int)
	Page(int)
	Top()
	Bottom()
	CycleSort()
	ReverseSort()
	SortByLetter(rune) bool
	SetFilter(string)
	Filter() string
} {
	switch s.level {
	case Clusters:
		return s.clusters
	case Profiles:
		return s.profiles
	}
	return s.pods
}

// SetFilter narrows the table to the rows whose name matches q.
func (s *Screen) SetFilter(q string) {
	if s.level != Pod {
		s.table().SetFilter(q)
	}
}

// Filter is the table's filter.
func (s *Screen) Filter() string { return s.filterText() }

// open is Enter: clusters drill into their profiles, profiles into the
// pods they placed, pods into their detail.
func (s *Screen) open() tea.Cmd {
	switch s.level {
	case Clusters:
		r, ok := s.clusters.Selected()
		if !ok {
			return nil
		}
		return s.h.Push(func(id int) Page { return New(s.h, id, Profiles, r.Cluster.Name, "") })
	case Profiles:
		r, ok := s.profiles.Selected()
		if !ok {
			return nil
		}
		return s.h.Push(func(id int) Page { return New(s.h, id, Pods, r.Profile.Cluster, r.Profile.Name) })
	case Pods:
		r, ok := s.pods.Selected()
		if !ok {
			return nil
		}
		return s.h.Push(func(id int) Page { return NewPod(s.h, id, r) })
	}
	return nil
}

// Hints are the keys shown in the status line.
func (s *Screen) Hints() []key.Binding {
	b := s.bindings()
	if s.level == Clusters || s.level == Profiles {
		return []key.Binding{b.open}
	}
	out := []key.Binding{b.logs, b.del, b.scale, b.restart}
	if s.level == Pods {
		out = append([]key.Binding{b.open}, out...)
	}
	return out
}

// Help lists every key of the screen.
func (s *Screen) Help() []views.HelpGroup {
	km := s.h.Keys()
	b := s.bindings()
	if s.level == Pod {
		d := km.Detail
		return []views.HelpGroup{
			{Title: "Pod", Bindings: []key.Binding{d.Up, d.Down, d.PageUp, d.PageDown, d.Top, d.Bottom, b.logs}},
			{Title: "Actions", Bindings: []key.Binding{b.del, b.scale, b.restart}},
		}
	}
	l := km.List
	groups := []views.HelpGroup{{Title: "Table", Bindings: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, b.open, l.Filter, l.SortNext, l.SortRev, b.logs}}}
	if s.level == Pods {
		groups = append(groups, views.HelpGroup{Title: "Actions", Bindings: []key.Binding{b.del, b.scale, b.restart}})
	}
	return groups
}
