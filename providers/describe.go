package providers

import "context"

// ServiceReader reads one service of a cluster by name or ARN, without
// listing the cluster.
type ServiceReader interface {
	GetService(ctx context.Context, cluster, name string) (Service, error)
}

// TaskReader reads one task of a cluster by id or ARN; ECS keeps stopped
// tasks for about an hour.
type TaskReader interface {
	GetTask(ctx context.Context, cluster, id string) (Task, error)
}

// Kinds of resource a Describer reads.
const (
	DescribeFunction       = "function"
	DescribeCluster        = "cluster"
	DescribeService        = "service"
	DescribeTask           = "task"
	DescribeTaskDefinition = "task-definition"
)

// DescribeRequest names one resource: a kind above, its name (a task's
// full id or ARN; a task definition's family:revision or ARN) and, for
// services and tasks, the cluster.
type DescribeRequest struct {
	Kind    string
	Name    string
	Cluster string
}

// Describer returns the API's own response document for one resource,
// as AWS sent it: GetFunction for a function, DescribeClusters,
// DescribeServices, DescribeTasks or DescribeTaskDefinition for the
// others. It is untrusted text, like every other AWS string.
type Describer interface {
	Describe(ctx context.Context, req DescribeRequest) ([]byte, error)
}
