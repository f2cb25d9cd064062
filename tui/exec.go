package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/execshell"
	"github.com/virgahq/virga/views"
)

// The root's hooks into ECS Exec (package tui/execshell): the exec key
// on a tasks table or its detail, its help line, and the shell's end.

// execDoneMsg says the ECS Exec shell ended.
type execDoneMsg = execshell.DoneMsg

func (m *Model) shell() *execshell.Shell {
	return execshell.New(host{m}, m.opt.Exec, m.opt.LookPath, m.opt.EndpointURL)
}

// execKey opens a shell in the selected task's container when k is the
// exec key on a tasks table or its detail pane. It reports whether k was
// the exec key.
func (m *Model) execKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	b := m.km.Actions.Exec
	if m.top().scr != nil || m.top().kind != kindTasks || !key.Matches(k, b) {
		return nil, false
	}
	// A shell in a container can change anything the task can reach.
	if cmd, ok := m.actions.Disabled(k, b); ok {
		return cmd, true
	}
	return m.shell().Open(m.selection().Task), true
}

func (m *Model) execDone(msg execDoneMsg) tea.Cmd { return m.shell().Done(msg) }

// execHelp is the help line of the exec key on a tasks view, where it
// can run.
func (m *Model) execHelp() []views.HelpGroup {
	if m.top().scr != nil || m.top().kind != kindTasks || !m.shell().Available() {
		return nil
	}
	return []views.HelpGroup{{Title: "Container", Bindings: []key.Binding{m.km.Actions.Exec}}}
}
