package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/views"
)

// The root's hooks into the log panes (package tui/logpane): the keys
// that open them on the selection, :logs and :invocations, and the log
// groups already known.

// canReadLogs reports whether the backend offers any way to read logs.
func (m *Model) canReadLogs() bool { return logpane.CanRead(m.opt.Backend) }

// logsListKey handles l (logs) and I (invocations) in a resource table.
func (m *Model) logsListKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := m.km.Logs
	switch {
	case key.Matches(k, km.Open):
		return m.openLogsForSelection(), true
	case key.Matches(k, km.Invocations):
		return m.openInvocationsForSelection(), true
	}
	return nil, false
}

// openInvocationsForSelection opens the invocations of the selected
// function (I, and :invocations without a name).
func (m *Model) openInvocationsForSelection() tea.Cmd {
	l := m.top()
	if l.kind != kindFunctions {
		return m.notify(views.LevelInfo, "invocations are a Lambda function's: select a function")
	}
	r, ok := l.fns.Selected()
	if !ok {
		return nil
	}
	if !m.canReadLogs() {
		return logpane.Unreadable(host{m})
	}
	return logpane.OpenFunctionInvocations(host{m}, r.Fn.Name)
}

// logsHelp lists the openers for the table help.
func (m *Model) logsHelp() []key.Binding {
	open, inv := m.km.Logs.Open, m.km.Logs.Invocations
	open.SetEnabled(m.canReadLogs() && m.top().kind != kindClusters)
	inv.SetEnabled(m.canReadLogs() && m.top().kind == kindFunctions)
	return []key.Binding{open, inv}
}

// openLogsForSelection opens the log screen of the selected function,
// service or task.
func (m *Model) openLogsForSelection() tea.Cmd {
	if !m.canReadLogs() {
		return logpane.Unreadable(host{m})
	}
	switch sel := m.selection(); {
	case sel.Fn != nil:
		return logpane.OpenFunction(host{m}, sel.Fn.Fn.Name)
	case sel.Service != nil:
		return logpane.OpenService(host{m}, *sel.Service)
	case sel.Task != nil:
		return logpane.OpenTask(host{m}, *sel.Task)
	case m.top().kind == kindClusters || m.top().kind == kindScreen:
		return m.notify(views.LevelInfo, "logs are a function's, a service's or a task's: open a cluster first")
	}
	return nil
}

// logsCommand is ":logs NAME..." (functions, merged) and
// ":invocations NAME"; without a name, the selection's.
func (m *Model) logsCommand(name string, args []string) tea.Cmd {
	switch {
	case !m.canReadLogs():
		return logpane.Unreadable(host{m})
	case len(args) > 0:
		return logpane.Command(host{m}, name, args)
	case name == "logs":
		return m.openLogsForSelection()
	}
	return m.openInvocationsForSelection()
}

// knownLogGroups are the log groups of the functions of the loaded
// tables and of the detail cache, by function name.
func (m *Model) knownLogGroups() map[string]string {
	known := map[string]string{}
	for _, l := range m.stack {
		if l.kind != kindFunctions {
			continue
		}
		for _, r := range l.fns.Items() {
			if r.Fn.LogGroup != "" {
				known[r.Fn.Name] = r.Fn.LogGroup
			}
		}
	}
	m.detail.LogGroups(known)
	return known
}
