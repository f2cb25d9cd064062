package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/notice"
	"github.com/virgahq/virga/views"
)

// The root's hooks into the status line's notices (package tui/notice):
// notify for every part of the root, and ! to show the latest warning or
// error in full.

// statusExpiredMsg clears the status message with that id.
type statusExpiredMsg = notice.ExpiredMsg

// notify sets a status message and returns the Cmd that clears it.
func (m *Model) notify(level views.Level, text string) tea.Cmd { return m.status.Notify(level, text) }

// notifyErr shows an error's short text in the status line and keeps the
// error itself, so ! shows its operation, request id and AWS's own words.
func (m *Model) notifyErr(text string, err error) tea.Cmd { return m.status.NotifyErr(text, err) }

// openMessage shows the latest warning or error in full: the status line
// cuts a long one (an AWS error with its ARN and policy) at the width.
func (m *Model) openMessage() tea.Cmd {
	if !m.status.HasLast() {
		return m.notify(views.LevelInfo, "no error or warning so far")
	}
	m.over = overlayMessage
	m.syncMessage()
	return nil
}

// syncMessage rebuilds the message pane for the width.
func (m *Model) syncMessage() {
	if m.over == overlayMessage {
		m.status.Sync(m.width - 2)
	}
}
