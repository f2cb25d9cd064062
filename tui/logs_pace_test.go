package tui_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers/sim"
)

// TestLogPanePacedByTheBackend: the log pane keeps no FilterLogEvents
// limiter of its own, yet its calls keep the quota, because the backend
// paces them (on the harness's clock; `virga logs` is held to the same
// pacer in cmd/virga's TestLogsPacedByTheBackend).
func TestLogPanePacedByTheBackend(t *testing.T) {
	c := testkit.NewClock(start)
	acct := testkit.NewPacedAccount(c)
	// An empty page before every real one: more calls for the same lines.
	acct.SetFault("Logs.FilterLogEvents", sim.Fault{EmptyPages: true})
	h := newHarness(t, acct, c, 120, 40)
	h.key("/", "type:clickstream-ingest", "enter", "l")
	h.advance(20 * time.Second)
	acct.CheckPaced(t, 12)
}
