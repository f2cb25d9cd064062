// Package format writes the numbers, sizes, durations and times virga
// shows, compactly and the same way on every screen. It is a leaf: the
// views, the widget kit and the tui all use it, and it imports nothing of
// virga.
package format

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Age formats how long ago t was, relative to now: "12s", "5m", "3h", "4d".
// The zero time is "—".
func Age(now, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := max(now.Sub(t), 0)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
}

// Bytes formats a size in B, KB, MB, GB (powers of 1024, as AWS reports).
func Bytes(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return strconv.FormatInt(n, 10) + " B"
	case n < k*k:
		return fmt.Sprintf("%.1f KB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	default:
		return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
	}
}

// Count formats a count compactly: 950, 1.2k, 34k, 1.5M. NaN is "—".
func Count(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v < 10 && v != math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v < 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v < 10_000:
		return strconv.FormatFloat(v/1000, 'f', 1, 64) + "k"
	case v < 1_000_000:
		return strconv.FormatFloat(v/1000, 'f', 0, 64) + "k"
	default:
		return strconv.FormatFloat(v/1_000_000, 'f', 1, 64) + "M"
	}
}

// Group writes an integer with thousands separators: 10,000.
func Group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Millis formats a duration in milliseconds: 850ms, 1.2s, 12s, 2.5m.
func Millis(ms float64) string {
	switch {
	case math.IsNaN(ms):
		return "—"
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 1, 64) + "ms"
	case ms < 1000:
		return strconv.FormatFloat(ms, 'f', 0, 64) + "ms"
	case ms < 60_000:
		return strconv.FormatFloat(ms/1000, 'f', 1, 64) + "s"
	default:
		return strconv.FormatFloat(ms/60_000, 'f', 1, 64) + "m"
	}
}

// Percent formats a ratio (0..1) as a percentage.
func Percent(r float64) string {
	switch {
	case math.IsNaN(r):
		return "—"
	case r == 0:
		return "0%"
	case r < 0.001:
		return "<0.1%"
	case r < 0.1:
		return strconv.FormatFloat(r*100, 'f', 1, 64) + "%"
	default:
		return strconv.FormatFloat(r*100, 'f', 0, 64) + "%"
	}
}

// FinePercent formats a ratio near 100% with the decimals that tell 99.2%
// from 99.9%; elsewhere it is Percent.
func FinePercent(r float64) string {
	switch {
	case math.IsNaN(r):
		return "—"
	case r >= 0.99 && r < 1:
		return strconv.FormatFloat(math.Floor(r*10000)/100, 'f', 2, 64) + "%"
	case r >= 0.1 && r < 0.99:
		return strconv.FormatFloat(r*100, 'f', 1, 64) + "%"
	}
	return Percent(r)
}

// Period names a period or window compactly: "1m", "5m", "1h", "1d".
func Period(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
}

// Timestamp formats an absolute time in UTC, compactly. The zero time is
// "—".
func Timestamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
