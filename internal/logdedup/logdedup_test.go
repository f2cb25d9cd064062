package logdedup

import (
	"fmt"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func ev(ms int, msg string) providers.LogEvent {
	return providers.LogEvent{Group: "/aws/lambda/a", Stream: "s1", Timestamp: t0.Add(time.Duration(ms) * time.Millisecond), Message: msg}
}

func keep(w *Window, evs ...providers.LogEvent) int {
	return keepFrom(w, time.Time{}, evs...)
}

func keepFrom(w *Window, from time.Time, evs ...providers.LogEvent) int {
	r := w.NewRead(from)
	n := 0
	for i := range evs {
		if r.Keep(&evs[i]) {
			n++
		}
	}
	return n
}

// TestOverlapKeptOnce: a second read over the same range keeps only what
// the first did not have; identical lines in one millisecond count as
// separate events; a different stream, group or time is another event.
func TestOverlapKeptOnce(t *testing.T) {
	w := New()
	if n := keep(w, ev(1, "a"), ev(2, "b"), ev(2, "b"), ev(3, "c")); n != 4 {
		t.Fatalf("first read kept %d, want 4", n)
	}
	// The re-read finds one more copy of b and a new line d.
	if n := keep(w, ev(2, "b"), ev(2, "b"), ev(2, "b"), ev(3, "c"), ev(4, "d")); n != 2 {
		t.Fatalf("re-read kept %d, want 2 (the third b and d)", n)
	}
	// A Live Tail update carrying lines the re-read already kept.
	if n := keep(w, ev(4, "d"), ev(5, "e")); n != 1 {
		t.Fatalf("tail update kept %d, want 1", n)
	}
	other := ev(1, "a")
	other.Stream = "s2"
	group := ev(1, "a")
	group.Group = "/aws/lambda/b"
	if n := keep(w, other, group, ev(6, "a")); n != 3 {
		t.Fatalf("other stream, group, time kept %d, want 3", n)
	}
}

// TestMemoryFollowsTheOverlap: following a steady stream for a long time
// with reads that overlap by 10 s remembers about the overlap's events,
// not everything seen.
func TestMemoryFollowsTheOverlap(t *testing.T) {
	w := New()
	const perSecond = 1000
	most := 0
	for sec := 0; sec < 200; sec += 2 {
		// A poll every 2 s re-reading 10 s.
		var evs []providers.LogEvent
		for s := max(sec-10, 0); s < sec+2; s++ {
			for i := range perSecond {
				evs = append(evs, ev(s*1000+i/5, fmt.Sprintf("line %d-%d", s, i)))
			}
		}
		if n := keepFrom(w, t0.Add(time.Duration(sec+2-10)*time.Second), evs...); n != 2*perSecond {
			t.Fatalf("second %d: kept %d, want %d", sec, n, 2*perSecond)
		}
		w.Forget(t0.Add(time.Duration(sec+2-10) * time.Second))
		most = max(most, w.Len())
	}
	if most > 20*perSecond {
		t.Fatalf("remembered up to %d events for a 10 s overlap at %d a second", most, perSecond)
	}
	// An event older than the horizon is kept: no read reaches it twice.
	if n := keep(w, ev(0, "line 0-0")); n != 1 {
		t.Fatal("an event before the horizon was dropped")
	}
}

// TestLongReadKeepsItsEndOnly: one read of a long range (a CLI catch-up
// of an hour) remembers only the events a later read can reach again, its
// last seconds, and still drops the events it shares with an earlier
// read at its start.
func TestLongReadKeepsItsEndOnly(t *testing.T) {
	w := New()
	if n := keepFrom(w, t0.Add(-time.Hour), ev(10, "early"), ev(20, "shared")); n != 2 {
		t.Fatal(n)
	}
	var evs []providers.LogEvent
	evs = append(evs, ev(20, "shared"))
	for i := range 100_000 {
		evs = append(evs, ev(1000+i*10, fmt.Sprintf("line %d", i)))
	}
	end := t0.Add(time.Duration(1000+100_000*10) * time.Millisecond)
	if n := keepFrom(w, end.Add(-10*time.Second), evs...); n != 100_000 {
		t.Fatalf("kept %d, want 100000 (the shared line dropped)", n)
	}
	if w.Len() > 1100+2 {
		t.Fatalf("a read of 100,000 events remembers %d of them", w.Len())
	}
	if n := keepFrom(w, end, ev(1000+99_999*10, "line 99999"), ev(1000+99_000*10, "line 99000")); n != 0 {
		t.Fatalf("the overlap at the end was kept again: %d", n)
	}
}
