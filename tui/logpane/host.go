// Package logpane is virga's log panes: a session (the viewer with its
// buffer and the engine that follows CloudWatch Logs by Live Tail or by
// polling FilterLogEvents), the log screen over it and the invocations
// screen built from its REPORT lines.
package logpane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/tui/screen"
)

// Host is what the log panes need from the program around them. The
// root model implements it; the panes never see the root's state.
type Host interface {
	screen.Env
	screen.Zoned
	// Gen hands out generation numbers: an answer whose generation is no
	// longer current is dropped.
	Gen() int
	// Context lives as long as the program (Live Tail streams).
	Context() context.Context
	// Idle says the user has not touched a key for a while: polls slow down.
	Idle() bool
	LogOptions() Options
	// KnownLogGroups are the log groups of the functions the root has
	// read already, by function name.
	KnownLogGroups() map[string]string
	// Push drills into a screen; Back pops the top one; Below is the
	// screen under the top one (nil when there is none).
	Push(build func(id int) screen.Screen) tea.Cmd
	Back() tea.Cmd
	Below() screen.Screen
}
