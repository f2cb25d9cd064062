package tui

import "github.com/virgahq/virga/providers"

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
	// clockDueMsg redraws ages ("stale · 12s") while something is stale.
	clockDueMsg struct{}
)
