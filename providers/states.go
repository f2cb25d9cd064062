package providers

// Status and state values the AWS APIs report and virga acts on, spelled
// as the APIs spell them. The domain types keep them as strings (a value
// AWS adds later passes through); code that decides on one compares with
// these names, never with a literal.
const (
	// ClusterActive is an ECS cluster's Status when it can run tasks.
	ClusterActive = "ACTIVE"

	// RolloutInProgress, RolloutCompleted and RolloutFailed are an ECS
	// deployment's rolloutState.
	RolloutInProgress = "IN_PROGRESS"
	RolloutCompleted  = "COMPLETED"
	RolloutFailed     = "FAILED"

	// TaskRunning, TaskStopping, TaskDeprovisioning and TaskStopped are
	// the lastStatus of an ECS task or container on its way down.
	TaskRunning        = "RUNNING"
	TaskStopping       = "STOPPING"
	TaskDeprovisioning = "DEPROVISIONING"
	TaskStopped        = "STOPPED"

	// HealthHealthy, HealthUnhealthy and HealthUnknown are an ECS task's
	// or container's healthStatus.
	HealthHealthy   = "HEALTHY"
	HealthUnhealthy = "UNHEALTHY"
	HealthUnknown   = "UNKNOWN"

	// StopUserInitiated and StopServiceScheduler are the stopCodes of a
	// task that was stopped on purpose (by a user, or by its service when
	// scaling in or replacing it).
	StopUserInitiated    = "UserInitiated"
	StopServiceScheduler = "ServiceSchedulerInitiated"

	// InsightsEnabled, InsightsEnhanced and InsightsDisabled are a
	// cluster's containerInsights setting.
	InsightsEnabled  = "enabled"
	InsightsEnhanced = "enhanced"
	InsightsDisabled = "disabled"

	// FunctionActive is a Lambda function's State when it can be invoked.
	FunctionActive = "Active"

	// PackageImage is the PackageType of a function deployed as a
	// container image.
	PackageImage = "Image"

	// ProvisionedReady and ProvisionedFailed are a provisioned
	// concurrency config's Status.
	ProvisionedReady  = "READY"
	ProvisionedFailed = "FAILED"

	// MappingEnabled is an event source mapping's State while it polls.
	MappingEnabled = "Enabled"

	// SourceKinesis and SourceDynamoDB are the event source kinds that are
	// streams, for which Lambda publishes IteratorAge.
	SourceKinesis  = "Kinesis"
	SourceDynamoDB = "DynamoDB"

	// ReportSuccess, ReportError and ReportTimeout are a REPORT line's
	// Status.
	ReportSuccess = "success"
	ReportError   = "error"
	ReportTimeout = "timeout"
)
