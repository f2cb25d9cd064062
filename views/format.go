package views

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Age formats how long ago t was, relative to now: "12s", "5m", "3h", "4d".
func Age(now, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := now.Sub(t)
	if d < 0 {
		d = 0
	}
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

// Count formats a count compactly: 950, 1.2k, 34k, 1.5M.
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

// Timestamp formats an absolute time in UTC, compactly.
func Timestamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
