// Package eks is the EKS on Fargate screens of the TUI: clusters (:eks),
// Fargate profiles (:profiles), pods (:pods, key 5) and one pod's detail,
// with the pod and deployment actions and the way into a pod's logs. It
// owns its state and Cmds and reaches the rest of the TUI only through
// Host, which the root model implements.
package eks

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views/dialog"
)

// Host is what the EKS screens use of the root model.
type Host interface {
	screen.Env
	// Location is the zone times are shown in.
	Location() *time.Location
	// PollEvery is how long until the next refresh of what is on screen.
	PollEvery() time.Duration
	// Context is the session's context, for streams (which have no
	// deadline); it ends when the session does.
	Context() context.Context
	// Push drills into another page; build gets the id its messages
	// carry.
	Push(build func(id int) Page) tea.Cmd
	// Propose opens the confirmation of a change (refused in read-only
	// mode, journaled either way).
	Propose(a action.Action) tea.Cmd
	// ReadOnly says action keys are disabled; Disabled answers a press of
	// one of bs then, saying why, and reports whether k was one.
	ReadOnly() bool
	Disabled(k tea.KeyPressMsg, bs ...key.Binding) (tea.Cmd, bool)
	// Form asks for values, then proposes the change submit builds.
	Form(title, sub string, fields []dialog.Field, submit func(values []string) (action.Action, error)) tea.Cmd
	// CloudWatchLogs opens the CloudWatch log pane of the streams of
	// group that start with prefix (where Fargate routes a pod's logs).
	CloudWatchLogs(name, group, prefix string, crumbs []string) tea.Cmd
}

// Page is what the root shows of an EKS screen (a table, a pod's detail
// or a pod's logs): the screen contract every feature screen keeps.
type Page = screen.Screen

// Msg is a message addressed to one EKS screen; the root delivers it to
// the screen whose id it carries, if that screen is still open.
type Msg = screen.Msg
