package timespec

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	// A zone that is not UTC, so a test that only passes in UTC fails.
	loc := time.FixedZone("EST", -5*3600)
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, loc)
	for _, c := range []struct {
		in   string
		ago  time.Duration
		at   time.Time
		back string
	}{
		{in: "15m", ago: 15 * time.Minute, back: "15m"},
		{in: "90s", ago: 90 * time.Second, back: "1m30s"},
		{in: "1h30m", ago: 90 * time.Minute, back: "1h30m"},
		{in: "3h", ago: 3 * time.Hour, back: "3h"},
		{in: "2d", ago: 48 * time.Hour, back: "2d"},
		{in: "1w", ago: 7 * 24 * time.Hour, back: "7d"},
		{in: " 14:05 ", at: time.Date(2026, 11, 25, 14, 5, 0, 0, loc), back: "2026-11-25 14:05"},
		{in: "15:00", at: time.Date(2026, 11, 24, 15, 0, 0, 0, loc), back: "2026-11-24 15:00"},
		{in: "09:01:02", at: time.Date(2026, 11, 25, 9, 1, 2, 0, loc), back: "2026-11-25 09:01:02"},
		{in: "2026-11-20", at: time.Date(2026, 11, 20, 0, 0, 0, 0, loc), back: "2026-11-20 00:00"},
		{in: "2026-11-20 08:15", at: time.Date(2026, 11, 20, 8, 15, 0, 0, loc)},
		{in: "2026-11-20T08:15", at: time.Date(2026, 11, 20, 8, 15, 0, 0, loc)},
		{in: "2026-11-25T12:00:00Z", at: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)},
	} {
		p, err := Parse(c.in, now)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if p.Ago != c.ago || !p.At.Equal(c.at) {
			t.Fatalf("%q: got %+v", c.in, p)
		}
		want := now.Add(-c.ago)
		if !c.at.IsZero() {
			want = c.at
		}
		if !p.Time(now).Equal(want) {
			t.Fatalf("%q: Time %v, want %v", c.in, p.Time(now), want)
		}
		if c.back != "" && p.String() != c.back {
			t.Fatalf("%q: String %q, want %q", c.in, p.String(), c.back)
		}
	}
	for _, bad := range []string{"", "yesterday", "0s", "-5m", "400d", "99999999999d", "2026-11-26", "2026-13-01", "25:00"} {
		if p, err := Parse(bad, now); err == nil {
			t.Fatalf("%q accepted as %+v", bad, p)
		}
	}
	if _, err := Parse("2026-11-26 10:00", now); err == nil || !strings.Contains(err.Error(), "future") {
		t.Fatalf("future: %v", err)
	}
}
