package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/lists"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
)

// View composes the frame. It only reads state prepared in Update and
// slices visible rows; it does no I/O and no sorting or matching.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "virga"
	return v
}

// Render returns the frame as text: exactly the terminal's height in
// lines, none wider than the terminal.
func (m *Model) Render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.tooSmall() {
		return views.TooSmall(m.st, m.width, m.height, MinWidth, MinHeight)
	}
	lines := make([]string, 0, m.height)
	lines = append(lines, views.Header(m.st, m.headerData(), m.width))
	switch {
	case m.over == overlayFilter:
		lines = append(lines, m.filter.View(m.width))
	case m.over == overlayRaw && m.raw.Finding():
		lines = append(lines, m.raw.FindView(m.width))
	default:
		lines = append(lines, views.Crumbs(m.st, m.crumbs(), m.crumbInfo(), m.width))
	}
	body := strings.Split(m.body(), "\n")
	lines = append(lines, body...)
	lines = append(lines, views.Status(m.st, m.statusData(), m.width))
	switch m.over {
	case overlayPalette, overlayPicker:
		lines = m.palette.View(lines, m.width, m.bodyHeight())
	case overlayAction:
		lines = m.actionOverlayView(lines)
	}
	lines = m.mfa.View(lines, m.width, m.bodyHeight())
	return strings.Join(lines, "\n")
}

func (m *Model) body() string {
	if p := m.overlayPane(); p != nil {
		return p.View()
	}
	l := m.top()
	if l.scr != nil {
		return l.scr.View()
	}
	if m.width < splitWidth && m.focus == focusDetail {
		return m.detail.View()
	}
	tableView := l.table().View(m.emptyText(l))
	if !m.detailVisible() || m.width < splitWidth {
		return tableView
	}
	left := strings.Split(tableView, "\n")
	right := strings.Split(m.detail.View(), "\n")
	for i := range left {
		if i < len(right) {
			left[i] += right[i]
		}
	}
	return strings.Join(left, "\n")
}

// overlayPane is the full-screen pane of the open overlay, nil when
// none is open.
func (m *Model) overlayPane() *kit.Pane {
	switch m.over {
	case overlayHelp:
		return m.help
	case overlayStats:
		return m.stats
	case overlayMessage:
		return m.status.Pane()
	case overlayRaw:
		return m.raw.Pane()
	}
	return nil
}

// emptyText says why a table has no rows: loading, an error, an empty
// region, or a filter that matches nothing.
func (m *Model) emptyText(l *location) string {
	switch {
	case !l.Loaded && l.Err != nil:
		return "could not load " + l.kind.String() + ": " + providers.Short(l.Err)
	case !l.Loaded:
		return "loading " + l.kind.String() + "…"
	case l.table().Filter() != "":
		return "no " + l.kind.String() + " match “" + l.table().Filter() + "” · esc clears the filter"
	}
	switch l.kind {
	case kindFunctions:
		return "no Lambda functions in this region"
	case kindClusters:
		return "no ECS clusters in this region"
	case kindServices:
		if l.cluster != "" {
			return "no services in cluster " + l.cluster
		}
		return "no ECS services in this region"
	default:
		return "no running or recently stopped tasks"
	}
}

func (m *Model) headerData() views.HeaderData {
	d := views.HeaderData{Identity: m.who.ID(), ReadOnly: m.readOnly}
	l := m.top()
	switch {
	case m.credsExpired:
		d.Note = "credentials expired · polling paused"
	case m.who.Err() != nil:
		d.Note = providers.Short(m.who.Err())
	}
	if l.scr != nil {
		var stale string
		d.Freshness, stale = l.scr.Status()
		d.Stale = stale != ""
		return d
	}
	_, _, stale := m.staleness()
	switch {
	case !l.Loaded && l.Err != nil:
		d.Freshness, d.Stale = "not loaded · retrying", true
	case !l.Loaded && l.Inflight:
		d.Freshness = "loading…"
	case l.Loaded:
		d.Freshness = "updated " + m.local(l.Fetched).Format("15:04:05")
		d.Stale = stale
	}
	return d
}

func (m *Model) crumbInfo() string {
	if s := m.top().scr; s != nil {
		return s.Info()
	}
	t := m.top().table()
	var parts []string
	if f := t.Filter(); f != "" {
		parts = append(parts, "/"+f)
	}
	if m.top().kind == kindFunctions {
		if m.metrics.Readable() {
			parts = append(parts, "metrics "+format.Period(m.metrics.Window()))
		}
	}
	if sort := t.SortLabel(); sort != "" {
		parts = append(parts, "sort "+sort)
	}
	if t.Len() > 0 {
		parts = append(parts, itoa(t.Cursor()+1)+"/"+itoa(t.Len()))
	}
	return strings.Join(parts, " · ")
}

func (m *Model) statusData() views.StatusData {
	var d views.StatusData
	d.Message, d.Level = m.status.Shown()
	if d.Message != "" && d.Level >= views.LevelWarn {
		d.Details = m.km.Global.Message.Help().Key
	}
	if m.over == overlayRaw {
		if d.Message == "" {
			d.Hints = m.raw.Hints()
		}
		return d
	}
	l := m.top()
	if l.scr != nil {
		if _, stale := l.scr.Status(); stale != "" {
			d.Stale, d.Right = true, stale
		}
		if d.Message == "" {
			d.Hints = append(l.scr.Hints(), m.km.Global.Back, m.km.Global.Help)
		}
		return d
	}
	if since, err, stale := m.staleness(); stale && l.Loaded {
		d.Stale, d.Right = true, lists.StaleText(m.now(), since, err)
	}
	if d.Message == "" {
		d.Hints = m.hints()
	}
	return d
}

// hints are the few keys worth showing in the status line for the focus.
func (m *Model) hints() []key.Binding {
	g, l := m.km.Global, m.km.List
	if m.focus == focusDetail && m.detailVisible() {
		d := m.km.Detail
		hs := []key.Binding{d.Down, g.Back}
		if m.top().kind == kindFunctions {
			hs = append(hs, d.Reveal)
		}
		return append(hs, g.Help, m.quitKey())
	}
	hs := []key.Binding{l.Filter, m.openKey(false)}
	if m.metrics.Readable() && (m.top().kind == kindFunctions || m.top().kind == kindServices) {
		hs = append(hs, m.km.Metrics.Open)
	}
	return append(hs, g.Palette, g.Help, m.quitKey())
}

// openKey is the table's open key as it acts on the visible table, said
// in full for the help ("list services") or short for the status line.
func (m *Model) openKey(full bool) key.Binding {
	open := m.km.List.Open
	verb, what := "list ", "detail"
	switch m.top().kind {
	case kindClusters:
		what = "services"
	case kindServices:
		what = "tasks"
	default:
		verb = "show "
	}
	if !full {
		verb = ""
	}
	open.SetHelp(open.Help().Key, verb+what)
	return open
}

// quitKey is the quit binding as it acts here: in a pane above the top
// level a typed q goes back, so its hint says so.
func (m *Model) quitKey() key.Binding {
	q := m.km.Global.Quit
	if m.top().scr != nil && len(m.stack) > 1 {
		q.SetHelp(q.Help().Key, "back")
	}
	return q
}

// StaleFor reports how long the visible location has been stale (tests).
func (m *Model) StaleFor() time.Duration {
	since, _, stale := m.staleness()
	if !stale {
		return 0
	}
	return m.now().Sub(since)
}

// SelectedName names the selection of the visible table (tests).
func (m *Model) SelectedName() string { return m.detail.Key() }

// Rows is the number of rows the visible table shows (tests, benchmarks).
func (m *Model) Rows() int {
	if t, ok := m.topTable(); ok {
		return t.Len()
	}
	return 0
}
