package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// simOverWire serves a simulated account on its wire server and returns
// the AWS provider on it, as --demo does, with the account's clock.
func simOverWire(t *testing.T, now func() time.Time, mutate ...func(*awsprov.Config)) (*sim.Account, *awsprov.Provider) {
	t.Helper()
	acct := sim.New(sim.Config{Seed: 1, Now: now})
	srv, err := server.Start(acct)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := awsprov.Config{Region: "us-east-1", EndpointURL: srv.URL(),
		AccessKeyID: demoKeys, SecretAccessKey: demoKeys, CallTimeout: 10 * time.Second}
	for _, f := range mutate {
		f(&cfg)
	}
	p, err := awsprov.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return acct, p
}

// eventKey names an event as the output shows it.
func eventKey(ms int64, stream, msg string) string {
	return fmt.Sprintf("%d|%s|%s", ms, stream, strings.TrimRight(msg, "\r\n"))
}

// printedEvents counts the events of -o json output in [from, to).
func printedEvents(t *testing.T, out string, from, to time.Time) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var e jsonEvent
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("bad line %q: %v", l, err)
		}
		at, err := time.Parse("2006-01-02T15:04:05.000Z", e.Time)
		if err != nil {
			t.Fatal(err)
		}
		if !at.Before(from) && at.Before(to) {
			got[eventKey(at.UnixMilli(), e.Stream, e.Message)]++
		}
	}
	return got
}

// accountEvents counts the account's own events of group in [from, to).
func accountEvents(t *testing.T, acct *sim.Account, group string, from, to time.Time) map[string]int {
	t.Helper()
	return testkit.LogCounts(t, acct.FilterLogEvents, group, from, to, func(e providers.LogEvent) string {
		return eventKey(e.Timestamp.UnixMilli(), e.Stream, e.Message)
	})
}

// everyEventOnce fails unless got holds each event of want exactly as
// often.
func everyEventOnce(t *testing.T, want, got map[string]int) {
	t.Helper()
	lost, dup, extra := testkit.Differences(want, got)
	if lost+dup+extra > 0 || len(want) < 100 {
		t.Fatalf("%d events: %d lost, %d printed twice, %d not in the account", len(want), lost, dup, extra)
	}
}

// TestLogsFollowSurvivesAnOutage follows a function by polling while its
// endpoint drops every connection for 60 s (simulated time): the command
// keeps running, says so on stderr, and afterwards has printed every
// event of the gap, once.
func TestLogsFollowSurvivesAnOutage(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	c := testkit.NewClock(t0)
	// Three simulated minutes pass in a moment: the Provider's pacing of
	// FilterLogEvents, which runs on real time, would only slow the test.
	acct, p := simOverWire(t, c.Now, func(c *awsprov.Config) { c.LogCallsPerSecond = 1000 })
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	outage, back, stop := t0.Add(30*time.Second), t0.Add(90*time.Second), t0.Add(3*time.Minute)
	var faulted bool
	wait := func(ctx context.Context, d time.Duration) bool {
		c.Advance(d)
		if now := c.Now(); !faulted && !now.Before(outage) {
			faulted = true
			acct.SetFault("Logs.FilterLogEvents", sim.Fault{Kind: providers.ErrNetwork, Until: back})
		} else if now.After(stop) {
			cancel()
		}
		return ctx.Err() == nil
	}
	var out, errb bytes.Buffer
	lf := &logsFlags{since: "1m", follow: true, poll: true, output: "json", timeout: 10 * time.Second}
	if err := runLogs(ctx, p, c.Now, wait, "function", []string{"checkout-api"}, lf, &out, &errb); err != nil {
		t.Fatal(err)
	}
	warnings := errb.String()
	if !strings.Contains(warnings, "virga: logs: network error") || !strings.Contains(warnings, "retrying in") ||
		!strings.Contains(warnings, "reading again after 1m") {
		t.Fatalf("stderr does not tell the outage:\n%s", warnings)
	}
	from, to := t0.Add(-time.Minute), stop.Add(-followOverlap)
	everyEventOnce(t, accountEvents(t, acct, "/aws/lambda/checkout-api", from, to), printedEvents(t, out.String(), from, to))
}

// TestLogsFollowLiveTailThroughAnOutage follows over Live Tail in real
// time; the endpoint drops every connection for three seconds, which
// breaks the session: the command retries, opens a new session, reads
// back what it missed and prints every event once.
func TestLogsFollowLiveTailThroughAnOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("follows a live tail for ten real seconds")
	}
	acct, p := simOverWire(t, time.Now)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errb bytes.Buffer
	start := time.Now()
	done := make(chan error, 1)
	lf := &logsFlags{since: "30s", follow: true, output: "json", timeout: 10 * time.Second}
	go func() {
		done <- runLogs(ctx, p, time.Now, sleep, "function", []string{"payments-webhook"}, lf, &out, &errb)
	}()
	time.Sleep(3 * time.Second)
	until := time.Now().Add(3 * time.Second)
	for _, op := range []string{"Logs.StartLiveTail", "Logs.FilterLogEvents"} {
		acct.SetFault(op, sim.Fault{Kind: providers.ErrNetwork, Until: until})
	}
	time.Sleep(7 * time.Second)
	stop := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := acct.Calls("Logs.StartLiveTail"); n < 2 {
		t.Fatalf("%d Live Tail sessions: it did not tail before and after the outage", n)
	}
	if w := errb.String(); !strings.Contains(w, "retrying in") || !strings.Contains(w, "reading again after") {
		t.Fatalf("stderr does not tell the outage:\n%s", w)
	}
	from, to := start.Add(-30*time.Second).Truncate(time.Millisecond).Add(time.Second), stop.Add(-3*time.Second)
	everyEventOnce(t, accountEvents(t, acct, "/aws/lambda/payments-webhook", from, to), printedEvents(t, out.String(), from, to))
}
