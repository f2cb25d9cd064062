// Package invokescreen is the invoke screen: a payload editor that checks
// JSON as you type, templates and the function's payload history, the
// invocation type and qualifier, and the result of the last invocation.
package invokescreen

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
)

// Host is what the screen needs from the program around it. The root
// model implements it; the screen never sees the root's state.
type Host interface {
	screen.Env
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
	// ActionKeys are the action bindings, disabled where they cannot work.
	ActionKeys() keymap.Actions
	ReadOnly() bool
	// Scope names the account and region the payload history is kept for.
	Scope() providers.Scope
	Payloads() *invoke.History
	// ProposeInvoke opens the confirmation of an invocation; its outcome
	// comes back to the screen as a Result.
	ProposeInvoke(screen int, req providers.InvokeRequest) tea.Cmd
	// Detail is the function's configuration from the root's one detail
	// cache; StoreDetail puts a fresh read there.
	Detail(name string) (providers.FunctionDetail, bool)
	StoreDetail(name string, d providers.FunctionDetail, at time.Time)
	// CanFollow says whether Follow can open the log pane.
	CanFollow() bool
	Follow(fn providers.Function, requestID string, at time.Time) tea.Cmd
}

// Result is the outcome of a confirmed invocation, addressed to the
// screen that asked for it.
type Result struct {
	ID  int
	Out action.Outcome
	Err error
}

// ScreenID addresses the result to its screen.
func (r Result) ScreenID() int { return r.ID }
