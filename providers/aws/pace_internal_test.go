package aws

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/smithy-go"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// pacedProvider is a Provider whose FilterLogEvents pacer runs on a
// manual clock that its waits move on, and whose logs client records
// when each call went out.
func pacedProvider(throttle func(n int) bool) (*Provider, *[]time.Time) {
	clock := testkit.NewClock(time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC))
	p := newProvider(Config{})
	p.logPace = testkit.Pacer(clock)
	var sent []time.Time
	p.logs = &fakeLogs{filter: func(*cloudwatchlogs.FilterLogEventsInput) (*cloudwatchlogs.FilterLogEventsOutput, error) {
		sent = append(sent, clock.Now())
		if throttle(len(sent)) {
			return nil, &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}
		}
		return &cloudwatchlogs.FilterLogEventsOutput{}, nil
	}}
	return p, &sent
}

// TestFilterLogEventsPaced: whoever calls (a log pane, the metrics
// screen, `virga logs`), the Provider sends at most 5 FilterLogEvents a
// second: a burst of 5, then one every 200 ms.
func TestFilterLogEventsPaced(t *testing.T) {
	p, sent := pacedProvider(func(int) bool { return false })
	for range 20 {
		if _, err := p.FilterLogEvents(t.Context(), providers.LogQuery{Group: "g"}); err != nil {
			t.Fatal(err)
		}
	}
	t0 := (*sent)[0]
	for i, at := range *sent {
		// Call i may go out once the bucket has refilled i-4 tokens.
		earliest := time.Duration(max(i-pace.LogBurst+1, 0)) * time.Second / pace.LogCallsPerSecond
		if got := at.Sub(t0); got < earliest || got > earliest+time.Millisecond {
			t.Fatalf("call %d sent %v after the first, want %v", i, got, earliest)
		}
	}
	for i := range *sent {
		window := 0
		for _, at := range (*sent)[i:] {
			if at.Sub((*sent)[i]) < time.Second {
				window++
			}
		}
		if window > pace.LogBurst+pace.LogCallsPerSecond {
			t.Fatalf("%d calls within a second of call %d", window, i)
		}
	}
}

// TestFilterLogEventsThrottlePausesEveryone: after a throttle no call goes
// out for a growing pause (1 s, then 2 s with jitter down to half); a call
// that succeeds resets it.
func TestFilterLogEventsThrottlePausesEveryone(t *testing.T) {
	p, sent := pacedProvider(func(n int) bool { return n == 1 || n == 2 })
	for i := range 4 {
		_, err := p.FilterLogEvents(t.Context(), providers.LogQuery{Group: "g"})
		if throttled := providers.KindOf(err) == providers.ErrThrottled; throttled != (i < 2) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	s := *sent
	if d := s[1].Sub(s[0]); d < 500*time.Millisecond || d > time.Second {
		t.Fatalf("after the first throttle the next call waited %v, want 0.5–1 s", d)
	}
	if d := s[2].Sub(s[1]); d < time.Second || d > 2*time.Second {
		t.Fatalf("after the second throttle the next call waited %v, want 1–2 s", d)
	}
	if b := p.logPace.Backoff(); b != 0 {
		t.Fatalf("backoff %v after a call that worked", b)
	}
}
