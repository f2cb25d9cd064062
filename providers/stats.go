package providers

import "time"

// CallStat counts one AWS operation: client calls, HTTP attempts (retries
// included), and how many calls failed or were throttled.
type CallStat struct {
	Service   string
	Operation string
	Calls     int
	Attempts  int
	Errors    int
	Throttles int
}

// Stats is what a backend has spent since it was opened.
type Stats struct {
	Since time.Time
	Calls []CallStat // sorted by service, then operation
	// MetricsRequested counts GetMetricData queries; CloudWatch bills
	// $0.01 per 1,000 of them.
	MetricsRequested int
	// Shared is set when the backend is one of several sessions reading
	// through a shared cache (virga serve): the figures above are then the
	// whole server's, and Shared says what this session asked of it.
	Shared *SharedStats
}

// SharedStats is one session's share of a shared backend.
type SharedStats struct {
	// Sessions reading through the same cache now, this one included.
	Sessions int
	// Reads this session made (lists, details, metric batches), and how
	// many of them the cache answered without calling AWS.
	Reads, ReadsCached int
	// ServerReads and ServerCached are the same for every session.
	ServerReads, ServerCached int
	// Metrics this session asked for, and how many of them were fetched
	// from CloudWatch on its behalf (the rest were cached or in flight for
	// another session).
	Metrics, MetricsFetched int
	// ServerMetrics is every session's metric queries together.
	ServerMetrics int
	// Tails are this session's live tails; TailUpstreams the server's Live
	// Tail sessions for all sessions; TailDropped the events dropped for
	// this session because it read slower than they came.
	Tails, TailUpstreams, TailDropped int
}

// MetricsCostUSD is the estimated GetMetricData cost of n metrics.
func MetricsCostUSD(n int) float64 { return float64(n) * 0.01 / 1000 }

// StatsReader reports API accounting (the :stats view).
type StatsReader interface {
	Stats() Stats
}
