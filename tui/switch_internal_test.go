package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// runAll runs cmd and every Cmd it leads to, synchronously.
func runAll(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func TestResultsOfThePreviousAccountNeverLand(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	first := sim.New(sim.Config{Seed: 1, Now: clock})
	second := sim.New(sim.Config{Seed: 2, Account: "210987654321", Region: "eu-west-1", Now: clock})
	// Timers never fire by themselves: After only records what is armed,
	// so the second account asks for no metrics in this test.
	var armed []tea.Msg
	m := New(Options{
		Backend: first,
		Now:     clock,
		After:   func(_ time.Duration, msg tea.Msg) tea.Cmd { armed = append(armed, msg); return nil },
		Connect: func(ctx context.Context, profile, region string) (providers.Backend, error) {
			if profile == "broken" {
				return nil, errors.New("no such profile")
			}
			return second, nil
		},
		Profiles: func() ([]string, error) { return []string{"prod", "broken"}, nil },
		Regions:  []string{"us-east-1", "eu-west-1"},
	})
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	runAll(m, m.Init())
	if m.who.ID().Account != "123456789012" {
		t.Fatalf("identity: %+v", m.who.ID())
	}
	// A refresh of the first account is in flight when the user switches.
	l := m.top()
	l.Inflight = false
	stale := m.fetch(l)
	// So is a request of the list's metrics: the rows are due again, and
	// the check that fires asks for them.
	m.metrics.Refetch()
	armed = nil
	m.metrics.Schedule(0)
	if len(armed) != 1 {
		t.Fatalf("%d timers armed for the list's metrics", len(armed))
	}
	_, staleMetrics := m.Update(armed[0])

	// A profile that fails validation leaves everything as it was.
	runAll(m, m.switchTo("broken", "us-east-1"))
	if text, _ := m.status.Shown(); m.who.ID().Account != "123456789012" || !strings.Contains(text, "could not switch") {
		t.Fatalf("failed switch changed state: %+v %q", m.who.ID(), text)
	}

	runAll(m, m.switchTo("prod", "eu-west-1"))
	if m.who.ID().Account != "210987654321" || m.who.ID().Region != "eu-west-1" {
		t.Fatalf("switch did not take: %+v", m.who.ID())
	}
	secondNames := map[string]bool{}
	for _, r := range m.top().fns.Items() {
		secondNames[r.Fn.ARN] = true
	}
	// The old account's answers arrive now and must be dropped.
	runAll(m, stale)
	runAll(m, staleMetrics)
	for _, r := range m.top().fns.Items() {
		if !strings.Contains(r.Fn.ARN, ":210987654321:") {
			t.Fatalf("a function of the previous account landed: %s", r.Fn.ARN)
		}
	}
	if lv := m.metrics.Figures("checkout-api"); lv != nil && !lv.Loading && lv.Err == "" && lv.InvPerMin > 0 {
		// The second account asked for none (no timer fires).
		t.Fatal("metrics of the previous account landed")
	}
	screen := ansi.Strip(m.Render())
	if !strings.Contains(screen, "210987654321") || strings.Contains(screen, "123456789012") {
		t.Fatalf("header shows the wrong account:\n%s", screen)
	}
}
