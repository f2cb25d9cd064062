// Package screen is the contract between virga's root model and the
// screens of the feature packages under tui/: what a screen implements,
// how its messages find it, and the key handling every screen shares.
package screen

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views"
)

// Screen is a full-body view pushed on the navigation stack above the
// resource tables: a function's metrics, a log pane, an invocation list,
// the journal. Screens live in the feature packages under tui/ and reach
// the program through the small interface each declares (clock, timers,
// calls, notices, keys, styles, backend); like every Cmd, theirs copy
// what they need before returning.
//
// A screen is active only while it is on top of the stack: the root calls
// deactivate when it is covered or popped, and activate when it is shown
// again, so a hidden screen makes no calls and runs no stream.
type Screen interface {
	// Crumbs names the screen in the breadcrumb line.
	Crumbs() []string
	// Info is the right side of the breadcrumb line.
	Info() string
	SetSize(w, h int)
	// Restyle rebuilds cached styles after a theme change.
	Restyle()
	Activate() tea.Cmd
	Deactivate()
	// Key gets every Key first while the screen is on top; handled=false
	// lets the root apply its global keys (quit, help, palette, back...).
	Key(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	// Update receives the messages addressed to this screen (Msg).
	Update(msg tea.Msg) tea.Cmd
	// View renders exactly the size given to setSize.
	View() string
	// Hints are the keys shown in the status line; help lists all of them.
	Hints() []key.Binding
	Help() []views.HelpGroup
	// Status reports freshness for the header ("updated 12:04:05") and
	// staleness for the Status line ("stale · 12s"), empty when fresh.
	Status() (freshness, stale string)
}

// Msg is a message addressed to the screen of one location.
type Msg interface {
	ScreenID() int
}
