package providers

import "context"

// Every method takes a context that carries a deadline; implementations
// must honour cancellation and never substitute context.Background().

// IdentityReader says which account, region and profile a backend serves.
type IdentityReader interface {
	Identity(ctx context.Context) (Identity, error)
}

// FunctionLister lists Lambda functions one page at a time, so the first
// rows can be shown while later pages load.
type FunctionLister interface {
	// ListFunctions returns the page after marker ("" for the first).
	ListFunctions(ctx context.Context, marker string) (FunctionPage, error)
}

// FunctionReader reads one function's configuration, versions, aliases,
// provisioned concurrency and event source mappings.
type FunctionReader interface {
	GetFunction(ctx context.Context, name string) (FunctionDetail, error)
}

// FunctionConfigReader reads one function's configuration with a single
// call, for callers that need only that (where the function logs).
type FunctionConfigReader interface {
	FunctionConfig(ctx context.Context, name string) (Function, error)
}

// ReservedConcurrencyReader reads one function's reserved concurrency (nil:
// none): a lighter read than GetFunction, for the RSV column of every row
// on screen.
type ReservedConcurrencyReader interface {
	ReservedConcurrency(ctx context.Context, function string) (*int, error)
}

// AccountReader reads the account's Lambda concurrency settings.
type AccountReader interface {
	AccountSettings(ctx context.Context) (AccountSettings, error)
}

// ClusterLister lists ECS clusters.
type ClusterLister interface {
	ListClusters(ctx context.Context) ([]Cluster, error)
}

// ServiceLister lists the services of one cluster, described.
type ServiceLister interface {
	ListServices(ctx context.Context, cluster string) ([]Service, error)
}

// TaskLister lists the running and recently stopped tasks of a cluster,
// of one service when service is not empty.
type TaskLister interface {
	ListTasks(ctx context.Context, cluster, service string) ([]Task, error)
}

// TaskDefinitionReader reads a task definition by ARN.
type TaskDefinitionReader interface {
	DescribeTaskDefinition(ctx context.Context, arn string) (TaskDefinition, error)
}

// MetricsReader reads CloudWatch metrics in batches.
type MetricsReader interface {
	GetMetricData(ctx context.Context, req MetricRequest) (MetricResult, error)
}

// LogReader reads log history a page at a time.
type LogReader interface {
	FilterLogEvents(ctx context.Context, q LogQuery) (LogPage, error)
}

// LogStreamLister finds the streams of a log group that logged last.
type LogStreamLister interface {
	// NewestStreams returns up to limit streams of group, the one with
	// the newest event first (DescribeLogStreams ordered by
	// LastEventTime, descending). AWS updates a stream's last event time
	// eventually (usually within an hour), so it is a hint of where the
	// newest lines are, never a bound.
	NewestStreams(ctx context.Context, group string, limit int) ([]LogStream, error)
}

// LogTailer follows logs live. The channel is closed when ctx is done or
// after a batch carrying Err.
type LogTailer interface {
	Tail(ctx context.Context, req TailRequest) (<-chan LogBatch, error)
}

// Invoker invokes a function.
type Invoker interface {
	Invoke(ctx context.Context, req InvokeRequest) (InvokeResult, error)
}

// Backend is the minimum a data source offers: who it is and the four
// resource lists. Everything else is an optional capability.
type Backend interface {
	IdentityReader
	FunctionLister
	ClusterLister
	ServiceLister
	TaskLister
}

// FullBackend is every capability virga uses that both full data sources,
// the AWS provider and the simulated account, offer; each checks it
// implements it at compile time. The tui still discovers each capability
// by assertion, so a thinner source (a test fake) works too.
type FullBackend interface {
	Backend
	FunctionReader
	AccountReader
	TaskDefinitionReader
	TaskDefinitionLister
	MetricsReader
	LogReader
	LogTailer
	Invoker
	ConcurrencyScaler
	FunctionConfigurer
	FunctionDeployer
	ServiceUpdater
	TaskStopper
	EventSourceToggler
	EKSLister
	PodLister
	PodReader
	NamespaceLister
	DeploymentLister
	KubeEventLister
	FargateLoggingReader
	PodLogStreamer
	PodDeleter
	DeploymentScaler
	DeploymentRestarter
}
