package providers

import "time"

// Cluster is one ECS cluster.
type Cluster struct {
	Name           string
	ARN            string
	Status         string
	ActiveServices int
	RunningTasks   int
	PendingTasks   int
	// ContainerInsights is "enabled", "enhanced" or "disabled".
	ContainerInsights string
	CapacityProviders []string
}

// Service is one ECS service with its deployments and latest events.
type Service struct {
	Cluster         string // cluster name
	Name            string
	ARN             string
	Status          string
	Desired         int
	Running         int
	Pending         int
	LaunchType      string
	TaskDefinition  string // ARN of the primary deployment's task definition
	TaskDefFamily   string
	TaskDefRevision int
	// RolloutState is the primary deployment's: IN_PROGRESS, COMPLETED, FAILED.
	RolloutState   string
	RolloutReason  string
	CircuitBreaker bool
	Rollback       bool
	CreatedAt      time.Time
	Deployments    []Deployment
	// Events are the latest service events, newest first, as ECS keeps them.
	Events []ServiceEvent
}

// Deployment is one entry of a service's deployments.
type Deployment struct {
	ID             string
	Status         string // PRIMARY, ACTIVE, INACTIVE
	TaskDefinition string
	Desired        int
	Running        int
	Pending        int
	Failed         int
	RolloutState   string
	RolloutReason  string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ServiceEvent is one message ECS wrote about a service.
type ServiceEvent struct {
	ID        string
	CreatedAt time.Time
	Message   string
}

// Task is one ECS task. Zero times mean "not yet" (a pending task has no
// StartedAt; a running one no StoppedAt).
type Task struct {
	Cluster         string
	ARN             string
	ID              string
	Service         string // from the task's group "service:<name>"; empty for standalone tasks
	TaskDefinition  string
	TaskDefRevision int
	LastStatus      string
	DesiredStatus   string
	Health          string // HEALTHY, UNHEALTHY, UNKNOWN
	LaunchType      string
	CreatedAt       time.Time
	StartedAt       time.Time
	StoppedAt       time.Time
	StopCode        string
	StoppedReason   string
	CPU             string // task-level units as ECS reports them, e.g. "256"
	Memory          string // MiB, e.g. "512"
	AZ              string
	StartedBy       string
	Containers      []Container
}

// Container is one container of a task.
type Container struct {
	Name       string
	Image      string
	LastStatus string
	Health     string
	ExitCode   *int
	Reason     string
}

// TaskDefinition is the part of a task definition virga needs: sizes and
// where each container logs.
type TaskDefinition struct {
	ARN        string
	Family     string
	Revision   int
	CPU        string
	Memory     string
	Containers []ContainerDefinition
}

// ContainerDefinition is one container of a task definition.
type ContainerDefinition struct {
	Name       string
	Image      string
	Essential  bool
	CPU        int
	Memory     int
	LogDriver  string // "awslogs", "awsfirelens", "" ...
	LogOptions map[string]string
}
