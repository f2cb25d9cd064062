package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// LogReader reads one page of a log group, as a backend's
// FilterLogEvents does.
type LogReader func(context.Context, providers.LogQuery) (providers.LogPage, error)

// LogCounts reads every event of group in [from, to) through read, page
// by page, and counts them by key(event): what a log view must show, to
// compare with what it shows.
func LogCounts(t testing.TB, read LogReader, group string, from, to time.Time, key func(providers.LogEvent) string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for tok := ""; ; {
		p, err := read(context.Background(), providers.LogQuery{Group: group, Start: from, End: to, NextToken: tok})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Events {
			out[key(e)]++
		}
		if tok = p.NextToken; tok == "" {
			return out
		}
	}
}

// Differences compares counts by key: lost is how many of want got holds
// fewer times, dup how many more times, extra how many of got want lacks.
func Differences(want, got map[string]int) (lost, dup, extra int) {
	for k, n := range want {
		switch g := got[k]; {
		case g < n:
			lost += n - g
		case g > n:
			dup += g - n
		}
	}
	for k, g := range got {
		if want[k] == 0 {
			extra += g
		}
	}
	return lost, dup, extra
}
