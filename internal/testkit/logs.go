package testkit

import (
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// LogEvents is every event r returns for q, read page after page: what a
// log test compares the lines a reader printed or showed with. (Tests of
// package providers itself cannot use it: testkit imports providers.)
func LogEvents(t testing.TB, r providers.LogReader, q providers.LogQuery) []providers.LogEvent {
	t.Helper()
	var out []providers.LogEvent
	for {
		p, err := r.FilterLogEvents(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Events...)
		if q.NextToken = p.NextToken; q.NextToken == "" {
			return out
		}
	}
}

// LogCounts counts the events of group in [from, to) by key(event): what
// a log view must show, to compare (Tally) with what it shows.
func LogCounts(t testing.TB, r providers.LogReader, group string, from, to time.Time, key func(providers.LogEvent) string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range LogEvents(t, r, providers.LogQuery{Group: group, Start: from, End: to}) {
		out[key(e)]++
	}
	return out
}
