package screen

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

// Env is what every feature package's Host starts from: the root's clock
// and timers, one bounded provider call, notices, keys, styles and the
// backend. Each package's Host embeds it and adds what only it needs.
type Env interface {
	Now() time.Time
	// After delivers msg after d (the root's timer, which tests drive);
	// a screen's messages carry its id.
	After(d time.Duration, msg tea.Msg) tea.Cmd
	// CallCtx is a context with the call deadline, for one provider call.
	CallCtx() (context.Context, context.CancelFunc)
	Notify(level views.Level, text string) tea.Cmd
	Keys() *keymap.KeyMap
	Styles() *theme.Styles
	Backend() providers.Backend
}

// Zoned is what a package that shows and stamps times adds to Env.
type Zoned interface {
	// Location is the zone times are shown and typed in; InZone puts a
	// time in it.
	Location() *time.Location
	InZone(t time.Time) time.Time
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
}
