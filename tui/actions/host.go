// Package actions is virga's action pipeline: every change virga makes
// goes through it, from the key to the receipt. It owns the flow between
// a key and its execution (reading the current state, the form, the
// confirmation), the refusals of read-only mode, the outcome in the status
// line and the watch that follows a change until it settles. The root
// model lends it a Host and routes its keys and messages to it.
package actions

import (
	"context"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
)

// Host is what the pipeline needs from the program around it. The root
// model implements it; the pipeline never sees the root's state.
type Host interface {
	screen.Env
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
	// Gen hands out a fresh generation number (flow and watch ids).
	Gen() int
	// Epoch changes when the account or region is switched: a flow or a
	// watch of an earlier epoch is abandoned.
	Epoch() int
	// Identity is the account, region and profile actions are sent to.
	Identity() providers.Identity
	// Paused says the credentials expired: watches stop reading.
	Paused() bool
	// Context and CallTimeout bound the one attempt of an action, which
	// may take longer than one call (screen.Env's CallCtx).
	Context() context.Context
	CallTimeout() time.Duration
	// StatusShown says a notice is in the status line; ClearStatus
	// removes it.
	StatusShown() bool
	ClearStatus()
	ReadOnly() bool
	// ReadOnlyReason is why read-only mode is on, when configured.
	ReadOnlyReason() string
	// Journal is where actions and refusals are recorded; Log is the
	// debug log (nil for none).
	Journal() *journal.Journal
	Log() *slog.Logger
	// SetOverlay shows or hides the pipeline's form or confirmation over
	// the frame: while shown, the root sends keys to OverlayKey and draws
	// View.
	SetOverlay(open bool)
	// CanFollow says whether the invoke screen can open the log pane.
	CanFollow() bool
	// OpenInvoke pushes the invoke screen of fn; InvokeResult gives the
	// outcome of a confirmed invocation to the screen that asked for it.
	OpenInvoke(fn providers.Function) tea.Cmd
	InvokeResult(screen int, out action.Outcome, err error) tea.Cmd
	// StoreDetail and StoreServices put fresh reads where the views read
	// them.
	StoreDetail(name string, d providers.FunctionDetail, at time.Time)
	StoreServices(cluster string, svcs []providers.Service)
	// RefreshResources reads the visible functions or services table
	// again; RefreshTasks the visible tasks table, if it shows cluster.
	RefreshResources() tea.Cmd
	RefreshTasks(cluster string) tea.Cmd
	// Changed reads again the screen a pod or deployment change shows on.
	Changed(a action.Action) tea.Cmd
}
