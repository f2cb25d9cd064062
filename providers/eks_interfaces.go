package providers

import "context"

// The EKS and Kubernetes capabilities. A cluster argument is the EKS
// cluster's name; an empty namespace means every namespace. Each
// Kubernetes call fails on its own for its cluster: an unreachable API
// server is an error naming that cluster, never a hang.

// EKSLister lists EKS clusters and their Fargate profiles.
type EKSLister interface {
	ListEKSClusters(ctx context.Context) ([]EKSCluster, error)
	ListFargateProfiles(ctx context.Context, cluster string) ([]FargateProfile, error)
}

// PodLister lists the pods of a cluster that run on Fargate, and those
// still waiting to be placed (Pending with no node), which are the ones
// a missing or inactive Fargate profile leaves behind. Pending pods carry
// their Warning events, so their reason can be explained.
type PodLister interface {
	ListPods(ctx context.Context, cluster, namespace string) ([]Pod, error)
}

// PodReader reads one pod with its events.
type PodReader interface {
	GetPod(ctx context.Context, cluster, namespace, name string) (Pod, error)
}

// NamespaceLister lists a cluster's namespaces.
type NamespaceLister interface {
	ListNamespaces(ctx context.Context, cluster string) ([]Namespace, error)
}

// DeploymentLister lists a cluster's Kubernetes deployments.
type DeploymentLister interface {
	ListDeployments(ctx context.Context, cluster, namespace string) ([]KubeDeployment, error)
}

// KubeEventLister lists events; object, when not empty, keeps those about
// one object ("Pod/name", "Deployment/name").
type KubeEventLister interface {
	ListKubeEvents(ctx context.Context, cluster, namespace, object string) ([]KubeEvent, error)
}

// FargateLoggingReader reads where Fargate routes container logs (the
// aws-observability/aws-logging ConfigMap). A cluster without the
// ConfigMap returns a FargateLogging that is not Enabled, and no error.
type FargateLoggingReader interface {
	FargateLogging(ctx context.Context, cluster string) (FargateLogging, error)
}

// PodLogStreamer reads a pod's container logs through the Kubernetes API.
// Each LogEvent's Stream is the container name. The channel closes when
// ctx is done, after the history when not following, or after a batch
// carrying Err.
type PodLogStreamer interface {
	StreamPodLogs(ctx context.Context, req PodLogRequest) (<-chan LogBatch, error)
}

// PodDeleter deletes a pod; its controller, if any, starts a new one.
type PodDeleter interface {
	DeletePod(ctx context.Context, cluster, namespace, name string) (Receipt, error)
}

// DeploymentScaler sets a deployment's replicas.
type DeploymentScaler interface {
	ScaleDeployment(ctx context.Context, cluster, namespace, name string, replicas int) (Receipt, error)
}

// DeploymentRestarter restarts a deployment's pods as kubectl rollout
// restart does: by stamping the pod template with the time.
type DeploymentRestarter interface {
	RestartDeployment(ctx context.Context, cluster, namespace, name string) (Receipt, error)
}
