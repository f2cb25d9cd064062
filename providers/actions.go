package providers

import "context"

// Receipt is what a mutating call returns on success: the AWS request id
// for the audit journal and, where the call creates something, a short
// description of it (a new version number, a deployment id).
type Receipt struct {
	RequestID string
	Result    string
	// Applied is what the response says the changed values now are, by
	// the Applied* names, for the values it carries: the action compares
	// them with what it asked for.
	Applied map[string]string
}

// Names of the values a Receipt's Applied carries.
const (
	AppliedReserved       = "reserved_concurrent_executions"
	AppliedProvisioned    = "provisioned_concurrent_executions"
	AppliedMemoryMB       = "memory_size"
	AppliedTimeoutSec     = "timeout"
	AppliedDesired        = "desired_count"
	AppliedVersion        = "function_version"
	AppliedTaskDefinition = "task_definition"
)

// ConcurrencyScaler changes a function's reserved and provisioned
// concurrency.
type ConcurrencyScaler interface {
	PutReservedConcurrency(ctx context.Context, function string, n int) (Receipt, error)
	DeleteReservedConcurrency(ctx context.Context, function string) (Receipt, error)
	// PutProvisionedConcurrency starts an allocation on an alias or
	// version; poll GetFunction to watch it reach READY or FAILED.
	PutProvisionedConcurrency(ctx context.Context, function, qualifier string, n int) (Receipt, error)
	DeleteProvisionedConcurrency(ctx context.Context, function, qualifier string) (Receipt, error)
}

// FunctionConfigUpdate changes memory and/or timeout; nil leaves a value.
type FunctionConfigUpdate struct {
	MemoryMB   *int
	TimeoutSec *int
}

// FunctionConfigurer updates a function's configuration.
type FunctionConfigurer interface {
	UpdateFunctionConfiguration(ctx context.Context, function string, u FunctionConfigUpdate) (Receipt, error)
}

// CodeSource names new code for a function: an image URI, or an S3 object.
type CodeSource struct {
	ImageURI string
	S3Bucket string
	S3Key    string
}

// FunctionDeployer publishes versions, moves aliases and updates code.
type FunctionDeployer interface {
	PublishVersion(ctx context.Context, function, description string) (Receipt, error)
	// UpdateAlias points alias at version; weights (version -> share in
	// 0..1) set a weighted canary, nil removes it.
	UpdateAlias(ctx context.Context, function, alias, version string, weights map[string]float64) (Receipt, error)
	UpdateFunctionCode(ctx context.Context, function string, code CodeSource) (Receipt, error)
}

// ServiceUpdate changes an ECS service. Nil and empty fields are left as
// they are.
type ServiceUpdate struct {
	Cluster            string
	Service            string
	Desired            *int
	ForceNewDeployment bool
	TaskDefinition     string
}

// ServiceUpdater scales and redeploys ECS services.
type ServiceUpdater interface {
	UpdateService(ctx context.Context, u ServiceUpdate) (Receipt, error)
}

// TaskDefinitionLister lists the revisions of a task definition family,
// newest first, for rollback.
type TaskDefinitionLister interface {
	ListTaskDefinitions(ctx context.Context, family string) ([]string, error)
}

// TaskStopper stops an ECS task with a reason ECS records.
type TaskStopper interface {
	StopTask(ctx context.Context, cluster, task, reason string) (Receipt, error)
}

// EventSourceToggler enables or disables an event source mapping.
type EventSourceToggler interface {
	SetEventSourceEnabled(ctx context.Context, uuid string, enabled bool) (Receipt, error)
}

// ReadOnlySetter is a backend with its own read-only wall (an SDK
// middleware that refuses mutating operations before they are sent),
// which can be switched once the account is known.
type ReadOnlySetter interface {
	SetReadOnly(on bool)
}

// readOnlyKey marks a context whose calls must not change anything.
type readOnlyKey struct{}

// WithReadOnly marks ctx so that a backend with its own read-only wall
// refuses every mutating call made with it, whatever the backend's switch
// says. One backend shared by several callers (virga serve's sessions)
// thereby walls each caller on its own: a viewer's calls carry the mark,
// an operator's do not.
func WithReadOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, readOnlyKey{}, true)
}

// IsReadOnly reports whether ctx was marked by WithReadOnly.
func IsReadOnly(ctx context.Context) bool {
	on, _ := ctx.Value(readOnlyKey{}).(bool)
	return on
}
