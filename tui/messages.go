package tui

import (
	"time"

	"github.com/virgahq/virga/providers"
)

type (
	// identityLoadedMsg carries who the backend of epoch is.
	identityLoadedMsg struct {
		epoch int
		id    providers.Identity
		err   error
	}
	// identityDueMsg says it is time to ask again who the backend is,
	// after a failure.
	identityDueMsg struct{ gen int }
	// functionsPageMsg carries one ListFunctions page for a location.
	functionsPageMsg struct {
		loc  int // location id
		gen  int
		page providers.FunctionPage
		err  error
		at   time.Time
	}
	// listLoadedMsg carries one call's rows for a location: the cluster
	// list, or the services or tasks of one cluster; rest names the
	// clusters still to load when a location spans all clusters.
	listLoadedMsg[T any] struct {
		loc   int
		gen   int
		items []T
		rest  []string
		err   error
		at    time.Time
	}
	// pollDueMsg says a location's next refresh is due.
	pollDueMsg struct {
		loc int
		gen int
	}
	// clockDueMsg redraws ages ("stale · 12s") while something is stale.
	clockDueMsg struct{}
)
