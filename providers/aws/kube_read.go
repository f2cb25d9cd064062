package aws

import (
	"cmp"
	"context"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/virgahq/virga/providers"
)

// kubePage is the page size of Kubernetes lists; maxKubePages bounds a
// listing at 20,000 objects.
const (
	kubePage     = 500
	maxKubePages = 40
	// pendingEvents is how many warnings a pending pod carries in a list.
	pendingEvents = 5
)

// pageAll pages a Kubernetes list (a typed client's List) until its
// continue token runs out, mapping each item with conv.
func pageAll[L interface{ GetContinue() string }, I, T any](ctx context.Context, list func(context.Context, metav1.ListOptions) (L, error),
	items func(L) []I, conv func(*I) T, opts metav1.ListOptions) ([]T, error) {
	var out []T
	opts.Limit = kubePage
	for range maxKubePages {
		l, err := list(ctx, opts)
		if err != nil {
			return nil, err
		}
		is := items(l)
		for i := range is {
			out = append(out, conv(&is[i]))
		}
		next := l.GetContinue()
		if next == "" {
			break
		}
		opts.Continue = next
	}
	return out, nil
}

// byNamespace orders namespaced objects by namespace, then name.
func byNamespace(ns1, name1, ns2, name2 string) int {
	return cmp.Or(strings.Compare(ns1, ns2), strings.Compare(name1, name2))
}

// ListPods lists the pods of cluster (of one namespace when namespace is
// not empty) that run on Fargate or wait to be placed, sorted by namespace
// and name. Pending pods carry their latest warning events.
//
// CLI: kubectl get pods -A -o wide, then
// kubectl get events -A --field-selector involvedObject.kind=Pod,type=Warning
func (p *Provider) ListPods(ctx context.Context, cluster, namespace string) ([]providers.Pod, error) {
	return kubeDo(ctx, p, cluster, "ListPods", func(ctx context.Context, kc *kubeCluster) ([]providers.Pod, error) {
		all, err := pageAll(ctx, kc.cs.CoreV1().Pods(namespace).List, func(l *corev1.PodList) []corev1.Pod { return l.Items },
			func(p *corev1.Pod) providers.Pod { return podOf(p, kc.name) }, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		var pods []providers.Pod
		pending := false
		for _, pod := range all {
			if pod.OnFargate() || pod.Node == "" {
				pods = append(pods, pod)
				pending = pending || pod.Phase == string(corev1.PodPending)
			}
		}
		if pending {
			evs, err := listEvents(ctx, kc, namespace, "involvedObject.kind=Pod,type=Warning")
			if err != nil {
				return nil, err
			}
			byPod := map[string][]providers.KubeEvent{}
			for _, e := range evs {
				byPod[e.Namespace+"/"+e.Object] = append(byPod[e.Namespace+"/"+e.Object], e)
			}
			for i := range pods {
				if pods[i].Phase == string(corev1.PodPending) {
					es := byPod[pods[i].Namespace+"/Pod/"+pods[i].Name]
					pods[i].Events = es[max(0, len(es)-pendingEvents):]
				}
			}
		}
		slices.SortFunc(pods, func(a, b providers.Pod) int { return byNamespace(a.Namespace, a.Name, b.Namespace, b.Name) })
		return pods, nil
	})
}

// GetPod reads one pod with all its events.
//
// CLI: kubectl get pod NAME -n NS -o yaml; kubectl events -n NS --for pod/NAME
func (p *Provider) GetPod(ctx context.Context, cluster, namespace, name string) (providers.Pod, error) {
	return kubeDo(ctx, p, cluster, "GetPod", func(ctx context.Context, kc *kubeCluster) (providers.Pod, error) {
		raw, err := kc.cs.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return providers.Pod{}, err
		}
		pod := podOf(raw, kc.name)
		pod.Events, err = listEvents(ctx, kc, namespace, "involvedObject.kind=Pod,involvedObject.name="+name)
		return pod, err
	})
}

// ListNamespaces lists a cluster's namespaces, sorted by name.
//
// CLI: kubectl get namespaces
func (p *Provider) ListNamespaces(ctx context.Context, cluster string) ([]providers.Namespace, error) {
	return kubeDo(ctx, p, cluster, "ListNamespaces", func(ctx context.Context, kc *kubeCluster) ([]providers.Namespace, error) {
		out, err := pageAll(ctx, kc.cs.CoreV1().Namespaces().List, func(l *corev1.NamespaceList) []corev1.Namespace { return l.Items },
			func(n *corev1.Namespace) providers.Namespace {
				return providers.Namespace{Name: n.Name, Status: string(n.Status.Phase), Labels: n.Labels, CreatedAt: n.CreationTimestamp.UTC()}
			}, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(out, func(a, b providers.Namespace) int { return strings.Compare(a.Name, b.Name) })
		return out, nil
	})
}

// ListDeployments lists deployments, sorted by namespace and name.
//
// CLI: kubectl get deployments -A
func (p *Provider) ListDeployments(ctx context.Context, cluster, namespace string) ([]providers.KubeDeployment, error) {
	return kubeDo(ctx, p, cluster, "ListDeployments", func(ctx context.Context, kc *kubeCluster) ([]providers.KubeDeployment, error) {
		out, err := pageAll(ctx, kc.cs.AppsV1().Deployments(namespace).List, func(l *appsv1.DeploymentList) []appsv1.Deployment { return l.Items },
			func(d *appsv1.Deployment) providers.KubeDeployment { return deploymentOf(d, kc.name) }, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(out, func(a, b providers.KubeDeployment) int { return byNamespace(a.Namespace, a.Name, b.Namespace, b.Name) })
		return out, nil
	})
}

// ListKubeEvents lists events, oldest first; object ("Kind/name") keeps
// those about one object.
//
// CLI: kubectl events -n NS [--for kind/name]
func (p *Provider) ListKubeEvents(ctx context.Context, cluster, namespace, object string) ([]providers.KubeEvent, error) {
	sel := ""
	if kind, name, ok := strings.Cut(object, "/"); ok {
		sel = "involvedObject.kind=" + kind + ",involvedObject.name=" + name
	}
	return kubeDo(ctx, p, cluster, "ListEvents", func(ctx context.Context, kc *kubeCluster) ([]providers.KubeEvent, error) {
		return listEvents(ctx, kc, namespace, sel)
	})
}

func listEvents(ctx context.Context, kc *kubeCluster, namespace, fieldSelector string) ([]providers.KubeEvent, error) {
	out, err := pageAll(ctx, kc.cs.CoreV1().Events(namespace).List, func(l *corev1.EventList) []corev1.Event { return l.Items },
		eventOf, metav1.ListOptions{FieldSelector: fieldSelector})
	sortKubeEvents(out)
	return out, err
}

// FargateLogging reads the aws-observability/aws-logging ConfigMap, which
// routes Fargate pods' logs (to a CloudWatch log group, say). No ConfigMap
// means Fargate ships no logs: not Enabled, and no error.
//
// CLI: kubectl get configmap aws-logging -n aws-observability -o yaml
func (p *Provider) FargateLogging(ctx context.Context, cluster string) (providers.FargateLogging, error) {
	return kubeDo(ctx, p, cluster, "GetConfigMap", func(ctx context.Context, kc *kubeCluster) (providers.FargateLogging, error) {
		cm, err := kc.cs.CoreV1().ConfigMaps(providers.FargateLoggingNamespace).Get(ctx, providers.FargateLoggingConfigMap, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return providers.FargateLogging{}, nil
		}
		if err != nil {
			return providers.FargateLogging{}, err
		}
		return providers.ParseFargateLogging(cm.Data), nil
	})
}
