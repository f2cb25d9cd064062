package aws_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

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
