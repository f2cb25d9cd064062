// Package lists is the fetch cycle of the resource tables (functions,
// clusters, services, tasks): the Cmds that list them, the messages the
// answers come back in, and the pacing around them: how often a list
// refreshes, how long a failed read waits before the next try (with
// jitter), how fast a big inventory's refresh pages, and what the status
// line says while a list is stale. The root keeps the navigation stack
// and folds the answers into its locations; it reaches this package
// through these functions and lends it a Host.
package lists

import (
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
)

// Host is what the list Cmds need from the program around them.
type Host interface {
	screen.Env
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
}

// Ref names one fetch cycle of one location: the location's id and the
// cycle's generation. A bumped generation drops every answer and timer
// of the cycle before.
type Ref struct{ Loc, Gen int }

type (
	// Page carries one ListFunctions page for a location.
	Page struct {
		Ref
		Page providers.FunctionPage
		Err  error
		At   time.Time
	}
	// Loaded carries one call's rows for a location: the cluster list,
	// or the services or tasks of one cluster; Rest names the clusters
	// still to load when a location spans all clusters.
	Loaded[T any] struct {
		Ref
		Items []T
		Rest  []string
		Err   error
		At    time.Time
	}
	// PollDue says a location's next refresh is due.
	PollDue struct{ Ref }
	// PageDue says the next page of a functions refresh may be asked for.
	PageDue struct {
		Ref
		Marker string
	}
)
