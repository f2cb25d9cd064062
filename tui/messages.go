package tui

type (
	// clockDueMsg redraws ages ("stale · 12s") while something is stale.
	clockDueMsg struct{}
)
