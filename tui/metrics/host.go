// Package metrics is virga's metrics screens (a function's, a Fargate
// service's, the account's concurrency pool), the polling panel they
// share, and the time ranges and periods the functions list uses too.
package metrics

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
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
	// CountAsked records a GetMetricData request of n metrics (:stats).
	CountAsked(n int)
	Push(build func(id int) screen.Screen) tea.Cmd

	// The functions' shared state, kept by the root: the one detail cache
	// (GetFunction; DetailAsked is true even for a failed read), reserved
	// concurrency, the list's live figures and the REPORT memory peaks.
	Detail(name string) (providers.FunctionDetail, bool)
	DetailAsked(name string) bool
	StoreDetail(name string, d providers.FunctionDetail, at time.Time)
	Reserved(name string) (*int, bool)
	SetReserved(name string, n *int, at time.Time)
	Live(name string) *views.FunctionLive
	LiveFigures() map[string]*views.FunctionLive
	MemoryUse(name string) *views.MemoryUse
	SetMemoryUse(name string, use views.MemoryUse)
}
