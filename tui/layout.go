package tui

// Layout is computed when the size, the detail pane or the focus change,
// never in View.

// bodyHeight is the height between the two top lines and the status line.
func (m *Model) bodyHeight() int { return max(m.height-3, 0) }

// tableWidth is the width of the table: all of it unless the detail pane
// sits beside it. Then the table takes three fifths, or less when its
// columns need less (a clusters table, a cluster's services with short
// names), down to two fifths, and the detail gets the rest.
func (m *Model) tableWidth() int {
	if m.width < splitWidth || !m.detailOpen {
		return m.width
	}
	tw := m.width * 3 / 5
	if l := m.top(); l.scr == nil {
		if need := l.table().NaturalWidth(); need < tw {
			tw = max(need, m.width*2/5)
		}
	}
	return tw
}

// relayout lays out again when the visible table's data moved the split.
func (m *Model) relayout(l *location) {
	if m.visible(l) && m.tableWidth() != m.laidOut {
		m.layout()
	}
}

func (m *Model) layout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	body := m.bodyHeight()
	tw := m.tableWidth()
	m.laidOut = tw
	for _, l := range m.stack {
		if l.scr != nil {
			l.scr.SetSize(m.width, body)
			continue
		}
		l.table().SetSize(tw, body)
	}
	if tw < m.width {
		m.detail.SetSize(m.width-tw, body, true)
	} else {
		m.detail.SetSize(m.width, body, false)
	}
	m.syncDetail() // service events wrap to the detail's width
	m.help.SetSize(m.width, body, false)
	m.stats.SetSize(m.width, body, false)
	m.status.Pane().SetSize(m.width, body, false)
	m.raw.Pane().SetSize(m.width, body, false)
	m.syncMessage()
	if m.over == overlayHelp {
		m.openHelp()
	}
}
