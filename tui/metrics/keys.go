package metrics

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
)

// rangeStep is the new range index after a range key, if k is one: wider
// and narrower stop at the ends; the window key cycles.
func rangeStep(k tea.KeyPressMsg, mk keymap.Metrics, i, n int) (int, bool) {
	switch {
	case key.Matches(k, mk.Wider):
		return min(i+1, n-1), true
	case key.Matches(k, mk.Narrower):
		return max(i-1, 0), true
	case key.Matches(k, mk.Window):
		return (i + 1) % n, true
	}
	return i, false
}

// key is the key handling every metrics screen shares: the range
// keys refetch the new range at once, the detail keys scroll the pane.
func (p *panel) key(h Host, k tea.KeyPressMsg, id int, pane *kit.Pane, specs func() []series.ID, rebuild func()) (tea.Cmd, bool) {
	if i, ok := rangeStep(k, h.Keys().Metrics, p.rangeIdx, len(p.ranges)); ok {
		if !p.setRange(i) {
			return nil, true
		}
		rebuild()
		return p.activate(h, id, specs()), true
	}
	return nil, screen.Scroll(pane, k, h.Keys().Detail.Nav())
}

// screenHelp lists the keys of the metrics screens.
func screenHelp(km *keymap.KeyMap) []views.HelpGroup {
	mk, d := km.Metrics, km.Detail
	cycle := mk.Window
	cycle.SetHelp(cycle.Help().Key, "next time range")
	return []views.HelpGroup{
		{Title: "Metrics", Bindings: []key.Binding{mk.Wider, mk.Narrower, cycle}},
		{Title: "Scroll", Bindings: []key.Binding{d.Up, d.Down, d.PageUp, d.PageDown, d.Top, d.Bottom}},
	}
}

// TableHelp is the metrics group of a resource table's help: the metrics
// screen and the window on the functions list, a service's metrics on the
// services and tasks tables.
func TableHelp(mk keymap.Metrics, functions bool) []views.HelpGroup {
	bs := []key.Binding{mk.Open, mk.Window}
	if !functions {
		open := mk.Open
		open.SetHelp(open.Help().Key, "service metrics (CPU, memory, tasks)")
		bs = []key.Binding{open}
	}
	pool := key.NewBinding(key.WithKeys(":concurrency"), key.WithHelp(":pool", "account concurrency pool"))
	return []views.HelpGroup{{Title: "Metrics", Bindings: append(bs, pool)}}
}
