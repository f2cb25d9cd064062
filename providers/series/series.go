// Package series names the CloudWatch series virga's metrics screens and
// the functions list chart. The tui builds each query from a series.ID
// and the views read the answer back by the same value, so the code that
// asks and the code that draws agree by type instead of by string keys,
// and the metric, statistic and dimensions of a series are written once.
package series

import (
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// Metric is one CloudWatch metric with the statistic virga reads of it.
type Metric uint8

// Lambda metrics. A Lambda series is the account's when it names no
// function, a function's otherwise, and an alias's or version's with a
// qualifier.
const (
	Invocations Metric = iota + 1
	Errors
	Throttles
	DurationP50
	DurationP95
	DurationP99
	DurationMax
	Concurrency
	UnreservedConcurrency
	ClaimedConcurrency
	IteratorAge
	AsyncEventAge
	ProvisionedUtilization
	ProvisionedSpillover
)

// ECS metrics of a service: utilisation from AWS/ECS, and task counts and
// CPU and memory in units from Container Insights.
const (
	CPUAverage Metric = iota + 64
	CPUMax
	MemoryAverage
	MemoryMax
	RunningTasks
	DesiredTasks
	PendingTasks
	CPUUsed
	CPUReserved
	MemoryUsed
	MemoryReserved
)

// cloudWatch is the namespace, metric name and statistic of m.
func (m Metric) cloudWatch() (namespace, name, stat string) {
	const lambda, ecs, ci = providers.NamespaceLambda, providers.NamespaceECS, providers.NamespaceContainerInsights
	switch m {
	case Invocations:
		return lambda, "Invocations", "Sum"
	case Errors:
		return lambda, "Errors", "Sum"
	case Throttles:
		return lambda, "Throttles", "Sum"
	case DurationP50:
		return lambda, "Duration", "p50"
	case DurationP95:
		return lambda, "Duration", "p95"
	case DurationP99:
		return lambda, "Duration", "p99"
	case DurationMax:
		return lambda, "Duration", "Maximum"
	case Concurrency:
		return lambda, "ConcurrentExecutions", "Maximum"
	case UnreservedConcurrency:
		return lambda, "UnreservedConcurrentExecutions", "Maximum"
	case ClaimedConcurrency:
		return lambda, "ClaimedAccountConcurrency", "Maximum"
	case IteratorAge:
		return lambda, "IteratorAge", "Maximum"
	case AsyncEventAge:
		return lambda, "AsyncEventAge", "Maximum"
	case ProvisionedUtilization:
		return lambda, "ProvisionedConcurrencyUtilization", "Maximum"
	case ProvisionedSpillover:
		return lambda, "ProvisionedConcurrencySpilloverInvocations", "Sum"
	case CPUAverage:
		return ecs, "CPUUtilization", "Average"
	case CPUMax:
		return ecs, "CPUUtilization", "Maximum"
	case MemoryAverage:
		return ecs, "MemoryUtilization", "Average"
	case MemoryMax:
		return ecs, "MemoryUtilization", "Maximum"
	case RunningTasks:
		return ci, "RunningTaskCount", "Average"
	case DesiredTasks:
		return ci, "DesiredTaskCount", "Average"
	case PendingTasks:
		return ci, "PendingTaskCount", "Average"
	case CPUUsed:
		return ci, "CpuUtilized", "Average"
	case CPUReserved:
		return ci, "CpuReserved", "Average"
	case MemoryUsed:
		return ci, "MemoryUtilized", "Average"
	case MemoryReserved:
		return ci, "MemoryReserved", "Average"
	}
	return "", "", ""
}

// String names the metric and statistic, "Duration p95", for logs and
// test failures.
func (m Metric) String() string {
	_, name, stat := m.cloudWatch()
	if name == "" {
		return "Metric(" + strconv.Itoa(int(m)) + ")"
	}
	return name + " " + stat
}

// IsCount says missing periods of the series mean zero: CloudWatch omits
// a period in which nothing was counted. Other statistics have no value
// there.
func (m Metric) IsCount() bool {
	_, _, stat := m.cloudWatch()
	return stat == "Sum" || stat == "SampleCount"
}

// ID names one series: a metric of the account, a function, an alias or
// version of a function, or a service. It is comparable, so an answer is
// kept in a map by ID.
type ID struct {
	Metric Metric
	// Function is the function of a Lambda series; empty for the
	// account's series.
	Function string
	// Qualifier is the alias or version of a provisioned concurrency
	// config, or the alias a canary runs behind.
	Qualifier string
	// Version is the executed version behind the alias Qualifier.
	Version string
	// Cluster and Service name the service of an ECS series.
	Cluster, Service string
}

// Account is the account-wide series of a Lambda metric.
func Account(m Metric) ID { return ID{Metric: m} }

// Function is a function's series of m.
func Function(m Metric, fn string) ID { return ID{Metric: m, Function: fn} }

// Qualified is the series of m of one alias or version of a function
// (the Resource dimension), e.g. a provisioned config's utilisation.
func Qualified(m Metric, fn, qualifier string) ID {
	return ID{Metric: m, Function: fn, Qualifier: qualifier}
}

// Executed is the series of m of one version that ran behind an alias
// (the ExecutedVersion dimension): a canary's side of the traffic.
func Executed(m Metric, fn, alias, version string) ID {
	return ID{Metric: m, Function: fn, Qualifier: alias, Version: version}
}

// Service is a Fargate service's series of m.
func Service(m Metric, cluster, service string) ID {
	return ID{Metric: m, Cluster: cluster, Service: service}
}

// Key is the series' query key: different for every ID, and what the
// answer comes back under.
func (id ID) Key() string {
	return strings.Join([]string{strconv.Itoa(int(id.Metric)), id.Function, id.Qualifier, id.Version, id.Cluster, id.Service}, "\x00")
}

// Dimensions are the CloudWatch dimensions that select the series.
func (id ID) Dimensions() []providers.Dimension {
	if id.Cluster != "" || id.Service != "" {
		return []providers.Dimension{{Name: "ClusterName", Value: id.Cluster}, {Name: "ServiceName", Value: id.Service}}
	}
	if id.Function == "" {
		return nil
	}
	dims := []providers.Dimension{{Name: "FunctionName", Value: id.Function}}
	if id.Qualifier != "" {
		dims = append(dims, providers.Dimension{Name: "Resource", Value: id.Function + ":" + id.Qualifier})
	}
	if id.Version != "" {
		dims = append(dims, providers.Dimension{Name: "ExecutedVersion", Value: id.Version})
	}
	return dims
}

// Query is the GetMetricData query of the series at period.
func (id ID) Query(period time.Duration) providers.MetricQuery {
	ns, name, stat := id.Metric.cloudWatch()
	return providers.MetricQuery{Key: id.Key(), Namespace: ns, Metric: name, Dimensions: id.Dimensions(), Stat: stat, Period: period}
}
