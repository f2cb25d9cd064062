// Package timespec reads the start and end of a time range as people type
// them: a time ago ("15m", "90s", "2d", "1w", any Go duration) or a point
// in time ("14:05", "14:05:30", "2026-11-25", "2026-11-25 14:05",
// RFC 3339). The log pane's since prompt and `virga logs --since/--until`
// share it, so both accept exactly the same text.
package timespec

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// MaxAgo bounds a relative time: a year, past any log retention a
// follower would page through.
const MaxAgo = 366 * 24 * time.Hour

// Point is one end of a range: Ago before now (relative, so a range that
// is read again later moves with the clock), or the absolute At.
type Point struct {
	Ago time.Duration
	At  time.Time
}

// Relative reports whether the point moves with the clock.
func (p Point) Relative() bool { return p.At.IsZero() }

// Time is the point as of now.
func (p Point) Time(now time.Time) time.Time {
	if p.Relative() {
		return now.Add(-p.Ago)
	}
	return p.At
}

// String gives the point back as it would be typed: "15m", "2d", or
// "2026-11-25 14:05" in the point's own zone.
func (p Point) String() string {
	if !p.Relative() {
		if p.At.Second() != 0 {
			return p.At.Format("2006-01-02 15:04:05")
		}
		return p.At.Format("2006-01-02 15:04")
	}
	d := p.Ago
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Parse reads v as of now. Times of day are in now's zone; one later than
// now means yesterday. A point in the future is refused.
func Parse(v string, now time.Time) (Point, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return Point{}, errors.New("empty: give a duration (15m, 2d) or a time (14:05, 2026-11-25 14:05)")
	}
	if d, ok, err := duration(v); ok || err != nil {
		if err != nil {
			return Point{}, err
		}
		return Point{Ago: d}, nil
	}
	loc := now.Location()
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return past(t, now)
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			y, mo, d := now.Date()
			t = time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), 0, loc)
			if t.After(now) {
				t = t.AddDate(0, 0, -1)
			}
			return past(t, now)
		}
	}
	return Point{}, errors.New(strconv.Quote(v) + " is not a duration (15m, 3h, 2d) or a time (14:05, 2026-11-25 14:05)")
}

// duration reads a Go duration or a count of days ("2d") or weeks ("1w").
// ok says v has the shape of one, err that its value is out of range.
func duration(v string) (time.Duration, bool, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		unit := time.Duration(0)
		switch {
		case strings.HasSuffix(v, "d"):
			unit = 24 * time.Hour
		case strings.HasSuffix(v, "w"):
			unit = 7 * 24 * time.Hour
		default:
			return 0, false, nil
		}
		n, err := strconv.Atoi(v[:len(v)-1])
		if err != nil {
			return 0, false, nil
		}
		d = time.Duration(n) * unit
		if n > int(MaxAgo/unit)+1 {
			d = MaxAgo + 1
		}
	}
	if d <= 0 || d > MaxAgo {
		return 0, true, errors.New(strconv.Quote(v) + ": use a duration between 1s and 366d")
	}
	return d, true, nil
}

func past(t, now time.Time) (Point, error) {
	if t.After(now) {
		return Point{}, errors.New(t.Format("2006-01-02 15:04") + " is in the future")
	}
	return Point{At: t}, nil
}
