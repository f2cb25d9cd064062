package metrics

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
)

// chart is what the function, service and pool screens share: the polled
// panel, the pane it draws in, the screen's size, and the screen contract
// methods that only pass through to them (size, style, keys, help, view,
// status). open sets redraw and want to the screen's rebuild and specs.
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

// chartScreen is a metrics screen built on the chart: the chart redraws
// with its rebuild and asks for its specs.
type chartScreen interface {
	screen.Screen
	base() *chart
	rebuild()
	specs() []series.ID
}

func (c *chart) base() *chart { return c }

// open pushes the screen build makes on a new chart, on the range that
// holds window.
func open[S chartScreen](h Host, window time.Duration, build func(c chart) S) tea.Cmd {
	return h.Push(func(id int) screen.Screen {
		s := build(newChart(h, id))
		c := s.base()
		c.redraw, c.want = s.rebuild, s.specs
		c.panel.ranges = ScreenRanges()
		c.panel.rangeIdx = RangeIndex(c.panel.ranges, window)
		return s
	})
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

// read is the answer of a screen's own read (configuration, REPORT
// lines, account settings, clusters), made under the epoch it carries:
// the account and region of the time.
type read interface{ readEpoch() int }

func (d fnMetricsDetailMsg) readEpoch() int { return d.epoch }
func (r reportsReadMsg) readEpoch() int     { return r.epoch }
func (s settingsReadMsg) readEpoch() int    { return s.epoch }
func (p poolDetailMsg) readEpoch() int      { return p.epoch }
func (c clusterReadMsg) readEpoch() int     { return c.epoch }

// panelUpdate handles the panel's own messages for the screen: a due
// poll asks again, an answer is drawn (after fold, when set, takes what
// the screen keeps of it); afterDue and afterLoaded, when set, read what
// the screen shows besides the charts; a read of the screen's for an
// earlier epoch is dropped. It reports whether it took msg.
func (c *chart) panelUpdate(msg tea.Msg, fold func(panelLoadedMsg), afterDue, afterLoaded func() tea.Cmd) (tea.Cmd, bool) {
	after := func(f func() tea.Cmd) tea.Cmd {
		if f == nil {
			return nil
		}
		return f()
	}
	if r, ok := msg.(read); ok && r.readEpoch() != c.host.Epoch() {
		return nil, true // read for the account or region before a switch
	}
	switch msg := msg.(type) {
	case panelDueMsg:
		if msg.gen != c.panel.gen {
			return nil, true
		}
		return tea.Batch(c.panel.poll(c.host, c.id, c.want()), after(afterDue)), true
	case panelLoadedMsg:
		ok, cmd := c.panel.loaded(c.host, msg)
		if !ok {
			return nil, true
		}
		if fold != nil {
			fold(msg)
		}
		c.redraw()
		return tea.Batch(cmd, after(afterLoaded)), true
	}
	return nil, false
}

// activate starts the panel's polling when the screen comes on top,
// besides the screen's own reads (cmds), and draws it focused.
func (c *chart) activate(cmds ...tea.Cmd) tea.Cmd {
	cmds = append(cmds, c.panel.activate(c.host, c.id, c.want()))
	c.pane.SetFocused(true)
	c.redraw()
	return tea.Batch(cmds...)
}

// Deactivate stops the panel's polling while the screen is covered.
func (c *chart) Deactivate() { c.panel.deactivate() }
