package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/tui/eks"
	"github.com/virgahq/virga/tui/filter"
	scr "github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
)

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// handleKey routes a key: the too-small screen takes only quit; an open
// overlay (help, palette, filter) takes every key; then global keys; then
// the focused pane.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	m.lastInput = m.now()
	if m.tooSmall() {
		if key.Matches(k, m.km.Global.Quit) {
			return tea.Quit
		}
		return nil
	}
	if m.mfa.Open() {
		// An MFA prompt waits for its answer over everything else.
		return m.mfa.Key(k)
	}
	switch m.over {
	case overlayHelp, overlayStats, overlayMessage:
		return m.paneKey(k, m.overlayPane())
	case overlayPalette, overlayPicker:
		res, cmd := m.palette.Key(k)
		if !res.Done {
			return cmd
		}
		m.over = overlayNone
		switch {
		case res.Switch:
			return tea.Batch(cmd, m.switchTo(res.Profile, res.Region))
		case res.Command != "":
			return tea.Batch(cmd, m.runCommand(res.Command, res.Args))
		}
		return cmd
	case overlayFilter:
		return m.filterKey(k)
	case overlayRaw:
		return m.rawKey(k)
	case overlayAction:
		return m.actionOverlayKey(k)
	}

	if s := m.top().scr; s != nil {
		if cmd, handled := s.Key(k); handled {
			return cmd
		}
	}
	g := m.km.Global
	switch {
	case key.Matches(k, g.Quit):
		if k.Text != "" && m.top().scr != nil && len(m.stack) > 1 {
			// A typed quit key (q) leaves a pane that holds state (logs,
			// metrics, invoke, journal, an EKS page) and goes back; tables
			// quit, and a chord (ctrl+c) always quits.
			return m.pop()
		}
		return tea.Quit
	case key.Matches(k, g.Help):
		m.openHelp()
		return nil
	case key.Matches(k, g.Palette):
		m.over = overlayPalette
		return m.palette.Open()
	case key.Matches(k, g.Refresh):
		return m.refreshNow()
	case key.Matches(k, g.Functions):
		return m.switchRoot(kindFunctions, "")
	case key.Matches(k, g.Clusters):
		return m.switchRoot(kindClusters, "")
	case key.Matches(k, g.Services):
		return m.switchRoot(kindServices, "")
	case key.Matches(k, g.Tasks):
		return m.switchRoot(kindTasks, "")
	case key.Matches(k, g.Pods):
		return m.openEKS(eks.Pods, "")
	case key.Matches(k, g.Back):
		return m.back()
	case key.Matches(k, g.Message):
		return m.openMessage()
	}
	if m.top().scr != nil {
		return nil
	}
	if cmd, ok := m.actionKey(k); ok {
		return cmd
	}
	if cmd, ok := m.execKey(k); ok {
		return cmd
	}
	if m.focus == focusDetail && m.detailVisible() {
		return m.detailKey(k)
	}
	return m.listKey(k)
}

func (m *Model) handlePaste(p tea.PasteMsg) tea.Cmd {
	if m.mfa.Open() {
		return m.mfa.Key(p)
	}
	switch m.over {
	case overlayPalette, overlayPicker:
		_, cmd := m.palette.Key(p)
		return cmd
	case overlayFilter:
		return m.filterKey(p)
	case overlayAction:
		return m.actionOverlayKey(p)
	}
	if s, ok := m.top().scr.(interface{ Paste(tea.PasteMsg) tea.Cmd }); ok {
		return s.Paste(p)
	}
	return nil
}

func (m *Model) listKey(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.logsListKey(k); ok {
		return cmd
	}
	if cmd, ok := m.metricsListKey(k); ok {
		return cmd
	}
	t := m.top().table()
	l := m.km.List
	switch {
	case scr.TableKey(t, k, l):
	case key.Matches(k, l.Filter):
		m.over = overlayFilter
		return m.filter.Open(t)
	case key.Matches(k, l.ClearQuery):
		t.SetFilter("")
	case key.Matches(k, l.Open):
		return m.open()
	case key.Matches(k, l.Raw):
		return m.openDescribe()
	case key.Matches(k, l.Detail):
		m.toggleDetail()
		return m.selectionChanged()
	case key.Matches(k, l.FocusPane):
		if m.detailVisible() || m.width < splitWidth {
			m.setFocus(focusDetail)
			return m.selectionChanged()
		}
		return nil
	case scr.SortLetter(t, k):
	default:
		return nil
	}
	return m.selectionChanged()
}

func (m *Model) detailKey(k tea.KeyPressMsg) tea.Cmd {
	d := m.km.Detail
	switch {
	case scr.Scroll(m.detail.Pane, k, d.Nav()):
	case key.Matches(k, d.Reveal):
		m.revealNext()
	case key.Matches(k, d.Wrap):
		m.detail.SetWrap(!m.detail.Wrapping(), views.DetailIndent)
	case key.Matches(k, d.Focus):
		m.setFocus(focusTable)
	default:
		// The selection's keys work from its detail as from the table
		// (under 120 columns the detail hides the table): logs,
		// invocations, metrics. Action keys are taken before this.
		if cmd, ok := m.logsListKey(k); ok {
			return cmd
		}
		if cmd, ok := m.metricsListKey(k); ok {
			return cmd
		}
	}
	return nil
}

// filterKey edits the filter bar's query (a key or a paste).
func (m *Model) filterKey(msg tea.Msg) tea.Cmd {
	t, _ := m.filterTarget()
	closed, cmd := m.filter.Key(msg, t, m.top().id)
	if closed {
		m.over = overlayNone
	}
	return tea.Batch(cmd, m.selectionChanged())
}

// filterDoneMsg carries a filter computed off the event loop.
type filterDoneMsg = filter.DoneMsg

func (m *Model) filterDone(msg filterDoneMsg) tea.Cmd {
	t, ok := m.topTable()
	if !ok {
		return nil
	}
	if shown, again := m.filter.Done(msg, t, m.top().id); !shown {
		return again
	}
	return m.selectionChanged()
}

// paneKey handles keys of a full-screen pane (help, stats): scroll or close.
func (m *Model) paneKey(k tea.KeyPressMsg, p *kit.Pane) tea.Cmd {
	switch {
	case key.Matches(k, m.km.Help.Close):
		m.over = overlayNone
	case key.Matches(k, m.km.Global.Quit):
		return tea.Quit
	default:
		scr.Scroll(p, k, m.km.Detail.Nav())
	}
	return nil
}

func (m *Model) handleWheel(w tea.MouseWheelMsg) tea.Cmd {
	if m.over == overlayHelp {
		if w.Button == tea.MouseWheelDown {
			m.help.Scroll(3)
		} else if w.Button == tea.MouseWheelUp {
			m.help.Scroll(-3)
		}
		return nil
	}
	delta := 0
	switch w.Button {
	case tea.MouseWheelDown:
		delta = 3
	case tea.MouseWheelUp:
		delta = -3
	default:
		return nil
	}
	if s := m.top().scr; s != nil {
		// Screens scroll with their own keys; the wheel sends three.
		k := tea.KeyPressMsg{Code: tea.KeyDown}
		if delta < 0 {
			k = tea.KeyPressMsg{Code: tea.KeyUp}
		}
		var cmds []tea.Cmd
		for range 3 {
			cmd, _ := s.Key(k)
			cmds = append(cmds, cmd)
		}
		return tea.Batch(cmds...)
	}
	if m.overDetail(w.X) {
		m.detail.Scroll(delta)
		return nil
	}
	m.top().table().Scroll(delta)
	return m.selectionChanged()
}

func (m *Model) handleClick(c tea.MouseClickMsg) tea.Cmd {
	if c.Button != tea.MouseLeft || m.over != overlayNone || m.top().scr != nil {
		return nil
	}
	if m.overDetail(c.X) {
		m.setFocus(focusDetail)
		return nil
	}
	// Rows start under the header, the crumb line and the table header.
	if m.top().table().Click(c.Y - 3) {
		m.setFocus(focusTable)
		return m.selectionChanged()
	}
	return nil
}
