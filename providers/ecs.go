package providers

import "time"

// Cluster is one ECS cluster.
type Cluster struct {
	Name           string `json:"name,omitempty"`
	ARN            string `json:"arn,omitempty"`
	Status         string `json:"status,omitempty"`
	ActiveServices int    `json:"activeServices"`
	RunningTasks   int    `json:"runningTasks"`
	PendingTasks   int    `json:"pendingTasks"`
	// ContainerInsights is "enabled", "enhanced" or "disabled".
	ContainerInsights string   `json:"containerInsights,omitempty"`
	CapacityProviders []string `json:"capacityProviders,omitempty"`
}

// Service is one ECS service with its deployments and latest events.
type Service struct {
	Cluster         string `json:"cluster,omitempty"` // cluster name
	Name            string `json:"name,omitempty"`
	ARN             string `json:"arn,omitempty"`
	Status          string `json:"status,omitempty"`
	Desired         int    `json:"desiredCount"`
	Running         int    `json:"runningCount"`
	Pending         int    `json:"pendingCount"`
	LaunchType      string `json:"launchType,omitempty"`
	TaskDefinition  string `json:"taskDefinition,omitempty"` // ARN of the primary deployment's task definition
	TaskDefFamily   string `json:"taskDefinitionFamily,omitempty"`
	TaskDefRevision int    `json:"taskDefinitionRevision"`
	// RolloutState is the primary deployment's: IN_PROGRESS, COMPLETED, FAILED.
	RolloutState   string       `json:"rolloutState,omitempty"`
	RolloutReason  string       `json:"rolloutReason,omitempty"`
	CircuitBreaker bool         `json:"circuitBreaker"`
	Rollback       bool         `json:"circuitBreakerRollback"`
	CreatedAt      time.Time    `json:"createdAt,omitzero"`
	Deployments    []Deployment `json:"deployments,omitempty"`
	// Events are the latest service events, newest first, as ECS keeps them.
	Events []ServiceEvent `json:"events,omitempty"`
}

// Deployment is one entry of a service's deployments.
type Deployment struct {
	ID             string    `json:"id,omitempty"`
	Status         string    `json:"status,omitempty"` // PRIMARY, ACTIVE, INACTIVE
	TaskDefinition string    `json:"taskDefinition,omitempty"`
	Desired        int       `json:"desiredCount"`
	Running        int       `json:"runningCount"`
	Pending        int       `json:"pendingCount"`
	Failed         int       `json:"failedCount"`
	RolloutState   string    `json:"rolloutState,omitempty"`
	RolloutReason  string    `json:"rolloutReason,omitempty"`
	CreatedAt      time.Time `json:"createdAt,omitzero"`
	UpdatedAt      time.Time `json:"updatedAt,omitzero"`
}

// ServiceEvent is one message ECS wrote about a service.
type ServiceEvent struct {
	ID        string    `json:"id,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitzero"`
	Message   string    `json:"message,omitempty"`
}

// Task is one ECS task. Zero times mean "not yet" (a pending task has no
// StartedAt; a running one no StoppedAt).
type Task struct {
	Cluster         string      `json:"cluster,omitempty"`
	ARN             string      `json:"arn,omitempty"`
	ID              string      `json:"id,omitempty"`
	Service         string      `json:"service,omitempty"` // from the task's group "service:<name>"; empty for standalone tasks
	TaskDefinition  string      `json:"taskDefinition,omitempty"`
	TaskDefRevision int         `json:"taskDefinitionRevision"`
	LastStatus      string      `json:"lastStatus,omitempty"`
	DesiredStatus   string      `json:"desiredStatus,omitempty"`
	Health          string      `json:"health,omitempty"` // HEALTHY, UNHEALTHY, UNKNOWN
	LaunchType      string      `json:"launchType,omitempty"`
	CreatedAt       time.Time   `json:"createdAt,omitzero"`
	StartedAt       time.Time   `json:"startedAt,omitzero"`
	StoppedAt       time.Time   `json:"stoppedAt,omitzero"`
	StopCode        string      `json:"stopCode,omitempty"`
	StoppedReason   string      `json:"stoppedReason,omitempty"`
	CPU             string      `json:"cpu,omitempty"`    // task-level units as ECS reports them, e.g. "256"
	Memory          string      `json:"memory,omitempty"` // MiB, e.g. "512"
	AZ              string      `json:"availabilityZone,omitempty"`
	StartedBy       string      `json:"startedBy,omitempty"`
	Containers      []Container `json:"containers,omitempty"`
	ExecEnabled     bool        `json:"enableExecuteCommand,omitempty"` // ECS Exec: the service or RunTask set enableExecuteCommand
}

// Container is one container of a task.
type Container struct {
	Name       string `json:"name,omitempty"`
	Image      string `json:"image,omitempty"`
	LastStatus string `json:"lastStatus,omitempty"`
	Health     string `json:"health,omitempty"`
	ExitCode   *int   `json:"exitCode,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// TaskDefinition is the part of a task definition virga needs: sizes and
// where each container logs.
type TaskDefinition struct {
	ARN        string                `json:"arn,omitempty"`
	Family     string                `json:"family,omitempty"`
	Revision   int                   `json:"revision"`
	CPU        string                `json:"cpu,omitempty"`
	Memory     string                `json:"memory,omitempty"`
	Containers []ContainerDefinition `json:"containers,omitempty"`
}

// ContainerDefinition is one container of a task definition.
type ContainerDefinition struct {
	Name       string            `json:"name,omitempty"`
	Image      string            `json:"image,omitempty"`
	Essential  bool              `json:"essential"`
	CPU        int               `json:"cpu"`
	Memory     int               `json:"memory"`
	LogDriver  string            `json:"logDriver,omitempty"` // "awslogs", "awsfirelens", "" ...
	LogOptions map[string]string `json:"logOptions,omitempty"`
	Ports      []PortMapping     `json:"ports,omitempty"`
	// HealthCheck is the container's own health check; nil when it has
	// none (its health then reads UNKNOWN).
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`
}

// PortMapping is a port a container listens on.
type PortMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort,omitempty"`
	Protocol      string `json:"protocol,omitempty"` // "tcp", "udp"
}

// HealthCheck is a container health check as the task definition states
// it; the durations are in seconds, zero when ECS's default applies.
type HealthCheck struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval,omitempty"`
	Timeout     int      `json:"timeout,omitempty"`
	Retries     int      `json:"retries,omitempty"`
	StartPeriod int      `json:"startPeriod,omitempty"`
}
