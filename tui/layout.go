package tui

// Layout is computed when the size, the detail pane or the focus change,
// never in View.

// bodyHeight is the height between the two top lines and the status line.
func (m *Model) bodyHeight() int { return max(m.height-3, 0) }

// tableWidth is the width of the table: all of it unless the detail pane
// sits beside it.
func (m *Model) tableWidth() int {
	if m.width >= splitWidth && m.detailOpen {
		return m.width * 3 / 5
	}
	return m.width
}

func (m *Model) layout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	body := m.bodyHeight()
	tw := m.tableWidth()
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
	m.help.SetSize(m.width, body, false)
	m.stats.SetSize(m.width, body, false)
	if m.over == overlayHelp {
		m.openHelp()
	}
}
