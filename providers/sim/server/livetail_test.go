package server_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"go.uber.org/goleak"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// realClock runs the simulated clock from base at speed times wall-clock
// speed, so that a live tail sees new events every second.
func realClock(speed int) func() time.Time {
	start := time.Now()
	return func() time.Time { return base().Add(time.Duration(speed) * time.Since(start)) }
}

const clickstreamARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/clickstream-ingest"

func startTail(t *testing.T, c *cloudwatchlogs.Client, groups ...string) *cloudwatchlogs.StartLiveTailEventStream {
	t.Helper()
	out := must(t, c.StartLiveTail, &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: groups})
	return out.GetStream()
}

func TestLiveTail(t *testing.T) {
	e := newEnvClock(t, realClock(30), nil, server.WithLiveTailLimit(2500*time.Millisecond))
	stream := startTail(t, e.rawLogs(), clickstreamARN, "/aws/lambda/checkout-api")
	defer stream.Close()

	var starts, updates, events int
	sampled := false
	groups := map[string]bool{}
	for ev := range stream.Events() {
		switch v := ev.(type) {
		case *types.StartLiveTailResponseStreamMemberSessionStart:
			if starts++; updates > 0 || len(v.Value.LogGroupIdentifiers) != 2 || aws.ToString(v.Value.SessionId) == "" {
				t.Fatalf("sessionStart = %+v after %d updates", v.Value, updates)
			}
		case *types.StartLiveTailResponseStreamMemberSessionUpdate:
			updates++
			if v.Value.SessionMetadata != nil && v.Value.SessionMetadata.Sampled {
				sampled = true
			}
			if len(v.Value.SessionResults) > 500 {
				t.Fatalf("update with %d events", len(v.Value.SessionResults))
			}
			for _, r := range v.Value.SessionResults {
				events++
				groups[aws.ToString(r.LogGroupIdentifier)] = true
				if aws.ToString(r.Message) == "" || aws.ToInt64(r.Timestamp) < base().UnixMilli() || aws.ToString(r.LogStreamName) == "" {
					t.Fatalf("event %+v", r)
				}
			}
		default:
			t.Fatalf("unexpected event %T", ev)
		}
	}
	var timeout *types.SessionTimeoutException
	if err := stream.Err(); !errors.As(err, &timeout) {
		t.Fatalf("stream ended with %v, want SessionTimeoutException", err)
	}
	if starts != 1 || updates < 2 || events == 0 || !sampled || !groups[clickstreamARN] {
		t.Fatalf("%d starts, %d updates, %d events, sampled %v, groups %v", starts, updates, events, sampled, groups)
	}
}

func TestLiveTailHeartbeat(t *testing.T) {
	e := newEnvClock(t, realClock(1), nil, server.WithLiveTailHeartbeat(100*time.Millisecond))
	stream := startTail(t, e.rawLogs(), "/aws/lambda/nightly-report")
	defer stream.Close()
	deadline := time.After(5 * time.Second)
	for updates := 0; updates < 3; {
		select {
		case ev, ok := <-stream.Events():
			if !ok {
				t.Fatalf("stream ended: %v", stream.Err())
			}
			if u, isUpdate := ev.(*types.StartLiveTailResponseStreamMemberSessionUpdate); isUpdate {
				if len(u.Value.SessionResults) != 0 || u.Value.SessionMetadata.Sampled {
					t.Fatalf("heartbeat update %+v", u.Value)
				}
				updates++
			}
		case <-deadline:
			t.Fatal("no heartbeat updates")
		}
	}
}

func TestLiveTailErrors(t *testing.T) {
	e := newEnv(t)
	c := e.rawLogs()
	_, err := c.StartLiveTail(ctx(t), &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: []string{"/aws/lambda/ghost"}})
	wantErr[*types.ResourceNotFoundException](t, err, "missing group")
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "/aws/lambda/checkout-api"
	}
	_, err = c.StartLiveTail(ctx(t), &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: eleven})
	wantErr[*types.InvalidParameterException](t, err, "11 groups")
	e.acct.SetFault("Logs.StartLiveTail", sim.Fault{Kind: providers.ErrThrottled})
	_, err = c.StartLiveTail(ctx(t), &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: []string{"/aws/lambda/checkout-api"}})
	wantAPIError(t, err, "ThrottlingException", http.StatusBadRequest)
}

// TestLiveTailClientDisconnect checks that a client closing its stream
// ends the session on the server: nothing it started is left running.
func TestLiveTailClientDisconnect(t *testing.T) {
	e := newEnvClock(t, realClock(1), nil)
	c := e.rawLogs()
	before := goleak.IgnoreCurrent()
	cctx, cancel := context.WithCancel(context.Background())
	out, err := c.StartLiveTail(cctx, &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: []string{"/aws/lambda/checkout-api"}})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	if _, ok := (<-stream.Events()).(*types.StartLiveTailResponseStreamMemberSessionStart); !ok {
		t.Fatal("no sessionStart")
	}
	cancel()
	stream.Close()
	for range stream.Events() {
	}
	e.tr.CloseIdleConnections()
	goleak.VerifyNone(t, before)
}

// TestCloseWithOpenLiveTail closes the server under an open stream: the
// stream ends with SessionStreamingException and no goroutine is left
// behind.
func TestCloseWithOpenLiveTail(t *testing.T) {
	e := newEnvClock(t, realClock(1), nil)
	stream := startTail(t, e.rawLogs(), "/aws/lambda/checkout-api")
	if _, ok := (<-stream.Events()).(*types.StartLiveTailResponseStreamMemberSessionStart); !ok {
		t.Fatal("no sessionStart")
	}
	closeWithin(t, e, 10*time.Second)
	ended := make(chan struct{})
	go func() {
		for range stream.Events() {
		}
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("stream still open after Close")
	}
	var se *types.SessionStreamingException
	if err := stream.Err(); !errors.As(err, &se) {
		t.Fatalf("stream ended with %v, want SessionStreamingException", err)
	}
	stream.Close()
	e.tr.CloseIdleConnections()
	goleak.VerifyNone(t)
}

// closeWithin closes the server and fails the test if Close hangs.
func closeWithin(t *testing.T, e *env, d time.Duration) {
	t.Helper()
	closed := make(chan struct{})
	go func() {
		e.srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(d):
		t.Fatal("Close hangs")
	}
}

// TestCloseDuringSlowCall closes the server while a call waits on a
// latency fault: the call gets a 5xx, not an empty success.
func TestCloseDuringSlowCall(t *testing.T) {
	e := newEnv(t)
	e.acct.SetFault("Lambda.ListFunctions", sim.Fault{Latency: time.Hour})
	errc := make(chan error, 1)
	go func() {
		_, err := e.lambda().ListFunctions(context.Background(), &lambda.ListFunctionsInput{})
		errc <- err
	}()
	// Close only once the call is inside the server: closing earlier
	// refuses the connection instead, which is another test.
	for deadline := time.Now().Add(30 * time.Second); e.acct.Calls("Lambda.ListFunctions") == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the call never reached the server")
		}
		time.Sleep(5 * time.Millisecond)
	}
	closeWithin(t, e, 10*time.Second)
	wantAPIError(t, <-errc, "ServiceException", http.StatusInternalServerError)
}
