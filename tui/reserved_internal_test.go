package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui/reserved"
)

// drain runs cmd and the batches it returns, handing every message that
// is not a batch to keep; the messages are not fed back to the model.
func drain(cmd tea.Cmd, keep func(tea.Msg)) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			drain(c, keep)
		}
	default:
		keep(msg)
	}
}

// startHeld is a model of the simulated account with n functions at
// 200x60 after its first round of messages, except the reservation reads,
// which are returned undelivered.
func startHeld(tb testing.TB, n int) (*Model, []reserved.ReadMsg) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	acct := sim.New(sim.Config{Seed: 1, Functions: n, Now: clock})
	m := New(Options{Backend: acct, Now: clock, After: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
	tb.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	var reads []reserved.ReadMsg
	var others []tea.Msg
	keep := func(msg tea.Msg) {
		if r, ok := msg.(reserved.ReadMsg); ok {
			reads = append(reads, r)
			return
		}
		others = append(others, msg)
	}
	drain(m.Init(), keep)
	for len(others) > 0 {
		msg := others[0]
		others = others[1:]
		_, cmd := m.Update(msg)
		drain(cmd, keep)
	}
	return m, reads
}

// TestReservedReadsInFlightAreBounded: however many rows are on screen,
// at most reserved.MaxInFlight reads are out at once; each answer starts the
// next read, and reads stop when the budget is spent.
func TestReservedReadsInFlightAreBounded(t *testing.T) {
	m, reads := startHeld(t, 120)
	keep := func(msg tea.Msg) {
		if r, ok := msg.(reserved.ReadMsg); ok {
			reads = append(reads, r)
		}
	}
	if len(reads) != reserved.MaxInFlight || m.metrics.Reads().InFlight() != reserved.MaxInFlight {
		t.Fatalf("%d reads started (%d in flight) for a screen of rows, want %d", len(reads), m.metrics.Reads().InFlight(), reserved.MaxInFlight)
	}
	// Each answer starts exactly one more, until the budget is spent.
	total := len(reads)
	for i := 0; i < len(reads) && i < 200; i++ {
		before := len(reads)
		_, cmd := m.Update(reads[i])
		drain(cmd, keep)
		if started := len(reads) - before; started > 1 {
			t.Fatalf("one answer started %d reads", started)
		}
		if m.metrics.Reads().InFlight() > reserved.MaxInFlight {
			t.Fatalf("%d reads in flight", m.metrics.Reads().InFlight())
		}
		total = len(reads)
	}
	if total > reserved.Burst {
		t.Fatalf("%d reads without the clock moving, want at most the burst of %d", total, reserved.Burst)
	}
}

// BenchmarkShowReserved10k is what showing a batch of read reservations
// costs at 10,000 functions.
func BenchmarkShowReserved10k(b *testing.B) {
	m, _ := startHeld(b, 10_000)
	if m.Rows() != 10_000 {
		b.Fatalf("%d rows", m.Rows())
	}
	b.ReportAllocs()
	for b.Loop() {
		m.metrics.ShowReserved()
	}
}
