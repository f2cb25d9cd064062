package metrics

import "time"

// A time range of a metrics screen. The period of its queries is chosen
// to fit the chart's width and CloudWatch's retention, and the range is
// refetched less often the wider it is: GetMetricData bills each metric
// requested, whatever its range, so a 7-day chart polled every minute
// would cost as much as a 15-minute one for no new information.
type Range struct {
	Label string
	Span  time.Duration
}

// ScreenRanges are the presets of the metrics screens.
func ScreenRanges() []Range {
	return []Range{
		{"15m", 15 * time.Minute}, {"1h", time.Hour}, {"3h", 3 * time.Hour},
		{"12h", 12 * time.Hour}, {"24h", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour},
	}
}

// ListWindows are the windows `w` cycles through in the functions list.
func ListWindows() []Range { return ScreenRanges()[:3] }

// RangeIndex finds span among ranges, or the first one wider than it.
func RangeIndex(ranges []Range, span time.Duration) int {
	for i, r := range ranges {
		if r.Span >= span {
			return i
		}
	}
	return len(ranges) - 1
}

// nicePeriods are the periods virga asks for: multiples of a minute that
// land on round clock times.
func nicePeriods() []time.Duration {
	return []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
		15 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 24 * time.Hour}
}

// PeriodFor is the smallest round period that gives at most points
// periods over span and that CloudWatch still keeps for data as old as
// the start of span: one-minute data for 15 days, five-minute data for 63
// days, hourly data beyond.
func PeriodFor(span time.Duration, points int) time.Duration {
	points = max(points, 1)
	floor := time.Minute
	switch {
	case span > 63*24*time.Hour:
		floor = time.Hour
	case span > 15*24*time.Hour:
		floor = 5 * time.Minute
	}
	ps := nicePeriods()
	for _, p := range ps {
		if p >= floor && int((span+p-1)/p) <= points {
			return p
		}
	}
	return ps[len(ps)-1]
}

// RefreshFor is how often a range is refetched: once per period for
// narrow ranges, and about thirty times per span for wide ones, always a
// whole number of periods so every fetch lands on a period boundary.
func RefreshFor(span, period time.Duration) time.Duration {
	d := max(period, span/30)
	n := (d + period - 1) / period
	return n * period
}

// publishDelay is how long after a period boundary virga waits before
// asking for it, so CloudWatch has published the minute that just ended.
// Every boundary virga computes is shifted by it, so "the period a fetch
// covers", "when the next is due" and "when the timer fires" agree.
const publishDelay = 5 * time.Second

// RefreshBoundary is the last refresh boundary whose data is published at
// now: a fetch at now covers it, and the next fetch is due at the next.
func RefreshBoundary(now time.Time, every time.Duration) time.Time {
	return now.Add(-publishDelay).Truncate(every)
}

// UntilRefresh is the wait from now until the next refresh boundary is
// published, four times longer when the user has been idle.
func UntilRefresh(now time.Time, every time.Duration, idle bool) time.Duration {
	d := RefreshBoundary(now, every).Add(every + publishDelay).Sub(now)
	if idle {
		d += 3 * every
	}
	return d
}

// window returns the aligned range of periods ending at the last period
// whose data is published at now.
func Window(now time.Time, span, period time.Duration) (start, end time.Time, n int) {
	end = RefreshBoundary(now, period)
	n = int((span + period - 1) / period)
	return end.Add(-time.Duration(n) * period), end, n
}
