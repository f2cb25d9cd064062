// Package detail is what the resource tables show of their selection:
// the detail pane beside the table, with the reads behind it
// (GetFunction, DescribeTaskDefinition) cached, and the raw view over it
// (the API's own document). The function cache is the one every screen
// reads (the metrics screens, the action forms). The root tells the panes
// what is selected and reaches them only through their methods; they
// reach the root only through Host.
package detail

import (
	"time"

	"github.com/virgahq/virga/tui/screen"
)

// Host is what the panes need from the program around them.
type Host interface {
	screen.Env
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
	// Epoch changes when the backend is switched: a read of an earlier
	// epoch belongs to another account or region and is dropped.
	Epoch() int
}
