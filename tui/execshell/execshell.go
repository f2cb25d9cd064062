// Package execshell is ECS Exec from the tasks table: a shell in the
// selected task's container, run by the AWS CLI while the TUI is
// suspended, or one line saying why it cannot run. What to check and
// what to run is package internal/ecsexec's; this is the TUI around it.
package execshell

import (
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/ecsexec"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
)

// Host is what ECS Exec needs from the program around it.
type Host interface {
	screen.Env
	// Identity is the account, region and profile the shell opens in.
	Identity() providers.Identity
	// ReadOnly hides the exec key (the root refuses it then: a shell can
	// change anything the task can reach).
	ReadOnly() bool
	// Essential names the essential containers of task definition arn
	// when it is read already (nil otherwise: the first running
	// container is used).
	Essential(arn string) map[string]bool
}

// Shell opens ECS Exec shells the way this session can.
type Shell struct {
	h Host
	// run runs the shell (tea.ExecProcess, which suspends the TUI); nil
	// where a shell cannot reach the user's terminal (virga serve).
	run  func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd
	look ecsexec.LookPath
	// endpoint is the custom AWS endpoint in use, passed on to the CLI.
	endpoint string
}

// New returns the session's ECS Exec.
func New(h Host, run func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd, look ecsexec.LookPath, endpoint string) *Shell {
	return &Shell{h: h, run: run, look: look, endpoint: endpoint}
}

// DoneMsg says the shell ended (err is its exit, if it failed: the AWS
// CLI's own message went to the terminal and is gone once the TUI
// resumes, so the status line keeps the gist).
type DoneMsg struct {
	container string
	err       error
}

// Available says the exec key can run here.
func (s *Shell) Available() bool { return !s.h.ReadOnly() && s.run != nil }

// Open opens a shell in the container of task t (nil when no task is
// selected), or says in one line why it cannot.
func (s *Shell) Open(t *providers.Task) tea.Cmd {
	if t == nil {
		return nil
	}
	if s.run == nil {
		return s.h.Notify(views.LevelWarn, "ECS Exec is not available here: the shell would run on the server, not in your terminal")
	}
	if err := ecsexec.Check(*t, s.look); err != nil {
		return s.h.Notify(views.LevelWarn, err.Error())
	}
	name, err := ecsexec.Container(*t, s.h.Essential(t.TaskDefinition))
	if err != nil {
		return s.h.Notify(views.LevelWarn, err.Error())
	}
	id := s.h.Identity()
	tg := ecsexec.Target{Cluster: t.Cluster, TaskARN: t.ARN, Container: name, Region: id.Region, Endpoint: s.endpoint}
	if !id.Demo {
		tg.Profile = id.Profile
	}
	args := ecsexec.Args(tg)
	if id.Demo {
		// The simulated account has no container to connect to, and
		// without an endpoint the CLI would ask AWS about a made-up task. A
		// warning, so ! shows the whole command at 80 columns.
		return s.h.Notify(views.LevelWarn, "demo: no real container; against AWS this runs aws "+strings.Join(args, " "))
	}
	cmd := exec.Command(ecsexec.AWSCLI, args...)
	return s.run(cmd, func(err error) tea.Msg { return DoneMsg{container: name, err: err} })
}

// Done reports how the shell ended once the TUI is back.
func (s *Shell) Done(msg DoneMsg) tea.Cmd {
	if msg.err != nil {
		return s.h.Notify(views.LevelError, "ECS Exec in "+msg.container+": "+msg.err.Error())
	}
	return s.h.Notify(views.LevelInfo, "ECS Exec: shell in "+msg.container+" closed")
}
