package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
)

// TestLogsOneLambdaCall: a function's log group costs one Lambda call,
// GetFunction, before the first line is read.
func TestLogsOneLambdaCall(t *testing.T) {
	_, p := simOverWire(t, time.Now)
	var out, errb bytes.Buffer
	lf := &logsFlags{since: "1m", output: "text", timeout: 10 * time.Second}
	if err := runLogs(t.Context(), p, time.Now, sleep, "function", []string{"audit-log-writer"}, lf, &out, &errb); err != nil {
		t.Fatal(err)
	}
	lambda := map[string]int{}
	for _, c := range p.Stats().Calls {
		if c.Service == "Lambda" {
			lambda[c.Operation] += c.Calls
		}
	}
	if len(lambda) != 1 || lambda["GetFunction"] != 1 {
		t.Fatalf("Lambda calls %v, want one GetFunction", lambda)
	}
	if !strings.Contains(out.String(), "START RequestId") {
		t.Fatal("no line read from the function's custom log group")
	}
}

// TestLogsSinceUntil: --since and --until take what the log pane's since
// prompt takes, and bound what is printed.
func TestLogsSinceUntil(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	c := testkit.NewClock(t0)
	_, p := simOverWire(t, c.Now)
	run := func(since, until string) ([]string, error) {
		var out, errb bytes.Buffer
		lf := &logsFlags{since: since, until: until, output: "text", timeout: 10 * time.Second}
		err := runLogs(t.Context(), p, c.Now, sleep, "function", []string{"checkout-api"}, lf, &out, &errb)
		return strings.Split(strings.TrimSpace(out.String()), "\n"), err
	}
	for _, r := range []struct {
		since, until string
		from, to     time.Time
	}{
		{"2d", "2879m", t0.Add(-48 * time.Hour), t0.Add(-2879 * time.Minute)},
		{"10m", "5m", t0.Add(-10 * time.Minute), t0.Add(-5 * time.Minute)},
		{"2026-11-25 14:00", "2026-11-25T14:01:30Z", t0.Add(-30 * time.Minute), t0.Add(-29*time.Minute + 30*time.Second)},
	} {
		lines, err := run(r.since, r.until)
		if err != nil {
			t.Fatalf("%s..%s: %v", r.since, r.until, err)
		}
		if len(lines) < 50 {
			t.Fatalf("%s..%s: %d lines", r.since, r.until, len(lines))
		}
		first, _ := time.Parse("2006-01-02T15:04:05.000Z", lines[0][:24])
		last, _ := time.Parse("2006-01-02T15:04:05.000Z", lines[len(lines)-1][:24])
		if first.Before(r.from) || first.After(r.from.Add(5*time.Second)) || !last.Before(r.to) || last.Before(r.to.Add(-5*time.Second)) {
			t.Fatalf("%s..%s printed %v..%v, want %v..%v", r.since, r.until, first, last, r.from, r.to)
		}
	}
	if _, err := run("5m", "10m"); err == nil || !strings.Contains(err.Error(), "--since must be before --until") {
		t.Fatalf("reversed range: %v", err)
	}
	if _, err := run("someday", ""); err == nil || !strings.Contains(err.Error(), "--since") {
		t.Fatalf("bad since: %v", err)
	}
}

// TestLogsStreamsInBoundedMemory runs `virga logs function
// clickstream-ingest --demo --since 1h -o json` (the simulated account in
// the same process, as with --demo, at a busy hour) in a child process
// and reports the time to its first line and its peak RSS. The lines are
// printed page by page, so memory does not grow with the range.
func TestLogsStreamsInBoundedMemory(t *testing.T) {
	if testkit.InChild(t, runLogsChild) {
		return
	}
	if testing.Short() || raceEnabled {
		t.Skip("prints an hour of the busiest simulated function and measures memory (not under -race)")
	}
	testkit.MeasuresMemory(t)
	var errb bytes.Buffer
	start := time.Now()
	cmd, out := testkit.StartChild(t, &errb)
	var first time.Duration
	lines := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "{") {
			if lines == 0 {
				first = time.Since(start)
			}
			lines++
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	total := time.Since(start)
	// The child reports its own VmHWM: a child's rusage would count the
	// parent's memory at the fork.
	rss, ok := testkit.ReportedPeakRSS(errb.String())
	if !ok {
		t.Fatalf("the child reported no peak RSS:\n%s", errb.String())
	}
	t.Logf("virga logs --since 1h -o json (clickstream-ingest, demo): %d lines; first line after %v; all in %v; peak RSS %.0f MiB",
		lines, first.Round(time.Millisecond), total.Round(time.Millisecond), rss)
	if lines < 100_000 {
		t.Fatalf("only %d lines: the range is not the busy hour", lines)
	}
	if rss > 150 {
		t.Fatalf("peak RSS %.0f MiB, the target is 150 MiB", rss)
	}
}

// runLogsChild is the child of TestLogsStreamsInBoundedMemory: the demo
// set-up of openDemo with the clock at a busy hour, then the command as
// its RunE runs it.
func runLogsChild(t *testing.T) {
	limitMemory()
	busy := time.Date(2026, 11, 25, 18, 40, 0, 0, time.UTC)
	_, p := simOverWire(t, func() time.Time { return busy })
	lf := &logsFlags{since: "1h", output: "json", timeout: 30 * time.Second}
	var errb bytes.Buffer
	if err := runLogs(t.Context(), providers.Backend(p), func() time.Time { return busy }, sleep, "function", []string{"clickstream-ingest"}, lf, os.Stdout, &errb); err != nil {
		t.Fatal(err, errb.String())
	}
	testkit.ReportPeakRSS(t, os.Stderr)
}

// TestLogsTextCarriesNoEscapes: legacy-cron logs hostile lines; the text
// output must hold no escape, control (but newline and tab) or C1
// character, and no invalid UTF-8, whatever it is written to.
func TestLogsTextCarriesNoEscapes(t *testing.T) {
	out := runVirga(t, "logs", "function", "legacy-cron", "--demo", "--since", "6h")
	if !utf8.ValidString(out) {
		t.Fatal("invalid UTF-8 in the output")
	}
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) {
			t.Fatalf("control %U in the output", r)
		}
	}
	if !strings.Contains(out, "␛]") {
		t.Fatal("expected a neutralised escape sequence from legacy-cron in six hours")
	}
}

func TestLogsJSONAndService(t *testing.T) {
	out := runVirga(t, "logs", "service", "catalog-api", "--cluster", "prod-api", "--demo", "--since", "2m", "-o", "json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 10 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil || doc["group"] != "/ecs/catalog-api" {
			t.Fatalf("bad line %q: %v", l, err)
		}
	}
	merged := runVirga(t, "logs", "function", "checkout-api", "payments-webhook", "--demo", "--since", "1m")
	if !strings.Contains(merged, "[checkout-api] ") || !strings.Contains(merged, "[payments-webhook] ") {
		t.Fatal("merged functions are not tagged")
	}
}

// TestLogsJSONCarriesNoControls: -o json of legacy-cron's hostile lines
// is valid JSON with DEL, C1 controls and bidi overrides escaped.
func TestLogsJSONCarriesNoControls(t *testing.T) {
	out := runVirga(t, "logs", "function", "legacy-cron", "--demo", "--since", "6h", "-o", "json")
	for _, r := range out {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || (r < 0x20 && r != '\n') {
			t.Fatalf("raw %U in the JSON output", r)
		}
	}
	escaped := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil {
			t.Fatalf("bad line %q: %v", l, err)
		}
		if strings.ContainsAny(doc["message"].(string), "\u202e\u009b\x7f") {
			escaped++
		}
	}
	if escaped == 0 {
		t.Fatal("no hostile line in six hours of legacy-cron: the test checks nothing")
	}
}
