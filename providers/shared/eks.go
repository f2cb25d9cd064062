package shared

import (
	"context"

	"github.com/virgahq/virga/providers"
)

// EKS and Kubernetes through the shared cache: the EKS lists and each
// cluster's Kubernetes objects are shared for the poll interval like the
// ECS lists; pod logs pass through per session like log history; the
// Kubernetes actions go through mutate, under the session's wall (which
// the Kubernetes transport honours as the SDK middleware does) and rate
// limit, and forget what they change.

// kubeKey is the prefix of one cluster's Kubernetes reads: an action on a
// cluster forgets them all (a deleted pod changes the pod list, its
// deployment's ready count and the events).
func kubeKey(cluster string) string { return keyKube + cluster + "|" }

func (v *View) ListEKSClusters(ctx context.Context) ([]providers.EKSCluster, error) {
	return read(v, ctx, keyEKS, v.c.cfg.Lists, v.c.up.ListEKSClusters)
}

func (v *View) ListFargateProfiles(ctx context.Context, cluster string) ([]providers.FargateProfile, error) {
	return read(v, ctx, keyProfiles+cluster+"|", v.c.cfg.Lists, func(ctx context.Context) ([]providers.FargateProfile, error) {
		return v.c.up.ListFargateProfiles(ctx, cluster)
	})
}

func (v *View) ListPods(ctx context.Context, cluster, namespace string) ([]providers.Pod, error) {
	return read(v, ctx, kubeKey(cluster)+"pods|"+namespace, v.c.cfg.Lists, func(ctx context.Context) ([]providers.Pod, error) {
		return v.c.up.ListPods(ctx, cluster, namespace)
	})
}

func (v *View) GetPod(ctx context.Context, cluster, namespace, name string) (providers.Pod, error) {
	return read(v, ctx, kubeKey(cluster)+"pod|"+namespace+"|"+name, v.c.cfg.Lists, func(ctx context.Context) (providers.Pod, error) {
		return v.c.up.GetPod(ctx, cluster, namespace, name)
	})
}

func (v *View) ListNamespaces(ctx context.Context, cluster string) ([]providers.Namespace, error) {
	return read(v, ctx, kubeKey(cluster)+"ns", v.c.cfg.Lists, func(ctx context.Context) ([]providers.Namespace, error) {
		return v.c.up.ListNamespaces(ctx, cluster)
	})
}

func (v *View) ListDeployments(ctx context.Context, cluster, namespace string) ([]providers.KubeDeployment, error) {
	return read(v, ctx, kubeKey(cluster)+"deploy|"+namespace, v.c.cfg.Lists, func(ctx context.Context) ([]providers.KubeDeployment, error) {
		return v.c.up.ListDeployments(ctx, cluster, namespace)
	})
}

func (v *View) ListKubeEvents(ctx context.Context, cluster, namespace, object string) ([]providers.KubeEvent, error) {
	return read(v, ctx, kubeKey(cluster)+"events|"+namespace+"|"+object, v.c.cfg.Lists, func(ctx context.Context) ([]providers.KubeEvent, error) {
		return v.c.up.ListKubeEvents(ctx, cluster, namespace, object)
	})
}

func (v *View) FargateLogging(ctx context.Context, cluster string) (providers.FargateLogging, error) {
	return read(v, ctx, kubeKey(cluster)+"logging", v.c.cfg.Lists, func(ctx context.Context) (providers.FargateLogging, error) {
		return v.c.up.FargateLogging(ctx, cluster)
	})
}

// StreamPodLogs passes through: each session reads its own pod, range and
// containers, and the stream ends with the session's context.
func (v *View) StreamPodLogs(ctx context.Context, req providers.PodLogRequest) (<-chan providers.LogBatch, error) {
	return v.c.up.StreamPodLogs(v.wall(ctx), req)
}

func (v *View) DeletePod(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	return mutate(v, ctx, "Kubernetes.DeletePod", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.DeletePod(ctx, cluster, namespace, name)
	}, kubeKey(cluster))
}

func (v *View) ScaleDeployment(ctx context.Context, cluster, namespace, name string, replicas int) (providers.Receipt, error) {
	return mutate(v, ctx, "Kubernetes.ScaleDeployment", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.ScaleDeployment(ctx, cluster, namespace, name, replicas)
	}, kubeKey(cluster))
}

func (v *View) RestartDeployment(ctx context.Context, cluster, namespace, name string) (providers.Receipt, error) {
	return mutate(v, ctx, "Kubernetes.RestartDeployment", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.RestartDeployment(ctx, cluster, namespace, name)
	}, kubeKey(cluster))
}
