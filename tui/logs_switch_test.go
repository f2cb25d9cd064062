package tui_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/logs"
)

// choppyTail is the simulated account with a Live Tail that behaves as
// a real one does on a bad day, in the harness's time: each session
// delivers the last five seconds' events late, without event ids (Live
// Tail sends none), then drops. The pane must reconnect, backfill and
// show every line once, although every event reaches it twice or more.
type choppyTail struct {
	onAccount
	sessions int
}

func (c *choppyTail) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	c.sessions++
	now := c.clock.Now()
	var evs []providers.LogEvent
	for _, g := range req.Groups {
		for tok := ""; ; {
			p, err := c.FilterLogEvents(ctx, providers.LogQuery{Group: g, Start: now.Add(-5 * time.Second), End: now, NextToken: tok})
			if err != nil {
				return nil, err
			}
			for _, e := range p.Events {
				e.ID = ""
				evs = append(evs, e)
			}
			if tok = p.NextToken; tok == "" {
				break
			}
		}
	}
	ch := make(chan providers.LogBatch, 2)
	ch <- providers.LogBatch{Events: evs}
	ch <- providers.LogBatch{Err: &providers.Error{Kind: providers.ErrNetwork, Op: "Logs.StartLiveTail", Message: "stream reset"}}
	close(ch)
	return ch, nil
}

// screenRows are the log rows on screen, blank ones left out.
func screenRows(h *harness) []string {
	var out []string
	for _, r := range strings.Split(h.screen(), "\n")[3:] {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// noRepeatedRows fails when a row shows twice on screen (every demo line
// carries a timestamp and a request id: two equal rows are one line twice).
func noRepeatedRows(t *testing.T, h *harness) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range screenRows(h) {
		if strings.Contains(r, " ℹ ") || strings.Contains(r, " ⚠ ") || strings.HasPrefix(r, "at ") {
			// Markers may repeat (one per reconnect); stack frames too.
			continue
		}
		if seen[r] {
			t.Fatalf("row shown twice: %q\n%s", r, h.screen())
		}
		seen[r] = true
	}
}

// TestSwitchingScreensNeverDuplicates follows a function over Live Tail
// (with reconnects and backfills), switches to its invocations and back,
// then to one request's lines and back, with lines arriving all along:
// the buffer holds every line of those minutes exactly once, and the
// screen never shows a line twice.
func TestSwitchingScreensNeverDuplicates(t *testing.T) {
	be := &choppyTail{}
	h, _ := newDemo(t, 200, 50, over(be), bigBuffer, liveTail)
	h.key("/", "type:checkout-api", "enter", "l")
	h.advance(20 * time.Second)
	noRepeatedRows(t, h)
	h.key("I")
	h.advance(10 * time.Second)
	h.mustSee("invocations")
	h.key("esc")
	h.advance(3 * time.Second)
	noRepeatedRows(t, h)
	h.key("I", "enter")
	h.advance(10 * time.Second)
	h.mustSee("request ")
	noRepeatedRows(t, h)
	h.key("esc")
	h.advance(10 * time.Second)
	noRepeatedRows(t, h)
	if be.sessions < 10 {
		t.Fatalf("only %d Live Tail sessions: the test did not reconnect", be.sessions)
	}
	lines := h.logLines()
	if gaps := markers(lines, logs.KindGap); len(gaps) > 0 {
		t.Fatalf("gaps marked without cause: %q", gaps)
	}
	from, end := start.Add(-10*time.Minute), h.clock.Now().Add(-6*time.Second)
	sameLines(t, truth(t, be.Account, []string{"/aws/lambda/checkout-api"}, from, end), held(lines, from, end))
}

// TestQuietFunctionShowsItsLastLines: a function whose last line is an
// hour old (the nightly report ran at 02:00) opens on those lines at once,
// marked with their age, instead of an empty 15-minute range; the lines
// are the newest the account holds.
func TestQuietFunctionShowsItsLastLines(t *testing.T) {
	h, acct := newDemo(t, 160, 40, startAt(nightlyReportRan))
	h.press("/", "type:nightly-report", "enter", "l")
	lines := h.logLines()
	var last logs.Line
	for _, l := range lines {
		if !l.Marker() {
			last = l
		}
	}
	if last.Text == "" {
		t.Fatalf("no line shown:\n%s", h.screen())
	}
	newest := time.UnixMilli(last.Time)
	want, got := truth(t, acct, []string{"/aws/lambda/nightly-report"}, newest, h.clock.Now()), held(lines, newest, h.clock.Now())
	if !maps.Equal(want, got) {
		t.Fatalf("the newest line shown (%s) is not the account's newest: %d lines at or after it, %d shown", newest.UTC(), len(want), len(got))
	}
	age := h.clock.Now().Sub(time.UnixMilli(last.Time))
	if age < time.Hour || age > 2*time.Hour {
		t.Fatalf("the last line is %v old: the test needs an hour-old one", age)
	}
	notices := strings.Join(markers(lines, logs.KindNotice), "\n")
	if !strings.Contains(notices, "last line 1h ago") {
		t.Fatalf("the age is not marked: %q", notices)
	}
	h.mustSee("REPORT", "last line 1h ago")
	if n := acct.Calls("Logs.DescribeLogStreams"); n != 1 {
		t.Fatalf("%d DescribeLogStreams calls", n)
	}
	// The last invocation is there whole, for context: its START too,
	// minutes before its REPORT.
	if last.ReqID == "" || !slices.ContainsFunc(lines, func(l logs.Line) bool {
		return strings.HasPrefix(l.Text, "START RequestId: "+last.ReqID)
	}) {
		t.Fatalf("the last invocation (%q) is not there from its start", last.ReqID)
	}
}

// nightlyReportRan is an hour after the nightly report's last line.
var nightlyReportRan = time.Date(2026, 11, 25, 3, 10, 0, 0, time.UTC)

// TestQuietWithoutStreamHints: where DescribeLogStreams cannot be asked
// (a denied call), the search widens step by step and still finds them.
func TestQuietWithoutStreamHints(t *testing.T) {
	h, _ := newDemo(t, 160, 40, startAt(nightlyReportRan), failing("Logs.DescribeLogStreams", providers.ErrAccessDenied))
	h.key("/", "type:nightly-report", "enter", "l")
	h.advance(3 * time.Second)
	h.mustSee("REPORT", "last line 1h ago")
}

// TestHiddenMidReadNeverDuplicates: a pane hidden half way through a
// read (I at once on a function that logs 5,000 lines a second, whose
// last minute is 30 pages; then I and back every second, in the middle of
// polls of 6 pages) resumes where it was, and holds every line once.
func TestHiddenMidReadNeverDuplicates(t *testing.T) {
	// Paced as an account is, so the first window takes several rounds.
	be := &steadyLogs{rate: 5000}
	h, _ := newDemo(t, 160, 40, over(be), paced, bigBuffer)
	h.key(":", "type:logs checkout-api", "enter", "I")
	if n := len(h.logLines()); n == 0 || n >= 300_000 {
		t.Fatalf("%d lines when the pane was hidden: the first window must be half read", n)
	}
	h.advance(5 * time.Second)
	h.key("esc")
	h.advance(20 * time.Second)
	for i := range 12 {
		h.advance(time.Duration(300+70*i) * time.Millisecond)
		h.key("I")
		h.advance(200 * time.Millisecond)
		h.key("esc")
	}
	h.advance(15 * time.Second)
	from, end := start.Add(-time.Minute), h.clock.Now().Add(-5*time.Second)
	want := testkit.LogCounts(t, be, steadyGroup, from, end, func(e providers.LogEvent) string {
		return key(e.Timestamp.UnixMilli(), e.Message)
	})
	sameLines(t, want, held(h.logLines(), from, end))
}
