package lists_test

import (
	"errors"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/lists"
)

// A cycle that spans several calls shows rows page by page on its first
// listing and, on a refresh, nothing until the last call returns.
func TestGatherShowsHalfAListOnlyOnTheFirstListing(t *testing.T) {
	var c lists.Cycle
	var acc []int
	if got := lists.Gather(&c, &acc, []int{1, 2}, true); len(got) != 2 {
		t.Fatalf("first listing, first page: showed %v, want the rows so far", got)
	}
	c.Done(time.Unix(100, 0))
	acc = acc[:0]
	if got := lists.Gather(&c, &acc, []int{1, 2}, true); got != nil {
		t.Fatalf("refresh, first page: showed %v, want nothing until the last", got)
	}
	if got := lists.Gather(&c, &acc, []int{3}, false); len(got) != 3 || got[2] != 3 {
		t.Fatalf("refresh, last page: showed %v, want all three rows", got)
	}
}

// A failed refresh keeps the last good time; the figures' own staleness
// counts only while the list itself is fresh, from the older of the two.
func TestCycleStale(t *testing.T) {
	listAt, figuresAt := time.Unix(100, 0), time.Unix(200, 0)
	boom := errors.New("boom")
	var c lists.Cycle
	c.Done(listAt)
	if _, _, stale := c.Stale(time.Time{}, nil, false); stale {
		t.Fatal("a fresh list with fresh figures is stale")
	}
	if since, err, stale := c.Stale(figuresAt, boom, true); !stale || err != boom || !since.Equal(listAt) {
		t.Fatalf("stale figures: since %v err %v stale %v, want the list's older time", since, err, stale)
	}
	if !c.Failed(boom) || c.Failed(boom) {
		t.Fatal("only the first failure in a row is the first")
	}
	if since, err, stale := c.Stale(time.Time{}, nil, false); !stale || err != boom || !since.Equal(listAt) || c.Failures != 2 {
		t.Fatalf("failed list: since %v err %v stale %v failures %d", since, err, stale, c.Failures)
	}
	c.Done(figuresAt)
	if c.Err != nil || c.Failures != 0 || c.Inflight || !c.Fetched.Equal(figuresAt) {
		t.Fatalf("a success did not clear the failures: %+v", c)
	}
}

// The refresh interval: as configured, four times slower when idle, and
// the jittered retry delay after failures, never under Retry-After.
func TestIntervalAndRetryDelay(t *testing.T) {
	r := lists.NewRetry(time.Unix(0, 0))
	busy, idle := func() bool { return false }, func() bool { return true }
	var c lists.Cycle
	if d := r.Interval(time.Minute, busy, &c); d != time.Minute {
		t.Fatalf("interval %v, want 1m", d)
	}
	if d := r.Interval(time.Minute, idle, &c); d != 4*time.Minute {
		t.Fatalf("idle interval %v, want 4m", d)
	}
	c.Failed(errors.New("boom"))
	if d := r.Interval(time.Minute, idle, &c); d < time.Second || d > 2*time.Second {
		t.Fatalf("after one failure %v, want the upper half of 2s", d)
	}
	asked := &providers.Error{RetryAfter: 20 * time.Second}
	if d := r.Delay(1, asked); d != 20*time.Second {
		t.Fatalf("Retry-After 20s gave %v", d)
	}
	asked.RetryAfter = time.Hour
	if d := r.Delay(1, asked); d != 30*time.Second {
		t.Fatalf("Retry-After 1h gave %v, want the 30s cap", d)
	}
}
