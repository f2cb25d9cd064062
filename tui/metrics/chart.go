package metrics

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
)

// chart is what the function, service and pool screens share: the polled
// panel, the pane it draws in, the screen's size, and the screen contract
// methods that only pass through to them (size, style, keys, help, view,
// status). Each screen sets redraw and want to its own rebuild and specs.
type chart struct {
	host  Host
	id    int
	panel panel
	pane  *kit.Pane
	w, h  int

	redraw func()
	want   func() []series.ID
}

func newChart(h Host, id int) chart {
	return chart{host: h, id: id, pane: kit.NewPane(h.Styles())}
}

func (c *chart) Info() string { return "range " + c.panel.label() }

func (c *chart) SetSize(w, h int) {
	c.w, c.h = w, h
	c.pane.SetSize(w, h, false)
	c.panel.setPoints(views.MetricsGrid(w, h).Points())
	c.redraw()
}

func (c *chart) Restyle() { c.pane.SetStyles(c.host.Styles()); c.redraw() }

func (c *chart) View() string { return c.pane.View() }

func (c *chart) Hints() []key.Binding {
	mk := c.host.Keys().Metrics
	return []key.Binding{mk.Wider, mk.Narrower, c.host.Keys().Detail.Down}
}

func (c *chart) Help() []views.HelpGroup { return screenHelp(c.host.Keys()) }

func (c *chart) Status() (string, string) { return c.panel.status(c.host) }

func (c *chart) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	return c.panel.key(c.host, k, c.id, c.pane, c.want, c.redraw)
}
