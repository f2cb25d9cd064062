package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui/invokescreen"
	"github.com/virgahq/virga/views/dialog"
)

// TestReadOnlyIsCheckedAgainAtExecution: a confirmation that was open
// when read-only mode came on (a profile switch to a protected account)
// cannot send anything; the refusal is journaled.
func TestReadOnlyIsCheckedAgainAtExecution(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	acct := sim.New(sim.Config{Seed: 1, Now: clock})
	j := journal.Memory("t")
	m := New(Options{Backend: acct, Now: clock, Journal: j, After: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	runAll(m, m.Init())
	zero := 10
	runAll(m, m.actions.Propose(action.Kill("image-resize", &zero)))
	if m.over != overlayAction || !m.actions.Confirming() {
		t.Fatal("no confirmation open")
	}
	m.readOnly = true
	now = now.Add(dialog.Guard)
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyTab}} {
		runAll(m, func() tea.Msg { return k })
	}
	for _, r := range "image-resize" {
		runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: r, Text: string(r)} })
	}
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: tea.KeyTab} })
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: 'y', Text: "y"} })
	d, _ := acct.GetFunction(t.Context(), "image-resize")
	if d.Function.Reserved == nil || *d.Function.Reserved != 10 {
		t.Fatalf("reserved changed to %v in read-only mode", d.Function.Reserved)
	}
	es, _, _ := j.Read(0)
	if len(es) != 1 || es[0].Result != journal.ResultRefused || es[0].Action != "lambda.kill-switch" {
		t.Fatalf("journal: %+v", es)
	}
	// And a proposal made in read-only mode never opens a dialog.
	runAll(m, m.actions.Propose(action.Kill("image-resize", &zero)))
	if m.over == overlayAction {
		t.Fatal("a confirmation opened in read-only mode")
	}
	if es, _, _ := j.Read(0); len(es) != 2 {
		t.Fatalf("refusal not journaled: %d entries", len(es))
	}
}

// TestFollowHookGetsTheRequest: the log pane's hook receives the function
// and the request id of the last invocation.
func TestFollowHookGetsTheRequest(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	acct := sim.New(sim.Config{Seed: 1, Now: clock})
	m := New(Options{Backend: acct, Now: clock, After: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
	defer m.Close()
	var got string
	m.follow = func(fn providers.Function, rid string, _ time.Time) tea.Cmd {
		got = fn.Name + " " + rid
		return nil
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	runAll(m, m.Init())
	d, _ := acct.GetFunction(t.Context(), "checkout-api")
	runAll(m, m.openInvoke(d.Function))
	press := func(s string) {
		runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: []rune(s)[0], Text: s} })
	}
	press("s")
	now = now.Add(dialog.Guard)
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: tea.KeyTab} })
	press("y")
	rid, ok := m.top().scr.(*invokescreen.Screen).LastRequestID()
	if !ok {
		t.Fatal("no result")
	}
	press("L")
	if want := "checkout-api " + rid; got != want {
		t.Fatalf("hook got %q, want %q", got, want)
	}
}
