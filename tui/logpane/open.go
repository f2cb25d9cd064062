package logpane

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/sanitize"
)

// Opening a pane: the root hands over what is selected or named, and
// package logtarget decides where it logs, as it does for the CLI.

// CanRead reports whether b offers any way to read logs.
func CanRead(b providers.Backend) bool {
	_, r := b.(providers.LogReader)
	_, t := b.(providers.LogTailer)
	return r || t
}

// Unreadable is the notice of a backend that cannot read logs.
func Unreadable(h Host) tea.Cmd { return h.Notify(views.LevelWarn, "this backend cannot read logs") }

// Functions follows one or more functions merged, each in its own
// colour. The log groups the root knows already (KnownLogGroups) cost
// nothing; others cost one call each, made when the pane starts.
func Functions(h Host, names []string) *Session {
	known := h.KnownLogGroups()
	var res Resolver
	var srcs []logtarget.Target
	if slices.ContainsFunc(names, func(n string) bool { return known[n] == "" }) {
		be, names := h.Backend(), slices.Clone(names)
		res = func(ctx context.Context) ([]logtarget.Target, []string, error) {
			return logtarget.Functions(ctx, be, names, known)
		}
	} else {
		srcs, _, _ = logtarget.Functions(h.Context(), h.Backend(), names, known)
	}
	sess := NewSession(h, strings.Join(names, "+"), srcs, res)
	sess.MarkFunctions()
	return sess
}

// OpenFunction pushes the log pane of one function (l on a function).
func OpenFunction(h Host, name string) tea.Cmd {
	return OpenScreen(h, Functions(h, []string{name}), []string{name, "logs"})
}

// OpenFunctionInvocations pushes the invocations of one function (I).
func OpenFunctionInvocations(h Host, name string) tea.Cmd {
	return OpenInvocations(h, Functions(h, []string{name}), []string{name})
}

// OpenService follows every task of a service, merged, each line tagged
// with its task, from the awslogs configuration of the service's task
// definition.
func OpenService(h Host, svc providers.Service) tea.Cmd {
	if _, ok := h.Backend().(providers.TaskDefinitionReader); !ok {
		return h.Notify(views.LevelWarn, "this backend cannot read task definitions, so it cannot tell where the service logs")
	}
	be := h.Backend()
	res := func(ctx context.Context) ([]logtarget.Target, []string, error) {
		return logtarget.ForService(ctx, be, svc)
	}
	return OpenScreen(h, NewSession(h, svc.Name, nil, res), []string{svc.Name, "logs"})
}

// OpenTask follows the containers of one task.
func OpenTask(h Host, t providers.Task) tea.Cmd {
	if _, ok := h.Backend().(providers.TaskDefinitionReader); !ok {
		return h.Notify(views.LevelWarn, "this backend cannot read task definitions, so it cannot tell where the task logs")
	}
	be := h.Backend()
	res := func(ctx context.Context) ([]logtarget.Target, []string, error) {
		return logtarget.ForTask(ctx, be, t, "")
	}
	short := shortID(t.ID)
	return OpenScreen(h, NewSession(h, "task-"+short, nil, res), []string{"task " + short, "logs"})
}

// Command is ":logs NAME..." (functions, merged) and ":invocations
// NAME", with at least one name.
func Command(h Host, name string, args []string) tea.Cmd {
	var warn tea.Cmd
	if len(args) > logtarget.MaxTailGroups {
		// Live Tail follows at most 10 log groups in one session.
		warn = h.Notify(views.LevelWarn, "a pane merges at most 10 functions: left out "+sanitize.Line(strings.Join(args[logtarget.MaxTailGroups:], ", ")))
		args = args[:logtarget.MaxTailGroups]
	}
	sess, crumb := Functions(h, args), []string{strings.Join(args, ", ")}
	if name == "invocations" {
		return tea.Batch(OpenInvocations(h, sess, crumb), warn)
	}
	return tea.Batch(OpenScreen(h, sess, append(crumb, "logs")), warn)
}

// FollowRequest opens a function's log pane on the lines of one request,
// from a minute before the invocation on, and keeps following: the
// invoke screen uses it after a synchronous invocation.
func FollowRequest(h Host, fn providers.Function, requestID string, at time.Time) tea.Cmd {
	if !CanRead(h.Backend()) {
		return Unreadable(h)
	}
	sess := Functions(h, []string{fn.Name})
	sess.FollowRequest(requestID, at)
	return OpenScreen(h, sess, []string{fn.Name, "logs", "request " + shortID(requestID)})
}

// shortID is the first eight characters of a task or request id.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
