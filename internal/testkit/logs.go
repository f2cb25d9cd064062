package testkit

import (
	"testing"

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
