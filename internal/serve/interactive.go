package serve

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"github.com/virgahq/virga/views/sanitize"
)

// Largest terminal a session may claim: a hostile client could otherwise
// make the TUI lay out millions of cells.
const (
	maxWidth  = 500
	maxHeight = 200
)

// interactive runs the TUI on the session's terminal with wish's Bubble
// Tea middleware (which forwards resizes), and returns the exit status.
func (s *Server) interactive(se *Session, sess ssh.Session) int {
	m, done, err := s.cfg.Program(se)
	if err != nil {
		fmt.Fprintln(sess.Stderr(), "virga serve: "+sanitize.Line(err.Error()))
		return 1
	}
	defer done()
	pty, _, _ := sess.Pty()
	env := se.Env
	opts := append(bubbletea.MakeOptions(sess),
		// Only keys count as activity: the TUI draws on its own.
		tea.WithInput(activityReader{r: sess, s: se}),
		tea.WithEnvironment(env),
		tea.WithColorProfile(colorprofile.Env(env)),
		tea.WithWindowSize(min(pty.Window.Width, maxWidth), min(pty.Window.Height, maxHeight)),
		tea.WithFilter(filter),
		tea.WithFPS(s.cfg.FPS),
		// Signals belong to the server (SIGTERM is a graceful shutdown that
		// tells each session), not to every program it runs.
		tea.WithoutSignalHandler(),
	)
	prog := tea.NewProgram(m, opts...)
	se.SetNotify(func(text string) {
		// Send waits for the program to read the message or end; the
		// caller (a shutdown telling every session) must not.
		go prog.Send(s.cfg.Notice(text))
	})
	defer se.SetNotify(nil)
	stop := context.AfterFunc(se.ctx, prog.Quit)
	defer stop()
	bubbletea.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program { return prog })(func(ssh.Session) {})(sess)
	return 0
}

// filter keeps a session's program within bounds: sizes are clamped, and
// ctrl+z resumes at once (there is no shell to suspend to).
func filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return tea.WindowSizeMsg{Width: min(msg.Width, maxWidth), Height: min(msg.Height, maxHeight)}
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}
