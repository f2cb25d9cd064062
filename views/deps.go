// Package views renders virga's panes (resource tables, detail, header,
// status line, help, palette) from domain types. Views never call
// providers and never read the wall clock: time comes from Deps.Now.
package views

import (
	"time"

	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/theme"
)

// Deps is what every view shares: styles, keys and the injected clock.
type Deps struct {
	Styles *theme.Styles
	Keys   *keymap.KeyMap
	Now    func() time.Time
}
