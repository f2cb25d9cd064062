package tui

import (
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/ecsexec"
	"github.com/virgahq/virga/views"
)

// execDoneMsg says the ECS Exec shell ended (err is its exit, if it
// failed: the AWS CLI's own message went to the terminal and is gone once
// the TUI resumes, so the status line keeps the gist).
type execDoneMsg struct {
	container string
	err       error
}

// execKey opens a shell in the selected task's container (ECS Exec) when
// k is the exec key on a tasks table or its detail pane, or says in one
// line why it cannot. It reports whether k was the exec key.
func (m *Model) execKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	l := m.top()
	b := m.km.Actions.Exec
	if l.scr != nil || l.kind != kindTasks || !key.Matches(k, b) {
		return nil, false
	}
	if m.readOnly {
		// A shell in a container can change anything the task can reach.
		text := "read-only mode: " + b.Help().Desc + " is disabled"
		if m.opt.ReadOnlyReason != "" {
			text += " · " + m.opt.ReadOnlyReason
		}
		return m.notify(views.LevelWarn, text), true
	}
	t, ok := l.tasks.Selected()
	if !ok {
		return nil, true
	}
	if m.opt.Exec == nil {
		return m.notify(views.LevelWarn, "ECS Exec is not available here: the shell would run on the server, not in your terminal"), true
	}
	if err := ecsexec.Check(t, m.opt.LookPath); err != nil {
		return m.notify(views.LevelWarn, err.Error()), true
	}
	name, err := ecsexec.Container(t, m.detail.Essential(t.TaskDefinition))
	if err != nil {
		return m.notify(views.LevelWarn, err.Error()), true
	}
	id := m.identity
	tg := ecsexec.Target{Cluster: t.Cluster, TaskARN: t.ARN, Container: name, Region: id.Region, Endpoint: m.opt.EndpointURL}
	if !id.Demo {
		tg.Profile = id.Profile
	}
	args := ecsexec.Args(tg)
	if id.Demo {
		// The simulated account has no container to connect to, and
		// without an endpoint the CLI would ask AWS about a made-up task. A
		// warning, so ! shows the whole command at 80 columns.
		return m.notify(views.LevelWarn, "demo: no real container; against AWS this runs aws "+strings.Join(args, " ")), true
	}
	cmd := exec.Command(ecsexec.AWSCLI, args...)
	return m.opt.Exec(cmd, func(err error) tea.Msg { return execDoneMsg{container: name, err: err} }), true
}

// execDone reports how the shell ended once the TUI is back.
func (m *Model) execDone(msg execDoneMsg) tea.Cmd {
	if msg.err != nil {
		return m.notify(views.LevelError, "ECS Exec in "+msg.container+": "+msg.err.Error())
	}
	return m.notify(views.LevelInfo, "ECS Exec: shell in "+msg.container+" closed")
}

// execHelp is the help line of the exec key on a tasks view, where it
// can run.
func (m *Model) execHelp() []views.HelpGroup {
	if m.top().scr != nil || m.top().kind != kindTasks || m.readOnly || m.opt.Exec == nil {
		return nil
	}
	return []views.HelpGroup{{Title: "Container", Bindings: []key.Binding{m.km.Actions.Exec}}}
}
