package testkit_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
)

// TestLogCountsReadsEveryPage: three pages of two events are counted once
// each, keyed as asked.
func TestLogCountsReadsEveryPage(t *testing.T) {
	pages, from := 0, time.Unix(1_764_081_000, 0)
	read := func(_ context.Context, q providers.LogQuery) (providers.LogPage, error) {
		if pages++; q.Group != "/g" || !q.Start.Equal(from) || !q.End.Equal(from.Add(time.Minute)) {
			t.Errorf("query %+v", q)
		}
		i, _ := strconv.Atoi(q.NextToken)
		p := providers.LogPage{Events: []providers.LogEvent{{Message: "a"}, {Message: "b" + strconv.Itoa(i)}}}
		if i < 2 {
			p.NextToken = strconv.Itoa(i + 1)
		}
		return p, nil
	}
	got := testkit.LogCounts(t, read, "/g", from, from.Add(time.Minute), func(e providers.LogEvent) string { return e.Message })
	if pages != 3 || got["a"] != 3 || got["b0"] != 1 || got["b2"] != 1 || len(got) != 4 {
		t.Fatalf("%d pages, counts %v", pages, got)
	}
}

func TestDifferences(t *testing.T) {
	lost, dup, extra := testkit.Differences(map[string]int{"a": 2, "b": 1, "c": 1}, map[string]int{"a": 1, "b": 3, "d": 2})
	if lost != 2 || dup != 2 || extra != 2 {
		t.Fatalf("lost %d dup %d extra %d, want 2 2 2", lost, dup, extra)
	}
}
