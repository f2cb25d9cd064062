package aws_test

import (
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// readAll pages a query to its end.
func readAll(t *testing.T, p *awsprov.Provider, q providers.LogQuery) []providers.LogEvent {
	t.Helper()
	ctx := testCtx(t, 60*time.Second)
	var out []providers.LogEvent
	for pages := 0; pages < 1000; pages++ {
		page, err := p.FilterLogEvents(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Events...)
		if q.NextToken = page.NextToken; q.NextToken == "" {
			break
		}
	}
	return out
}

// contractLogWindows: a query's End is exclusive whatever the backend
// does with endTime, so two adjacent windows split the events with none
// in both; and the newest stream DescribeLogStreams names holds the
// newest event of the range.
func contractLogWindows(t *testing.T, p *awsprov.Provider, fx fixture) {
	all := readAll(t, p, providers.LogQuery{Group: fx.logGroup, Start: fx.logStart, End: fx.logEnd})
	if len(all) < 3 {
		t.Fatalf("only %d events", len(all))
	}
	cut := all[len(all)/2].Timestamp
	before := readAll(t, p, providers.LogQuery{Group: fx.logGroup, Start: fx.logStart, End: cut})
	after := readAll(t, p, providers.LogQuery{Group: fx.logGroup, Start: cut, End: fx.logEnd})
	if len(before)+len(after) != len(all) {
		t.Fatalf("windows split at %v hold %d + %d events, the whole range %d", cut, len(before), len(after), len(all))
	}
	for _, e := range before {
		if !e.Timestamp.Before(cut) {
			t.Fatalf("event at %v in the window ending at %v", e.Timestamp, cut)
		}
	}

	ss, err := p.NewestStreams(testCtx(t, 20*time.Second), fx.logGroup, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) == 0 {
		t.Fatal("no streams")
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].LastEvent.After(ss[i-1].LastEvent) {
			t.Fatalf("streams not newest first: %+v", ss)
		}
	}
	newest := ss[0]
	at := readAll(t, p, providers.LogQuery{Group: fx.logGroup, Streams: []string{newest.Name}, Start: newest.LastEvent, End: newest.LastEvent.Add(time.Millisecond)})
	if len(at) == 0 {
		t.Fatalf("no event of %s at its last event time %v", newest.Name, newest.LastEvent)
	}
	if newest.LastEvent.Before(fx.logEnd) {
		if later := readAll(t, p, providers.LogQuery{Group: fx.logGroup, Start: newest.LastEvent.Add(time.Millisecond), End: fx.logEnd}); len(later) > 0 {
			t.Fatalf("%d events after the newest stream's last event", len(later))
		}
	}
}
