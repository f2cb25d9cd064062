package sim_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func TestFilterLogEventsPaging(t *testing.T) {
	a, _ := newAccount(t, 8)
	q := providers.LogQuery{Group: "/aws/lambda/clickstream-ingest", Start: base.Add(-10 * time.Minute), End: base.Add(-5 * time.Minute)}
	whole := allEvents(t, a, q)
	q.Limit = 777
	paged := allEvents(t, a, q)
	if len(whole) < 10_000 || len(paged) != len(whole) {
		t.Fatalf("%d events in large pages, %d in small ones", len(whole), len(paged))
	}
	ids := map[string]bool{}
	for i, e := range paged {
		if e.ID != whole[i].ID {
			t.Fatalf("event %d differs between page sizes", i)
		}
		if ids[e.ID] || len(e.ID) != 56 {
			t.Fatalf("event id %q repeated or malformed", e.ID)
		}
		ids[e.ID] = true
		if e.Timestamp.Before(q.Start) || !e.Timestamp.Before(q.End) {
			t.Fatalf("event at %s outside [%s, %s)", e.Timestamp, q.Start, q.End)
		}
		if i > 0 {
			p := paged[i-1]
			if e.Timestamp.Before(p.Timestamp) || e.Timestamp.Equal(p.Timestamp) && e.Stream < p.Stream {
				t.Fatalf("events %d and %d out of order", i-1, i)
			}
		}
		if e.Ingested.Before(e.Timestamp) {
			t.Fatal("ingested before it happened")
		}
	}
	_, err := a.FilterLogEvents(t.Context(), providers.LogQuery{Group: q.Group, NextToken: "garbage"})
	wantKind(t, err, providers.ErrInvalid)
	_, err = a.FilterLogEvents(t.Context(), providers.LogQuery{Group: "/aws/lambda/nope"})
	wantKind(t, err, providers.ErrNotFound)
}

func TestFilterPatterns(t *testing.T) {
	a, _ := newAccount(t, 8)
	start, end := base.Add(-15*time.Minute), base.Add(-5*time.Minute)
	get := func(group, pattern string) []providers.LogEvent {
		return allEvents(t, a, providers.LogQuery{Group: group, Start: start, End: end, Pattern: pattern})
	}
	all := get("/aws/lambda/payments-webhook", "")
	cases := []struct {
		group, pattern string
		match          func(string) bool
	}{
		{"/aws/lambda/payments-webhook", "ERROR", func(m string) bool { return strings.Contains(m, "ERROR") }},
		{"/aws/lambda/payments-webhook", `"Invoke Error"`, func(m string) bool { return strings.Contains(m, "Invoke Error") }},
		{"/aws/lambda/payments-webhook", "?START ?END", func(m string) bool { return strings.Contains(m, "START") || strings.Contains(m, "END") }},
		{"/aws/lambda/payments-webhook", "RequestId -REPORT", func(m string) bool { return strings.Contains(m, "RequestId") && !strings.Contains(m, "REPORT") }},
		{"/aws/lambda/payments-webhook", "%Duration: [0-9]{3}\\.%", nil},
	}
	for _, tc := range cases {
		got := get(tc.group, tc.pattern)
		if len(got) == 0 {
			t.Errorf("pattern %q matched nothing", tc.pattern)
		}
		if tc.match == nil {
			continue
		}
		want := 0
		for _, e := range all {
			if tc.match(e.Message) {
				want++
			}
		}
		if len(got) != want {
			t.Errorf("pattern %q: %d events, want %d", tc.pattern, len(got), want)
		}
	}
	jsonErrs := get("/aws/lambda/user-signup", `{ $.level = "ERROR" }`)
	for _, e := range jsonErrs {
		if !strings.Contains(e.Message, `"level":"ERROR"`) {
			t.Errorf("JSON pattern matched %q", e.Message)
		}
	}
	if reports := get("/aws/lambda/user-signup", `{ $.record.metrics.memorySizeMB = 512 }`); len(reports) == 0 {
		t.Error("numeric JSON pattern matched nothing")
	}
	_, err := a.FilterLogEvents(t.Context(), providers.LogQuery{Group: "/aws/lambda/user-signup", Pattern: `{ $.level = `})
	wantKind(t, err, providers.ErrInvalid)

	// Stream selection.
	first := all[0].Stream
	for _, e := range allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/payments-webhook", Start: start, End: end, Streams: []string{first}}) {
		if e.Stream != first {
			t.Fatalf("stream filter let %s through", e.Stream)
		}
	}
}

func TestEmptyPagesFault(t *testing.T) {
	a, _ := newAccount(t, 8)
	b, _ := newAccount(t, 8)
	a.SetFault("Logs.FilterLogEvents", sim.Fault{EmptyPages: true})
	q := providers.LogQuery{Group: "/aws/lambda/checkout-api", Start: base.Add(-3 * time.Minute), End: base, Limit: 500}
	p, err := a.FilterLogEvents(t.Context(), q)
	if err != nil || len(p.Events) != 0 || p.NextToken == "" {
		t.Fatalf("first page under EmptyPages: %d events, token %q, %v", len(p.Events), p.NextToken, err)
	}
	got, want := allEvents(t, a, q), allEvents(t, b, q)
	if len(got) == 0 || !slices.EqualFunc(got, want, func(x, y providers.LogEvent) bool { return x.ID == y.ID }) {
		t.Errorf("%d events through empty pages, %d without", len(got), len(want))
	}
}

func TestFaults(t *testing.T) {
	a, c := newAccount(t, 8)
	a.SetFault("Lambda.ListFunctions", sim.Fault{Kind: providers.ErrThrottled, Until: base.Add(time.Minute)})
	_, err := a.ListFunctions(t.Context(), "")
	wantKind(t, err, providers.ErrThrottled)
	c.Advance(time.Minute)
	if _, err := a.ListFunctions(t.Context(), ""); err != nil {
		t.Errorf("after the fault ended: %v", err)
	}
	a.SetFault("ECS.ListClusters", sim.Fault{Kind: providers.ErrAccessDenied})
	_, err = a.ListClusters(t.Context())
	var pe *providers.Error
	wantKind(t, err, providers.ErrAccessDenied)
	if pe = err.(*providers.Error); pe.Action != "ecs:ListClusters" {
		t.Errorf("action %q", pe.Action)
	}
	a.SetFault("ECS.ListClusters", sim.Fault{})
	a.SetFault("CloudWatch.GetMetricData", sim.Fault{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := a.GetMetricData(ctx, providers.MetricRequest{Start: base.Add(-time.Hour), End: base}); err != context.DeadlineExceeded {
		t.Errorf("latency fault with a deadline: %v", err)
	}
	cancelled, stop := context.WithCancel(t.Context())
	stop()
	if _, err := a.ListClusters(cancelled); err != context.Canceled {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestTail(t *testing.T) {
	a, c := newAccount(t, 8)
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/clickstream-ingest", "/aws/lambda/checkout-api"}})
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(30 * time.Second)
	var batch providers.LogBatch
	select {
	case batch = <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10 s")
	}
	if !batch.Sampled || len(batch.Events) != 500 {
		t.Errorf("batch of %d events, sampled %v: want a 500-event sample", len(batch.Events), batch.Sampled)
	}
	groups := map[string]bool{}
	for _, e := range batch.Events {
		groups[e.Group] = true
		if !e.Timestamp.After(base) || e.Timestamp.After(c.Now()) {
			t.Fatalf("event at %s outside (%s, %s]", e.Timestamp, base, c.Now())
		}
	}
	if len(groups) != 2 {
		t.Errorf("groups in the batch: %v", groups)
	}
	cancel()
	for range ch {
	}

	// A quiet filter on a slow group delivers unsampled batches.
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	ch, err = a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/payments-webhook"}, Pattern: "REPORT"})
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(5 * time.Second)
	select {
	case batch = <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10 s")
	}
	if batch.Sampled || len(batch.Events) == 0 || len(batch.Events) > 500 {
		t.Errorf("filtered batch: %d events, sampled %v", len(batch.Events), batch.Sampled)
	}
	for _, e := range batch.Events {
		if !strings.HasPrefix(e.Message, "REPORT") {
			t.Errorf("filter let %q through", e.Message)
		}
	}
	_, err = a.Tail(ctx, providers.TailRequest{Groups: []string{"/aws/lambda/nope"}})
	wantKind(t, err, providers.ErrNotFound)
	_, err = a.Tail(ctx, providers.TailRequest{Groups: []string{"/ecs/checkout-web", "/ecs/cart-api"}, StreamPrefixes: []string{"ecs/"}})
	wantKind(t, err, providers.ErrInvalid)
}

func TestListFunctionsPaging(t *testing.T) {
	c := testkit.NewClock(base)
	a := sim.New(sim.Config{Seed: 5, Functions: 137, Now: c.Now})
	seen := map[string]int{}
	marker, pages := "", 0
	for {
		p, err := a.ListFunctions(t.Context(), marker)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(p.Functions) > 50 {
			t.Fatalf("page of %d", len(p.Functions))
		}
		for _, f := range p.Functions {
			seen[f.Name]++
		}
		if marker = p.Next; marker == "" {
			break
		}
	}
	if len(seen) != 137 || pages != 3 {
		t.Fatalf("%d functions in %d pages", len(seen), pages)
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", name, n)
		}
	}
	_, err := a.ListFunctions(t.Context(), "not-a-marker!")
	wantKind(t, err, providers.ErrInvalid)
}

// TestNewestStreamsFindTheLastLine: for a function that last ran hours
// ago (the nightly report runs at 02:00), the newest stream's last event
// is the newest line FilterLogEvents returns for the day.
func TestNewestStreamsFindTheLastLine(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	a := sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})
	ctx := context.Background()
	ss, err := a.NewestStreams(ctx, "/aws/lambda/nightly-report", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) == 0 {
		t.Fatal("no streams")
	}
	var newest providers.LogEvent
	if evs := allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/nightly-report", Start: now.Add(-24 * time.Hour), End: now}); len(evs) > 0 {
		newest = evs[len(evs)-1]
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
