package tui_test

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui"
)

// steadyLogs is the simulated account whose checkout-api logs exactly
// rate lines a second, every one different, with event ids, paged as
// FilterLogEvents pages (10,000 events at most).
type steadyLogs struct {
	onAccount
	rate int64
}

const steadyGroup = "/aws/lambda/checkout-api"

func (s *steadyLogs) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	if q.Group != steadyGroup {
		return s.Account.FilterLogEvents(ctx, q)
	}
	perMs := s.rate / 1000
	i := q.Start.UnixMilli() * perMs
	if q.NextToken != "" {
		i, _ = strconv.ParseInt(q.NextToken, 10, 64)
	}
	end := q.End.UnixMilli() * perMs
	var page providers.LogPage
	// Several events share a millisecond: format its stamp once.
	lastMs, stamp := int64(-1), ""
	for ; i < end && len(page.Events) < 10_000; i++ {
		ms := i / perMs
		if ms != lastMs {
			lastMs, stamp = ms, time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
		}
		rid := hexPad(i/6, 8) + "-1b2c-4d5e-8f90-" + hexPad(i/6, 12)
		page.Events = append(page.Events, providers.LogEvent{
			ID: strconv.FormatInt(i, 10), Timestamp: time.UnixMilli(ms).UTC(), Group: steadyGroup,
			Stream:  "2026/11/25/[$LATEST]" + strconv.FormatInt(i/100_000%8, 16),
			Message: stamp + "\t" + rid + "\tINFO\tprocessed order " + strconv.FormatInt(i, 10) + " for customer " + strconv.FormatInt(i%9973, 10) + " in 12 ms",
		})
	}
	if i < end {
		page.NextToken = strconv.FormatInt(i, 10)
	}
	return page, nil
}

// hexPad is v in hex, zero-padded to width (fmt's %0*x, without fmt's
// cost: the fake formats hundreds of thousands of request ids).
func hexPad(v int64, width int) string {
	h := strconv.FormatInt(v, 16)
	if len(h) >= width {
		return h
	}
	return strings.Repeat("0", width-len(h)) + h
}

// TestFollowerMemory follows a function that logs 5,000 lines a second
// until a million lines went through the whole follower path (the poll
// engine with its overlapping reads and de-duplication, the session and
// the viewer with its bounded buffer), in simulated time, in a child
// process of its own, and reports the child's peak RSS (target P10:
// 150 MiB).
func TestFollowerMemory(t *testing.T) {
	if testkit.InChild(t, followMillion) {
		return
	}
	if testing.Short() || raceEnabled {
		t.Skip("follows a million lines and measures memory (not under -race)")
	}
	testkit.MeasuresMemory(t)
	cmd, out := testkit.StartChild(t, nil, "-test.v")
	var report []string
	rss := -1.0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "followed "); ok {
			report = append(report, "followed "+rest)
		} else if mib, ok := testkit.ReportedPeakRSS(sc.Text()); ok {
			rss = mib
		} else if strings.Contains(sc.Text(), "FAIL") || strings.Contains(sc.Text(), "_test.go") {
			report = append(report, strings.TrimSpace(sc.Text()))
		}
	}
	if err := cmd.Wait(); err != nil || rss < 0 {
		t.Fatalf("child: %v\n%s", err, strings.Join(report, "\n"))
	}
	t.Logf("%s; peak RSS of the whole process %.0f MiB", strings.Join(report, "; "), rss)
	if rss > 150 {
		t.Fatalf("peak RSS %.0f MiB after a million followed lines, the target is 150 MiB", rss)
	}
}

// followMillion is the child: a log pane on the steady function, polled
// (Live Tail would sample 5,000 lines a second down to 500), for 200
// simulated seconds.
func followMillion(t *testing.T) {
	h, _ := newDemo(t, 200, 50, over(&steadyLogs{rate: 5000}))
	h.key(":", "type:logs checkout-api", "enter")
	for range 200 {
		h.advance(time.Second)
	}
	lines := h.logLines()
	held, through := len(lines), tui.LogLinesThrough(h.m)
	t.Logf("followed %d lines at 5,000 a second (%d held); the pane is %v behind",
		through, held, h.clock.Now().Sub(time.UnixMilli(lines[len(lines)-1].Time)).Round(time.Second))
	if through < 1_000_000 {
		t.Fatalf("only %d lines went through the pane", through)
	}
	testkit.ReportPeakRSS(t, os.Stdout)
	// Every line is distinct: a line appended twice would show here.
	seen := make(map[string]bool, len(lines))
	for _, l := range lines {
		if !l.Marker() {
			if seen[l.Text] {
				t.Fatalf("line held twice: %q", l.Text)
			}
			seen[l.Text] = true
		}
	}
}
