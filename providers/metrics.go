package providers

import "time"

// Dimension is a CloudWatch metric dimension.
type Dimension struct {
	Name  string
	Value string
}

// MetricQuery is one CloudWatch MetricStat. Key is the caller's own name
// for the series (any string); providers map it to valid query ids.
type MetricQuery struct {
	Key        string
	Namespace  string
	Metric     string
	Dimensions []Dimension
	Stat       string // Sum, Average, Maximum, Minimum, SampleCount, p50, p95, p99 ...
	Period     time.Duration
}

// MetricRequest is a batch of queries over one time range. Providers split
// it into GetMetricData calls of at most 500 queries.
type MetricRequest struct {
	Queries []MetricQuery
	Start   time.Time
	End     time.Time
}

// MetricSeries is the result for one query, oldest point first.
type MetricSeries struct {
	Key        string
	Timestamps []time.Time
	Values     []float64
	// Status is Complete, PartialData, InternalError or Forbidden.
	Status  string
	Message string
}

// MetricResult is the result of a MetricRequest.
type MetricResult struct {
	Series []MetricSeries
	// Calls is how many GetMetricData calls the request took.
	Calls int
}

// Namespaces and the dimension names virga queries.
const (
	NamespaceLambda            = "AWS/Lambda"
	NamespaceECS               = "AWS/ECS"
	NamespaceContainerInsights = "ECS/ContainerInsights"
)
