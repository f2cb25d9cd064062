package tui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/views"
)

// probeScreen records what the root does to it.
type probeScreen struct {
	id          int
	active      bool
	activations int
	keys        []string
	msgs        int
	w, h        int
}

type probeMsg struct{ id int }

func (p probeMsg) ScreenID() int { return p.id }

func (p *probeScreen) Crumbs() []string { return []string{"probe"} }
func (p *probeScreen) Info() string     { return "probe info" }
func (p *probeScreen) SetSize(w, h int) { p.w, p.h = w, h }
func (p *probeScreen) Restyle()         {}
func (p *probeScreen) Activate() tea.Cmd {
	p.active = true
	p.activations++
	id := p.id
	return func() tea.Msg { return probeMsg{id: id} }
}
func (p *probeScreen) Deactivate() { p.active = false }
func (p *probeScreen) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if k.String() == "x" {
		p.keys = append(p.keys, "x")
		return nil, true
	}
	return nil, false
}
func (p *probeScreen) Update(tea.Msg) tea.Cmd { p.msgs++; return nil }
func (p *probeScreen) View() string {
	lines := make([]string, p.h)
	for i := range lines {
		lines[i] = strings.Repeat(".", p.w)
	}
	lines[0] = "PROBE" + strings.Repeat(" ", max(p.w-5, 0))
	return strings.Join(lines, "\n")
}
func (p *probeScreen) Hints() []key.Binding     { return nil }
func (p *probeScreen) Help() []views.HelpGroup  { return nil }
func (p *probeScreen) Status() (string, string) { return "probe fresh", "" }

func TestScreensActivateOnlyOnTop(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	m := New(Options{Backend: sim.New(sim.Config{Seed: 1, Now: clock}), Now: clock,
		After: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	runAll(m, m.Init())

	p := &probeScreen{}
	runAll(m, m.pushScreen(func(id int) screen { p.id = id; return p }))
	if !p.active || p.msgs != 1 || p.w != 100 || p.h != 27 {
		t.Fatalf("after push: %+v", p)
	}
	frame := ansi.Strip(m.Render())
	if !strings.Contains(frame, "functions › probe") || !strings.Contains(frame, "PROBE") || !strings.Contains(frame, "probe fresh") {
		t.Fatalf("screen not shown:\n%s", frame)
	}
	// The screen gets keys first; unhandled ones reach the global keys.
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: 'x', Text: "x"} })
	if len(p.keys) != 1 {
		t.Fatal("screen did not get its key")
	}
	// Covered by another screen: deactivated; uncovered: active again.
	q := &probeScreen{}
	runAll(m, m.pushScreen(func(id int) screen { q.id = id; return q }))
	if p.active || !q.active {
		t.Fatal("covered screen still active")
	}
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: tea.KeyEscape} })
	if !p.active || p.activations != 2 || q.active {
		t.Fatalf("back did not reactivate: %+v %+v", p, q)
	}
	// A message for a popped screen is dropped.
	runAll(m, func() tea.Msg { return probeMsg{id: -1} })
	// Switching views leaves every screen.
	runAll(m, func() tea.Msg { return tea.KeyPressMsg{Code: '2', Text: "2"} })
	if p.active {
		t.Fatal("switching views left a screen running")
	}
}
