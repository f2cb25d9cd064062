package tui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/logs"
)

// scriptedTail is the simulated account with a Live Tail whose sessions
// follow a script: each Tail call gets the next session's batches on a
// channel that is already filled and closed, so the synchronous harness
// never waits. A nil session makes Tail fail.
type scriptedTail struct {
	onAccount
	sessions [][]providers.LogBatch
	calls    int
}

func (s *scriptedTail) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	s.calls++
	if len(s.sessions) == 0 || s.sessions[0] == nil {
		return nil, &providers.Error{Kind: providers.ErrAccessDenied, Op: "Logs.StartLiveTail", Message: "not authorized"}
	}
	script := s.sessions[0]
	s.sessions = s.sessions[1:]
	ch := make(chan providers.LogBatch, len(script))
	for _, b := range script {
		ch <- b
	}
	close(ch)
	return ch, nil
}

func fakeEvents(group string, at time.Time, prefix string, n int) []providers.LogEvent {
	out := make([]providers.LogEvent, n)
	for i := range out {
		out[i] = providers.LogEvent{ID: fmt.Sprintf("%s-%d", prefix, i), Timestamp: at.Add(time.Duration(i) * time.Millisecond),
			Group: group, Stream: "2026/11/25/[4]abc", Message: fmt.Sprintf("%s line %d", prefix, i)}
	}
	return out
}

// TestLiveTailSampledAndSessionTimeout: a sampled update shows the
// SAMPLED badge and a notice; when sampling ends a gap says which lines
// were sampled; a session timeout reconnects at once; an unexpected end
// reconnects after a backoff; a refused session falls back to polling.
// Lines delivered twice (the same event id) are shown once.
func TestLiveTailSampledAndSessionTimeout(t *testing.T) {
	g := "/aws/lambda/checkout-api"
	at := start.Add(time.Second)
	first := fakeEvents(g, at, "one", 3)
	sampled := fakeEvents(g, at.Add(time.Second), "burst", 500)
	after := fakeEvents(g, at.Add(2*time.Second), "calm", 2)
	be := &scriptedTail{sessions: [][]providers.LogBatch{
		{{Events: first}, {Events: sampled, Sampled: true}},
		{{Events: first[:1]}, {Events: after}, {Err: fmt.Errorf("wrapped: %w", providers.ErrSessionTimeout)}},
		{{Events: fakeEvents(g, at.Add(3*time.Second), "second", 2)}},
		nil,
	}}
	// The first session ends without an error: make it end with a timeout
	// after its sampled update instead.
	be.sessions[0] = append(be.sessions[0], providers.LogBatch{Err: providers.ErrSessionTimeout})
	h, _ := newDemo(t, 140, 40, over(be), liveTail)
	h.key("/", "type:checkout-api", "enter", "l")
	// The backfills that release each reconnected session's lines wait
	// for the log call limiter, behind the first history window.
	h.advance(500 * time.Millisecond)
	lines := h.logLines()
	notices := strings.Join(markers(lines, logs.KindNotice), "\n")
	if !strings.Contains(notices, "Live Tail is sending a sample") || !strings.Contains(notices, "reached its time limit · reconnected") {
		t.Fatalf("notices:\n%s", notices)
	}
	gaps := markers(lines, logs.KindGap)
	if len(gaps) != 1 || !strings.Contains(gaps[0], "Live Tail sent a sample") {
		t.Fatalf("gaps: %q", gaps)
	}
	count := map[string]int{}
	for _, l := range lines {
		count[l.Text]++
	}
	for _, want := range []string{"one line 0", "one line 2", "burst line 499", "calm line 1"} {
		if count[want] != 1 {
			t.Fatalf("%q shown %d times", want, count[want])
		}
	}
	// The second session ended by timeout: the third opened at once.
	if be.calls != 3 {
		t.Fatalf("%d Live Tail sessions, want 3", be.calls)
	}
	// The third session delivered its lines and closed: between sessions
	// the bar does not say LIVE.
	h.advance(500 * time.Millisecond)
	h.mustSee("○ live tail down", "reconnecting")
	h.mustNotSee("LIVE TAIL")
	// The third session closed without an error: reconnect after a
	// backoff; the fourth is refused, so the pane polls.
	h.advance(5 * time.Second)
	if be.calls != 4 {
		t.Fatalf("%d Live Tail sessions, want 4", be.calls)
	}
	h.mustSee("polling")
	lines = h.logLines()
	if n := strings.Count(strings.Join(markers(lines, logs.KindNotice), "\n"), "; polling FilterLogEvents every"); n != 1 {
		t.Fatalf("fallback notice %d times", n)
	}
}

// TestSampledBadge shows the badge while Live Tail samples.
func TestSampledBadge(t *testing.T) {
	g := "/aws/lambda/checkout-api"
	be := &scriptedTail{sessions: [][]providers.LogBatch{
		{{Events: fakeEvents(g, start.Add(time.Second), "burst", 500), Sampled: true}},
	}}
	h, _ := newDemo(t, 140, 40, over(be), liveTail)
	h.key("/", "type:checkout-api", "enter", "l")
	h.advance(200 * time.Millisecond)
	// The scripted session ends after its one update: the bar keeps the
	// sampling and says the stream is down, not LIVE.
	h.mustSee("SAMPLED", "○ live tail down")
}

// htmlTail is an endpoint without Live Tail: StartLiveTail gets an HTML
// page, as from an emulator.
type htmlTail struct{ onAccount }

func (htmlTail) Tail(context.Context, providers.TailRequest) (<-chan providers.LogBatch, error) {
	return nil, &providers.Error{Op: "Logs.StartLiveTail", Message: "Live Tail unavailable here (HTTP 404)",
		Err: fmt.Errorf("%w: invalid character '<' looking for beginning of value", providers.ErrTailUnavailable)}
}

// TestLiveTailUnavailableFallsBackPlainly: the pane says why it polls in
// words a person reads, and polls.
func TestLiveTailUnavailableFallsBackPlainly(t *testing.T) {
	h, _ := newDemo(t, 140, 40, over(&htmlTail{}), liveTail)
	h.key("/", "type:checkout-api", "enter", "l")
	h.advance(3 * time.Second)
	h.mustSee("polling 2s")
	notices := markers(h.logLines(), logs.KindNotice)
	if len(notices) != 1 || notices[0] != "Live Tail unavailable here (HTTP 404); polling FilterLogEvents every 2s" {
		t.Fatalf("notices %q", notices)
	}
}
