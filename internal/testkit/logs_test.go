package testkit_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
)

// pages answers each query with one event and the token of the next
// page, three pages in all.
type pages struct{ asked []string }

func (p *pages) FilterLogEvents(_ context.Context, q providers.LogQuery) (providers.LogPage, error) {
	p.asked = append(p.asked, q.NextToken)
	n, _ := strconv.Atoi(q.NextToken)
	page := providers.LogPage{Events: []providers.LogEvent{{Message: "event " + strconv.Itoa(n)}}}
	if n < 2 {
		page.NextToken = strconv.Itoa(n + 1)
	}
	return page, nil
}

// TestLogEventsReadsEveryPage: the events of every page, in order, each
// page asked for with the token the one before gave.
func TestLogEventsReadsEveryPage(t *testing.T) {
	r := &pages{}
	evs := testkit.LogEvents(t, r, providers.LogQuery{Group: "/aws/lambda/x"})
	if len(evs) != 3 || evs[0].Message != "event 0" || evs[2].Message != "event 2" || len(r.asked) != 3 || r.asked[2] != "2" {
		t.Errorf("events %v after asking with tokens %q", evs, r.asked)
	}
}

// TestLogCountsCountsByKey: every event of every page counted once under
// its key, the query naming the group and the range.
func TestLogCountsCountsByKey(t *testing.T) {
	r := &pages{}
	got := testkit.LogCounts(t, r, "/aws/lambda/x", time.Time{}, time.Time{}, func(e providers.LogEvent) string { return e.Message[:5] })
	if got["event"] != 3 || len(got) != 1 || len(r.asked) != 3 {
		t.Fatalf("counts %v after %d pages", got, len(r.asked))
	}
}
