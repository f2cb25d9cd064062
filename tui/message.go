package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views"
)

// notifyErr shows an error's short text in the status line and keeps the
// error itself, so ! shows its operation, request id and AWS's own words.
func (m *Model) notifyErr(text string, err error) tea.Cmd {
	cmd := m.notify(views.LevelError, text)
	m.status.last.err = err
	return cmd
}

// openMessage shows the latest warning or error in full: the status line
// cuts a long one (an AWS error with its ARN and policy) at the width.
func (m *Model) openMessage() tea.Cmd {
	if m.status.last.text == "" {
		return m.notify(views.LevelInfo, "no error or warning so far")
	}
	m.over = overlayMessage
	m.syncMessage()
	return nil
}

// syncMessage rebuilds the message pane for the width; it runs when the
// pane opens and when the terminal is resized.
func (m *Model) syncMessage() {
	if m.over != overlayMessage {
		return
	}
	last := m.status.last
	m.message.SetContent(views.MessageTitle(last.level)+" — esc closes",
		views.MessageLines(m.st, views.Message{Level: last.level, Text: last.text, Err: last.err, At: last.at}, m.now(), m.width-2))
	m.message.SetFocused(true)
}
