// Package metrics is virga's metrics screens (a function's, a Fargate
// service's, the account's concurrency pool), the polling panel they
// share, the time ranges and periods, and the functions list's live
// columns (List), whose state the screens share.
package metrics

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
)

// Host is what the metrics screens need from the program around them.
// The root model implements it; the screens never see the root's state.
type Host interface {
	screen.Env
	screen.Zoned
	// Epoch changes when the backend is switched: answers of an earlier
	// epoch belong to another account or region and are dropped.
	Epoch() int
	// Region is the region of the identity in use.
	Region() string
	// Idle says the user has not touched a key for a while: polls slow down.
	Idle() bool
	// Paused says expired credentials stopped every poll until ctrl+r;
	// CallFailed is the root's answer to a failed call (the banner).
	Paused() bool
	CallFailed(err error) tea.Cmd
	// RetryDelay is the wait before the nth retry after err.
	RetryDelay(n int, err error) time.Duration
	Push(build func(id int) screen.Screen) tea.Cmd

	// The functions' shared state: the one detail cache the root keeps
	// (GetFunction; DetailAsked is true even for a failed read), and the
	// List: live figures, REPORT memory peaks, reserved concurrency and
	// the count of what was asked.
	Detail(name string) (providers.FunctionDetail, bool)
	DetailAsked(name string) bool
	StoreDetail(name string, d providers.FunctionDetail, at time.Time)
	List() *List
}
