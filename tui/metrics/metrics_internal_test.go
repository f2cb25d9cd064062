package metrics

import (
	"math"
	"testing"
	"time"
)

func TestPeriodFitsWidthAndRetention(t *testing.T) {
	for _, c := range []struct {
		span   time.Duration
		points int
		want   time.Duration
	}{
		{15 * time.Minute, 71, time.Minute},
		{time.Hour, 71, time.Minute},
		{time.Hour, 40, 2 * time.Minute},
		{3 * time.Hour, 71, 5 * time.Minute},
		{3 * time.Hour, 180, time.Minute},
		{24 * time.Hour, 90, 30 * time.Minute},
		{7 * 24 * time.Hour, 71, 3 * time.Hour},
		// Older than 15 days: one-minute data is gone, whatever the width.
		{20 * 24 * time.Hour, 100_000, 5 * time.Minute},
		{90 * 24 * time.Hour, 100_000, time.Hour},
	} {
		if got := PeriodFor(c.span, c.points); got != c.want {
			t.Errorf("PeriodFor(%v, %d) = %v, want %v", c.span, c.points, got, c.want)
		}
		p := PeriodFor(c.span, c.points)
		if n := int((c.span + p - 1) / p); n > c.points && c.points < 100_000 {
			t.Errorf("PeriodFor(%v, %d) gives %d periods", c.span, c.points, n)
		}
	}
}

func TestWiderRangesRefreshLessOften(t *testing.T) {
	prev := time.Duration(0)
	for _, r := range ScreenRanges() {
		p := PeriodFor(r.Span, 71)
		every := RefreshFor(r.Span, p)
		if every < p || every%p != 0 {
			t.Errorf("%s: refresh %v is not a whole number of periods of %v", r.Label, every, p)
		}
		if every < prev {
			t.Errorf("%s refreshes every %v, more often than a narrower range (%v)", r.Label, every, prev)
		}
		prev = every
	}
	if got := RefreshFor(15*time.Minute, time.Minute); got != time.Minute {
		t.Errorf("15m refreshes every %v, want every minute", got)
	}
}

func TestParseReport(t *testing.T) {
	for _, c := range []struct {
		msg        string
		used       float64
		size       int
		ok         bool
		annotation string
	}{
		{"REPORT RequestId: 8f5c\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t", 40, 128, true, "text"},
		{"REPORT RequestId: 1\tInit Duration: 100.00 ms\tMax Memory Used: 97 MB\tMemory Size: 1024 MB\tDuration: 1.00 ms", 97, 1024, true, "any order"},
		{`{"time":"x","type":"platform.report","record":{"requestId":"1","metrics":{"durationMs":1.5,"memorySizeMB":512,"maxMemoryUsedMB":301}}}`, 301, 512, true, "json"},
		{`{"type":"platform.start","record":{}}`, 0, 0, false, "other json"},
		{"START RequestId: 1 Version: $LATEST", 0, 0, false, "start line"},
		{"REPORT RequestId: 1\tDuration: 1 ms", 0, 0, false, "no memory"},
		{"report generated: Max Memory Used: 5 MB", 0, 0, false, "app line"},
	} {
		used, size, ok := parseReport(c.msg)
		if ok != c.ok || (ok && (used != c.used || size != c.size)) {
			t.Errorf("%s: got %v %v %v, want %v %v %v", c.annotation, used, size, ok, c.used, c.size, c.ok)
		}
	}
}

func TestReportSpanFollowsTraffic(t *testing.T) {
	if got := reportSpan(math.NaN()); got != reportWindow {
		t.Errorf("unknown rate reads %v", got)
	}
	if got := reportSpan(3000); got != time.Minute {
		t.Errorf("a busy function should read its last minute, reads %v", got)
	}
	if got := reportSpan(2); got != reportWindow {
		t.Errorf("a quiet function should read the whole window, reads %v", got)
	}
}
