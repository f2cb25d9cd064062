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
}

// MetricsCostUSD is the estimated GetMetricData cost of n metrics.
func MetricsCostUSD(n int) float64 { return float64(n) * 0.01 / 1000 }

// StatsReader reports API accounting (the :stats view).
type StatsReader interface {
	Stats() Stats
}
