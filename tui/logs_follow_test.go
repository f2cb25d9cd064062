package tui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/sanitize"
)

// truth reads every event of groups in [from, to) straight from the
// simulated account, keyed as the pane shows them (time and sanitized
// text), with their counts.
func truth(t *testing.T, acct *sim.Account, groups []string, from, to time.Time) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, g := range groups {
		counts := testkit.LogCounts(t, acct, g, from, to, func(e providers.LogEvent) string {
			return key(e.Timestamp.UnixMilli(), sanitize.Text(strings.TrimRight(e.Message, "\r\n")))
		})
		for k, n := range counts {
			out[k] += n
		}
	}
	return out
}

func key(ms int64, text string) string { return fmt.Sprintf("%d\x00%s", ms, text) }

// held counts the pane's event lines in [from, to).
func held(lines []logs.Line, from, to time.Time) map[string]int {
	out := map[string]int{}
	for _, l := range lines {
		if l.Marker() || l.Time < from.UnixMilli() || l.Time >= to.UnixMilli() {
			continue
		}
		out[key(l.Time, l.Text)]++
	}
	return out
}

func markers(lines []logs.Line, kind logs.Kind) []string {
	var out []string
	for _, l := range lines {
		if l.Kind == kind {
			out = append(out, l.Text)
		}
	}
	return out
}

// sameLines fails unless got holds every line of want exactly as often.
func sameLines(t *testing.T, want, got map[string]int) {
	t.Helper()
	lost, dup, extra := testkit.Tally(want, got)
	dup += extra // a line the account never wrote counts as a duplicate
	if lost > 0 || dup > 0 {
		t.Fatalf("%d lines lost and %d duplicated out of %d", lost, dup, len(want))
	}
	if len(want) < 50 {
		t.Fatalf("only %d lines to compare: the test checks nothing", len(want))
	}
}

func bigBuffer(o *setup) { o.Logs.Lines = 2_000_000; o.Logs.Bytes = 1 << 30 }

// TestPollingLosesAndDuplicatesNothing follows two functions merged by
// polling through throttles, empty pages with tokens, network errors and
// the pane being hidden and shown again, and compares the pane with the
// account's own record of those minutes.
func TestPollingLosesAndDuplicatesNothing(t *testing.T) {
	h, acct := newDemo(t, 120, 40, bigBuffer)
	t0 := h.clock.Now()
	h.key(":", "type:logs checkout-api payments-webhook", "enter")
	h.advance(20 * time.Second)
	h.fail("Logs.FilterLogEvents", providers.ErrThrottled, 15*time.Second)
	h.advance(40 * time.Second)
	acct.SetFault("Logs.FilterLogEvents", sim.Fault{EmptyPages: true})
	h.advance(30 * time.Second)
	h.fail("Logs.FilterLogEvents", providers.ErrNetwork, 20*time.Second)
	h.advance(40 * time.Second)
	h.heal("Logs.FilterLogEvents")
	// Hide the pane (the invocations screen covers it and restarts the
	// stream from where the pane was), then come back.
	h.key("I")
	h.advance(45 * time.Second)
	h.key("esc")
	h.advance(30 * time.Second)
	end := h.clock.Now().Add(-15 * time.Second)
	lines := h.logLines()
	if gaps := markers(lines, logs.KindGap); len(gaps) > 0 {
		t.Fatalf("gaps marked without cause: %q", gaps)
	}
	from := t0.Add(-time.Minute)
	sameLines(t, truth(t, acct, []string{"/aws/lambda/checkout-api", "/aws/lambda/payments-webhook"}, from, end), held(lines, from, end))
}

// TestGapMarkedAfterLongOutage: when reading fails for longer than the
// catch-up limit, the pane says which minutes may be missing and why,
// and everything after them is complete.
func TestGapMarkedAfterLongOutage(t *testing.T) {
	h, acct := newDemo(t, 120, 40, bigBuffer)
	h.key("/", "type:checkout-api", "enter", "l")
	h.advance(10 * time.Second)
	h.fail("Logs.FilterLogEvents", providers.ErrNetwork, 25*time.Minute)
	h.advance(26 * time.Minute)
	h.advance(20 * time.Second)
	lines := h.logLines()
	gaps := markers(lines, logs.KindGap)
	if len(gaps) != 1 || !strings.Contains(gaps[0], "may be missing") || !strings.Contains(gaps[0], "connection reset by peer") {
		t.Fatalf("gap markers: %q", gaps)
	}
	resumed := h.clock.Now().Add(-20*time.Second - logCatchUpForTest)
	// Nobody pressed a key for 26 minutes: the pane polls every 10 s.
	end := h.clock.Now().Add(-12 * time.Second)
	sameLines(t, truth(t, acct, []string{"/aws/lambda/checkout-api"}, resumed.Add(time.Minute), end), held(lines, resumed.Add(time.Minute), end))
}

// logCatchUpForTest mirrors the engine's catch-up limit.
const logCatchUpForTest = 10 * time.Minute
