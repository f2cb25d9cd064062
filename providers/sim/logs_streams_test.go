package sim

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestNewestStreamsFindTheLastLine: for a function that last ran hours
// ago (the nightly report runs at 02:00), the newest stream's last event
// is the newest line FilterLogEvents returns for the day.
func TestNewestStreamsFindTheLastLine(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	a := New(Config{Seed: 1, Now: func() time.Time { return now }})
	ctx := context.Background()
	ss, err := a.NewestStreams(ctx, "/aws/lambda/nightly-report", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) == 0 {
		t.Fatal("no streams")
	}
	var newest providers.LogEvent
	for tok := ""; ; {
		p, err := a.FilterLogEvents(ctx, providers.LogQuery{Group: "/aws/lambda/nightly-report", Start: now.Add(-24 * time.Hour), End: now, NextToken: tok})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Events); n > 0 {
			newest = p.Events[n-1]
		}
		if tok = p.NextToken; tok == "" {
			break
		}
	}
	if !ss[0].LastEvent.Equal(newest.Timestamp) || ss[0].Name != newest.Stream {
		t.Fatalf("newest stream %+v, newest line at %v in %s", ss[0], newest.Timestamp, newest.Stream)
	}
	if age := now.Sub(ss[0].LastEvent); age < 10*time.Hour {
		t.Fatalf("the nightly report's last line is %v old", age)
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].LastEvent.After(ss[i-1].LastEvent) {
			t.Fatalf("not newest first: %+v", ss)
		}
	}
	if n := a.Calls("Logs.DescribeLogStreams"); n != 1 {
		t.Fatalf("%d calls counted", n)
	}
	if _, err := a.NewestStreams(ctx, "/aws/lambda/nope", 5); providers.KindOf(err) != providers.ErrNotFound {
		t.Fatalf("missing group: %v", err)
	}
}
