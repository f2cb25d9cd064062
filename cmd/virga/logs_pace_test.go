package main

import (
	"io"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers/sim"
)

// TestLogsPacedByTheBackend: `virga logs` keeps no FilterLogEvents
// limiter of its own, yet its calls keep the quota, because the backend
// paces them (on a manual clock here; the TUI's log panes are held to
// the same pacer in tui's TestLogPanePacedByTheBackend).
func TestLogsPacedByTheBackend(t *testing.T) {
	c := testkit.NewClock(time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC))
	acct := testkit.NewPacedAccount(c)
	// An empty page before every real one: more calls for the same lines.
	acct.SetFault("Logs.FilterLogEvents", sim.Fault{EmptyPages: true})
	lf := &logsFlags{since: "5m", output: "json", timeout: 10 * time.Second}
	if err := runLogs(t.Context(), acct, c.Now, nil, "function", []string{"clickstream-ingest"}, lf, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	acct.CheckPaced(t, 12)
}
