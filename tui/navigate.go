package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/journalscreen"
	"github.com/virgahq/virga/views"
)

func itoa(i int) string { return strconv.Itoa(i) }

// switchRoot replaces the navigation stack with one view.
func (m *Model) switchRoot(k kind, cluster string) tea.Cmd {
	if len(m.stack) == 1 && m.top().kind == k && m.top().cluster == cluster {
		return nil
	}
	leave(m.stack)
	m.stack = []*location{m.newLocation(k, cluster, "")}
	m.setFocus(focusTable)
	return m.activate(m.top())
}

// push drills into a new location.
func (m *Model) push(l *location) tea.Cmd {
	if t, ok := m.topTable(); ok {
		t.SetFocused(false)
	}
	leave([]*location{m.top()})
	m.stack = append(m.stack, l)
	m.setFocus(focusTable)
	return m.activate(l)
}

// back leaves the detail pane, then clears the filter, then pops a level.
func (m *Model) back() tea.Cmd {
	switch {
	case m.focus == focusDetail && m.top().scr == nil:
		m.setFocus(focusTable)
		return nil
	case m.top().scr == nil && m.top().table().Filter() != "":
		m.top().table().SetFilter("")
		return m.selectionChanged()
	case len(m.stack) > 1:
		return m.pop()
	}
	return nil
}

// pop leaves the top level of the stack, whatever its focus or filter.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) < 2 {
		return nil
	}
	leave([]*location{m.top()})
	m.stack = m.stack[:len(m.stack)-1]
	m.setFocus(focusTable)
	return m.activate(m.top())
}

// open is Enter: drill from a cluster to its services and from a service
// to its tasks; show the detail of a function or task.
func (m *Model) open() tea.Cmd {
	l := m.top()
	switch l.kind {
	case kindScreen:
		return nil
	case kindClusters:
		c, ok := l.clusters.Selected()
		if !ok {
			return nil
		}
		return m.push(m.newLocation(kindServices, c.Name, ""))
	case kindServices:
		s, ok := l.services.Selected()
		if !ok {
			return nil
		}
		return m.push(m.newLocation(kindTasks, s.Cluster, s.Name))
	default:
		if l.table().Len() == 0 {
			return nil
		}
		m.detailOpen = true
		m.setFocus(focusDetail)
		return m.selectionChanged()
	}
}

func (m *Model) setFocus(f focusArea) {
	m.focus = f
	if t, ok := m.topTable(); ok {
		t.SetFocused(f == focusTable)
	}
	m.detail.SetFocused(f == focusDetail)
	m.layout()
}

// detailVisible reports whether the detail pane is on screen: beside the
// table on wide terminals when open, instead of it on narrow ones when
// focused.
func (m *Model) detailVisible() bool {
	if m.width >= splitWidth {
		return m.detailOpen
	}
	return m.focus == focusDetail
}

func (m *Model) toggleDetail() {
	if m.width < splitWidth {
		m.detailOpen = true
		m.setFocus(focusDetail)
		return
	}
	m.detailOpen = !m.detailOpen
	if !m.detailOpen {
		m.setFocus(focusTable)
	}
	m.layout()
}

// overDetail reports whether screen column x is over the split detail.
func (m *Model) overDetail(x int) bool {
	if !m.detailVisible() {
		return false
	}
	if m.width < splitWidth {
		return true
	}
	return x >= m.tableWidth()
}

// refreshNow is ctrl+r: fetch the visible location now, and resume
// polling after expired credentials were renewed.
func (m *Model) refreshNow() tea.Cmd {
	resumed := m.credsExpired
	m.credsExpired = false
	l := m.top()
	if l.scr != nil {
		if r, ok := l.scr.(interface{ ForceRefresh() }); ok {
			r.ForceRefresh()
		}
		l.scr.Deactivate()
	}
	cmds := []tea.Cmd{m.activate(l)}
	if resumed || m.who.Err() != nil {
		cmds = append(cmds, m.who.Load())
	}
	if l.kind == kindFunctions {
		m.metrics.Refetch()
	}
	cmds = append(cmds, m.notify(views.LevelInfo, "refreshing "+l.kind.String()))
	return tea.Batch(cmds...)
}

// sortKeyHelp adds shift+letter sorting, which is no binding (it is what
// a table does with a capital no binding takes), to the sort key's line.
func sortKeyHelp(b key.Binding) key.Binding {
	b.SetHelp(b.Help().Key, b.Help().Desc+" · shift+A–Z")
	return b
}

func (m *Model) runCommand(name string, args []string) tea.Cmd {
	if cmd := m.palette.Refuse(name, args); cmd != nil {
		return cmd
	}
	cluster := ""
	if len(args) > 0 {
		cluster = args[0]
	}
	if cmd, ok := m.eksCommand(name, args); ok {
		return cmd
	}
	switch name {
	case "functions":
		return m.switchRoot(kindFunctions, "")
	case "clusters":
		return m.switchRoot(kindClusters, "")
	case "services":
		return m.switchRoot(kindServices, cluster)
	case "tasks":
		return m.switchRoot(kindTasks, cluster)
	case "logs", "invocations":
		return m.logsCommand(name, args)
	case "metrics":
		return m.metricsCommand(args)
	case "describe":
		return m.openDescribe()
	case "refresh":
		return m.refreshNow()
	case "help":
		m.openHelp()
	case "stats":
		m.openStats()
	case "concurrency":
		return m.openPool()
	case "journal":
		if _, ok := m.top().scr.(*journalscreen.Screen); ok {
			return nil // already here: a second journal would be a level esc only repeats
		}
		return m.pushScreen(func(id int) screen { return journalscreen.New(host{m}, id) })
	case "profile":
		if len(args) > 0 {
			return m.switchTo(args[0], m.who.ID().Region)
		}
		return m.openPicker("profile")
	case "region":
		if len(args) > 0 {
			return m.switchTo(m.who.ID().Profile, args[0])
		}
		return m.openPicker("region")
	case "quit":
		return tea.Quit
	}
	return nil
}

// openHelp builds the help screen from the keymap: the bindings of the
// focused pane, the global ones and the palette's commands.
func (m *Model) openHelp() {
	m.over = overlayHelp
	km := m.km
	var groups []views.HelpGroup
	title := "virga · " + m.top().kind.String()
	if s := m.top().scr; s != nil {
		title = "virga · " + strings.Join(s.Crumbs(), " › ")
		groups = append(groups, s.Help()...)
	} else if m.focus == focusDetail && m.detailVisible() {
		groups = append(groups, m.detail.Help())
		groups = append(groups, m.actionHelp()...)
		groups = append(groups, m.execHelp()...)
	} else {
		l := km.List
		groups = append(groups, views.HelpGroup{Title: "Table", Bindings: append([]key.Binding{l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, m.openKey(true), l.Filter, l.ClearQuery, sortKeyHelp(l.SortNext), l.SortRev, l.Detail, l.Raw, l.FocusPane}, m.logsHelp()...)})
		groups = append(groups, m.metricsTableHelp()...)
		groups = append(groups, m.actionHelp()...)
		groups = append(groups, m.execHelp()...)
	}
	g := km.Global
	groups = append(groups, views.HelpGroup{Title: "Global", Bindings: []key.Binding{g.Functions, g.Clusters, g.Services, g.Tasks, g.Pods, g.Palette, g.Refresh, g.Back, g.Message, g.Help, m.quitKey()}})
	groups = append(groups, m.palette.Help())
	if m.top().scr == nil {
		groups = append(groups, m.raw.Help()) // last: its keys matter once it is open
	}
	heading := "Keys — esc closes"
	if m.opt.Version != "" {
		heading += " · virga " + m.opt.Version
	}
	m.help.SetContent(title, views.Help(m.st, heading, groups, m.width-2))
	m.help.SetFocused(true)
}

// Backend returns the model's backend (for capability checks in tests).
func (m *Model) Backend() providers.Backend { return m.opt.Backend }
