package aws_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// readBatches drains a tail channel until it closes or d passes.
func readBatches(t *testing.T, ch <-chan providers.LogBatch, d time.Duration) []providers.LogBatch {
	t.Helper()
	var out []providers.LogBatch
	timeout := time.After(d)
	for {
		select {
		case b, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, b)
		case <-timeout:
			t.Fatalf("tail channel still open after %v (%d batches)", d, len(out))
		}
	}
}

func logEvent(stream, msg string, ts int64) map[string]any {
	return map[string]any{
		"logStreamName": stream, "logGroupIdentifier": "123456789012:/aws/lambda/orders",
		"message": msg, "timestamp": ts, "ingestionTime": ts + 100,
	}
}

func TestLiveTailOverTheWire(t *testing.T) {
	const wantARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders"
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "STS.GetCallerIdentity":
			stsIdentity(w, "123456789012")
		case "Logs.StartLiveTail":
			var body struct {
				LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
				LogEventFilterPattern string   `json:"logEventFilterPattern"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("decode StartLiveTail body: %v", err)
			}
			if len(body.LogGroupIdentifiers) != 1 || body.LogGroupIdentifiers[0] != wantARN || body.LogEventFilterPattern != "ERROR" {
				t.Errorf("StartLiveTail body = %+v", body)
			}
			es := startEventStream(w)
			es.event("sessionStart", map[string]any{"requestId": "r", "sessionId": "s", "logGroupIdentifiers": []string{wantARN}})
			es.event("sessionUpdate", map[string]any{
				"sessionMetadata": map[string]any{"sampled": false},
				"sessionResults":  []any{logEvent("b", "second", 1_700_000_001_000), logEvent("a", "first", 1_700_000_000_000)},
			})
			es.event("sessionUpdate", map[string]any{"sessionMetadata": map[string]any{"sampled": false}, "sessionResults": []any{}})
			es.event("sessionUpdate", map[string]any{
				"sessionMetadata": map[string]any{"sampled": true},
				"sessionResults":  []any{logEvent("a", "third", 1_700_000_002_000)},
			})
			es.exception("SessionTimeoutException", "Session timed out after 3 hours")
		default:
			http.NotFound(w, r)
		}
	})
	p := newProvider(t, f.URL(), nil)
	ch, err := p.Tail(testCtx(t, 20*time.Second), providers.TailRequest{Groups: []string{"/aws/lambda/orders"}, Pattern: "ERROR"})
	if err != nil {
		t.Fatal(err)
	}
	batches := readBatches(t, ch, 10*time.Second)
	if len(batches) != 3 {
		t.Fatalf("got %d batches, want 3 (two updates with events, then the error): %+v", len(batches), batches)
	}
	b0 := batches[0]
	if b0.Sampled || len(b0.Events) != 2 || b0.Events[0].Message != "first" || b0.Events[1].Message != "second" {
		t.Errorf("first batch = %+v", b0)
	}
	e := b0.Events[0]
	if e.Group != "/aws/lambda/orders" || e.Stream != "a" || !e.Timestamp.Equal(time.UnixMilli(1_700_000_000_000)) ||
		!e.Ingested.Equal(time.UnixMilli(1_700_000_000_100)) {
		t.Errorf("event = %+v", e)
	}
	if !batches[1].Sampled || len(batches[1].Events) != 1 {
		t.Errorf("second batch = %+v", batches[1])
	}
	last := batches[2]
	if last.Err == nil || len(last.Events) != 0 || !strings.Contains(providers.Short(last.Err), "live tail session ended") {
		t.Errorf("last batch = %+v, want the session timeout", last)
	}
	if !providers.IsSessionTimeout(last.Err) {
		t.Errorf("the session timeout must be recognisable so the follower reconnects: %v", last.Err)
	}
	for _, h := range f.hostsSeen() {
		if h != hostOnly(f.URL()) {
			t.Errorf("request went to host %q, not the endpoint (host prefix not disabled)", h)
		}
	}
}

func TestLiveTailEndsWithContext(t *testing.T) {
	f := newTailFake(t, func(es *eventStream, r *http.Request) {
		es.event("sessionUpdate", map[string]any{"sessionResults": []any{logEvent("a", "hello", 1_700_000_000_000)}})
		hang(r)
	})
	p := newProvider(t, f.URL(), nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ch, err := p.Tail(ctx, providers.TailRequest{Groups: []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*"}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-ch:
		if len(b.Events) != 1 || b.Events[0].Group != "/aws/lambda/orders" {
			t.Errorf("batch = %+v", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch")
	}
	cancel()
	if rest := readBatches(t, ch, 5*time.Second); len(rest) != 0 {
		t.Errorf("batches after cancel: %+v", rest)
	}
	if n := f.count("STS.GetCallerIdentity"); n != 0 {
		t.Errorf("an ARN group needed no identity, but STS was called %d times", n)
	}
}

func TestLiveTailRejectsBadRequests(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) { http.NotFound(w, r) })
	p := newProvider(t, f.URL(), func(c *awsprov.Config) {})
	groups := make([]string, 11)
	for i := range groups {
		groups[i] = "g"
	}
	for _, req := range []providers.TailRequest{{}, {Groups: groups}} {
		if _, err := p.Tail(t.Context(), req); providers.KindOf(err) != providers.ErrInvalid {
			t.Errorf("Tail(%d groups) = %v, want ErrInvalid", len(req.Groups), err)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("sent %d requests", n)
	}
}

// TestLiveTailFindsARNWithoutIdentity checks the fallback when STS cannot
// say which account this is: the log group's ARN comes from
// DescribeLogGroups instead.
func TestLiveTailFindsARNWithoutIdentity(t *testing.T) {
	const arn = "arn:aws:logs:us-east-1:210987654321:log-group:/aws/lambda/orders"
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "Logs.DescribeLogGroups":
			writeJSON(w, 200, "application/x-amz-json-1.1", map[string]any{"logGroups": []any{
				map[string]any{"logGroupName": "/aws/lambda/orders-v2", "logGroupArn": arn + "-v2", "arn": arn + "-v2:*"},
				map[string]any{"logGroupName": "/aws/lambda/orders", "logGroupArn": arn, "arn": arn + ":*"},
			}})
		case "Logs.StartLiveTail":
			var body struct {
				LogGroupIdentifiers []string `json:"logGroupIdentifiers"`
			}
			_ = json.NewDecoder(r.Body).Decode(&body)
			if len(body.LogGroupIdentifiers) != 1 || body.LogGroupIdentifiers[0] != arn {
				t.Errorf("identifiers = %v, want %s", body.LogGroupIdentifiers, arn)
			}
			es := startEventStream(w)
			es.event("sessionStart", map[string]any{"sessionId": "s"})
		default:
			jsonError(w, 400, "InvalidAction", "not here")
		}
	})
	p := newProvider(t, f.URL(), nil)
	ch, err := p.Tail(testCtx(t, 10*time.Second), providers.TailRequest{Groups: []string{"/aws/lambda/orders"}})
	if err != nil {
		t.Fatal(err)
	}
	if rest := readBatches(t, ch, 5*time.Second); len(rest) != 0 {
		t.Errorf("batches = %+v, want none from a stream that ended cleanly", rest)
	}
	if f.count("STS.GetCallerIdentity") != 1 || f.count("Logs.DescribeLogGroups") != 1 {
		t.Errorf("requests = %v", f.requests())
	}
}

// TestLiveTailUnavailableIsSaidPlainly: an endpoint that answers
// StartLiveTail with an HTML page (emulators without Live Tail) gives an
// error that says so with the HTTP status, recognisable as "no Live Tail
// here", not a JSON parser's complaint.
func TestLiveTailUnavailableIsSaidPlainly(t *testing.T) {
	for _, status := range []int{404, 500} {
		f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
			if op == "STS.GetCallerIdentity" {
				stsIdentity(w, "123456789012")
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			fmt.Fprint(w, "<!doctype html>\n<html lang=en><title>Error</title><h1>Not Found</h1></html>")
		})
		p := newProvider(t, f.URL(), nil)
		_, err := p.Tail(testCtx(t, 20*time.Second), providers.TailRequest{Groups: []string{"/aws/lambda/orders"}})
		if !errors.Is(err, providers.ErrTailUnavailable) {
			t.Fatalf("HTTP %d: %v is not ErrTailUnavailable", status, err)
		}
		if got, want := providers.Short(err), fmt.Sprintf("Live Tail unavailable here (HTTP %d)", status); got != want {
			t.Fatalf("message %q, want %q", got, want)
		}
	}
	// An AWS error document is AWS speaking: not "unavailable".
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		if op == "STS.GetCallerIdentity" {
			stsIdentity(w, "123456789012")
			return
		}
		jsonError(w, 400, "AccessDeniedException", "not authorized to perform logs:StartLiveTail")
	})
	_, err := newProvider(t, f.URL(), nil).Tail(testCtx(t, 20*time.Second), providers.TailRequest{Groups: []string{"/aws/lambda/orders"}})
	if errors.Is(err, providers.ErrTailUnavailable) || providers.KindOf(err) != providers.ErrAccessDenied {
		t.Fatalf("denied: %v", err)
	}
}

// TestLiveTailSilenceEndsTheSession: a session that stops sending
// anything (no events, no heartbeat) on a connection that stays open is
// ended as a network failure after the idle timeout, instead of passing
// for live until TCP gives up.
func TestLiveTailSilenceEndsTheSession(t *testing.T) {
	f := newTailFake(t, func(es *eventStream, r *http.Request) {
		for range 3 {
			// Heartbeats keep the session alive past the timeout.
			time.Sleep(150 * time.Millisecond)
			es.event("sessionUpdate", map[string]any{"sessionResults": []any{}})
		}
		es.event("sessionUpdate", map[string]any{"sessionResults": []any{logEvent("a", "last words", 1_700_000_000_000)}})
		hang(r)
	})
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.TailIdleTimeout = 300 * time.Millisecond })
	ch, err := p.Tail(testCtx(t, 20*time.Second), providers.TailRequest{Groups: []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders"}})
	if err != nil {
		t.Fatal(err)
	}
	batches := readBatches(t, ch, 10*time.Second)
	if len(batches) != 2 || len(batches[0].Events) != 1 {
		t.Fatalf("batches %+v: want the event, then the end", batches)
	}
	end := batches[1].Err
	if providers.KindOf(end) != providers.ErrNetwork || !strings.Contains(providers.Short(end), "silent for 300ms") {
		t.Fatalf("end = %v", end)
	}
}
