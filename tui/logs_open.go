package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/sanitize"
)

// canReadLogs reports whether the backend offers any way to read logs.
func (m *Model) canReadLogs() bool {
	_, r := m.opt.Backend.(providers.LogReader)
	_, t := m.opt.Backend.(providers.LogTailer)
	return r || t
}

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
		return m.notify(views.LevelWarn, "this backend cannot read logs")
	}
	return logpane.OpenInvocations(host{m}, m.functionsSession([]string{r.Fn.Name}), []string{r.Fn.Name})
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
		return m.notify(views.LevelWarn, "this backend cannot read logs")
	}
	l := m.top()
	switch l.kind {
	case kindFunctions:
		r, ok := l.fns.Selected()
		if !ok {
			return nil
		}
		return m.openLogScreen(m.functionsSession([]string{r.Fn.Name}), []string{r.Fn.Name, "logs"})
	case kindServices:
		svc, ok := l.services.Selected()
		if !ok {
			return nil
		}
		return m.openServiceLogs(svc)
	case kindTasks:
		t, ok := l.tasks.Selected()
		if !ok {
			return nil
		}
		return m.openTaskLogs(t, "")
	}
	return m.notify(views.LevelInfo, "logs are a function's, a service's or a task's: open a cluster first")
}

func (m *Model) openLogScreen(sess *logpane.Session, crumb []string) tea.Cmd {
	return logpane.OpenScreen(host{m}, sess, crumb)
}

// functionsSession follows one or more functions merged, each in its own
// colour. Where each logs is decided by logtarget (as for the CLI): the
// log groups of the loaded tables are known already; others cost one
// call each.
func (m *Model) functionsSession(names []string) *logpane.Session {
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
	for n, d := range m.fnDetail {
		if d.err == nil && d.detail.Function.LogGroup != "" {
			known[n] = d.detail.Function.LogGroup
		}
	}
	var res logpane.Resolver
	var srcs []logtarget.Target
	if slices.ContainsFunc(names, func(n string) bool { return known[n] == "" }) {
		be, names := m.opt.Backend, slices.Clone(names)
		res = func(ctx context.Context) ([]logtarget.Target, []string, error) {
			ts, notes, err := logtarget.Functions(ctx, be, names, known)
			return ts, notes, err
		}
	} else {
		ts, _, _ := logtarget.Functions(m.ctx, m.opt.Backend, names, known)
		srcs = ts
	}
	sess := logpane.NewSession(host{m}, strings.Join(names, "+"), srcs, res)
	sess.MarkFunctions()
	return sess
}

// openServiceLogs follows every task of a service, merged, each line
// tagged with its task, from the awslogs configuration of the service's
// task definition.
func (m *Model) openServiceLogs(svc providers.Service) tea.Cmd {
	if _, ok := m.opt.Backend.(providers.TaskDefinitionReader); !ok {
		return m.notify(views.LevelWarn, "this backend cannot read task definitions, so it cannot tell where the service logs")
	}
	be := m.opt.Backend
	res := func(ctx context.Context) ([]logtarget.Target, []string, error) {
		ts, notes, err := logtarget.ForService(ctx, be, svc)
		return ts, notes, err
	}
	sess := logpane.NewSession(host{m}, svc.Name, nil, res)
	return m.openLogScreen(sess, []string{svc.Name, "logs"})
}

// openTaskLogs follows one task's containers (or one container).
func (m *Model) openTaskLogs(t providers.Task, container string) tea.Cmd {
	if _, ok := m.opt.Backend.(providers.TaskDefinitionReader); !ok {
		return m.notify(views.LevelWarn, "this backend cannot read task definitions, so it cannot tell where the task logs")
	}
	be := m.opt.Backend
	res := func(ctx context.Context) ([]logtarget.Target, []string, error) {
		ts, notes, err := logtarget.ForTask(ctx, be, t, container)
		return ts, notes, err
	}
	short := t.ID
	if len(short) > 8 {
		short = short[:8]
	}
	sess := logpane.NewSession(host{m}, "task-"+short, nil, res)
	return m.openLogScreen(sess, []string{"task " + short, "logs"})
}

// logsCommand is ":logs NAME..." (functions, merged) and
// ":invocations NAME".
func (m *Model) logsCommand(name string, args []string) tea.Cmd {
	if !m.canReadLogs() {
		return m.notify(views.LevelWarn, "this backend cannot read logs")
	}
	if len(args) == 0 {
		if name == "logs" {
			return m.openLogsForSelection()
		}
		return m.openInvocationsForSelection()
	}
	var warn tea.Cmd
	if len(args) > logtarget.MaxTailGroups {
		// Live Tail follows at most 10 log groups in one session.
		warn = m.notify(views.LevelWarn, "a pane merges at most 10 functions: left out "+sanitize.Line(strings.Join(args[logtarget.MaxTailGroups:], ", ")))
		args = args[:logtarget.MaxTailGroups]
	}
	sess, crumb := m.functionsSession(args), []string{strings.Join(args, ", ")}
	if name == "invocations" {
		return tea.Batch(logpane.OpenInvocations(host{m}, sess, crumb), warn)
	}
	return tea.Batch(m.openLogScreen(sess, append(crumb, "logs")), warn)
}

// followRequest opens a function's log pane on the lines of one request,
// from a minute before the invocation on, and keeps following: the
// invoke screen uses it after a synchronous invocation.
func (m *Model) followRequest(fn providers.Function, requestID string, at time.Time) tea.Cmd {
	if !m.canReadLogs() {
		return m.notify(views.LevelWarn, "this backend cannot read logs")
	}
	sess := m.functionsSession([]string{fn.Name})
	sess.FollowRequest(requestID, at)
	short := requestID
	if len(short) > 8 {
		short = short[:8]
	}
	return m.openLogScreen(sess, []string{fn.Name, "logs", "request " + short})
}
