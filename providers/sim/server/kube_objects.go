package server

import (
	"maps"
	"net/http"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/virgahq/virga/providers"
)

// The handlers of the Kubernetes resources, and how the sim's domain
// values become Kubernetes objects.

func mtime(t time.Time) metav1.Time { return metav1.NewTime(t) }

// listPage is the page of a list the request asks for (all, read with
// err), each item made an object with obj, and the next page's continue
// token; ok is false when the request has been answered with an error.
func listPage[T, O any](k *kubeReq, kind string, all []T, err error, obj func(T) O) (items []O, next string, ok bool) {
	if err != nil {
		k.fail(err)
		return nil, "", false
	}
	start, end, next, ok := k.pageOf(kind, len(all))
	if !ok {
		return nil, "", false
	}
	for _, x := range all[start:end] {
		items = append(items, obj(x))
	}
	return items, next, true
}

func (k *kubeReq) listPods(ns string) {
	pods, err := k.s.acct.ListPods(k.r.Context(), k.cluster, ns)
	if items, next, ok := listPage(k, "pods", pods, err, podObject); ok {
		k.writeJSON(http.StatusOK, corev1.PodList{TypeMeta: metav1.TypeMeta{Kind: "PodList", APIVersion: "v1"},
			ListMeta: metav1.ListMeta{Continue: next}, Items: items})
	}
}

func (k *kubeReq) getPod(ns, name string) {
	p, err := k.s.acct.GetPod(k.r.Context(), k.cluster, ns, name)
	if err != nil {
		k.fail(err)
		return
	}
	k.writeJSON(http.StatusOK, podObject(p))
}

func (k *kubeReq) deletePod(ns, name string) {
	p, err := k.s.acct.GetPod(k.r.Context(), k.cluster, ns, name)
	if err == nil {
		_, err = k.s.acct.DeletePod(k.r.Context(), k.cluster, ns, name)
	}
	if err != nil {
		k.fail(err)
		return
	}
	obj := podObject(p)
	now := mtime(time.Now())
	obj.DeletionTimestamp = &now
	k.writeJSON(http.StatusOK, obj)
}

func (k *kubeReq) listNamespaces() {
	nss, err := k.s.acct.ListNamespaces(k.r.Context(), k.cluster)
	items, next, ok := listPage(k, "namespaces", nss, err, func(n providers.Namespace) corev1.Namespace {
		return corev1.Namespace{
			TypeMeta:   metav1.TypeMeta{Kind: "Namespace", APIVersion: "v1"},
			ObjectMeta: metav1.ObjectMeta{Name: n.Name, Labels: n.Labels, CreationTimestamp: mtime(n.CreatedAt)},
			Status:     corev1.NamespaceStatus{Phase: corev1.NamespacePhase(n.Status)},
		}
	})
	if ok {
		k.writeJSON(http.StatusOK, corev1.NamespaceList{TypeMeta: metav1.TypeMeta{Kind: "NamespaceList", APIVersion: "v1"},
			ListMeta: metav1.ListMeta{Continue: next}, Items: items})
	}
}

// listEvents filters by the fieldSelector terms involvedObject.kind,
// involvedObject.name and type; any other term is refused, as the API
// server refuses fields it cannot select on.
func (k *kubeReq) listEvents(ns string) {
	want := map[string]string{}
	if sel := k.r.URL.Query().Get("fieldSelector"); sel != "" {
		for _, term := range strings.Split(sel, ",") {
			key, val, ok := strings.Cut(term, "=")
			switch key {
			case "involvedObject.kind", "involvedObject.name", "type":
			default:
				ok = false
			}
			if !ok {
				k.status(http.StatusBadRequest, metav1.StatusReasonBadRequest, `"`+term+`" is not a known field selector`)
				return
			}
			want[key] = val
		}
	}
	evs, err := k.s.acct.ListKubeEvents(k.r.Context(), k.cluster, ns, "")
	if err != nil {
		k.fail(err)
		return
	}
	var kept []providers.KubeEvent
	for _, e := range evs {
		kind, name, _ := strings.Cut(e.Object, "/")
		if (want["involvedObject.kind"] == "" || want["involvedObject.kind"] == kind) &&
			(want["involvedObject.name"] == "" || want["involvedObject.name"] == name) &&
			(want["type"] == "" || want["type"] == e.Type) {
			kept = append(kept, e)
		}
	}
	start, end, next, ok := k.pageOf("events", len(kept))
	if !ok {
		return
	}
	list := corev1.EventList{TypeMeta: metav1.TypeMeta{Kind: "EventList", APIVersion: "v1"}, ListMeta: metav1.ListMeta{Continue: next}}
	for i, e := range kept[start:end] {
		kind, name, _ := strings.Cut(e.Object, "/")
		list.Items = append(list.Items, corev1.Event{
			TypeMeta:       metav1.TypeMeta{Kind: "Event", APIVersion: "v1"},
			ObjectMeta:     metav1.ObjectMeta{Name: name + "." + strings.ToLower(e.Reason) + "." + string(rune('a'+(start+i)%26)), Namespace: e.Namespace},
			InvolvedObject: corev1.ObjectReference{Kind: kind, Name: name, Namespace: e.Namespace},
			Reason:         e.Reason, Message: e.Message, Type: e.Type, Count: int32(e.Count),
			FirstTimestamp: mtime(e.First), LastTimestamp: mtime(e.Last),
			Source: corev1.EventSource{Component: e.Source},
		})
	}
	k.writeJSON(http.StatusOK, list)
}

func (k *kubeReq) getConfigMap(ns, name string) {
	data, found, err := k.s.acct.ConfigMap(k.r.Context(), k.cluster, ns, name)
	if err != nil {
		k.fail(err)
		return
	}
	if !found {
		k.status(http.StatusNotFound, metav1.StatusReasonNotFound, `configmaps "`+name+`" not found`)
		return
	}
	k.writeJSON(http.StatusOK, corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Data: data})
}

// podObject is a pod as the API server returns it.
func podObject(p providers.Pod) corev1.Pod {
	pod := corev1.Pod{
		TypeMeta: metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: types.UID(p.UID), Labels: maps.Clone(p.Labels),
			CreationTimestamp: mtime(p.CreatedAt)},
		Spec:   corev1.PodSpec{NodeName: p.Node, SchedulerName: p.SchedulerName},
		Status: corev1.PodStatus{Phase: corev1.PodPhase(p.Phase), PodIP: p.IP},
	}
	if p.CapacityProvisioned != "" {
		pod.Annotations = map[string]string{providers.AnnotationCapacity: p.CapacityProvisioned}
	}
	if kind, name, ok := strings.Cut(p.Owner, "/"); ok {
		yes := true
		pod.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kind, Name: name, Controller: &yes}}
	}
	if p.Unschedulable != "" {
		pod.Status.Conditions = append(pod.Status.Conditions, corev1.PodCondition{Type: corev1.PodScheduled,
			Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable, Message: p.Unschedulable})
	}
	for _, c := range p.Containers {
		spec := corev1.Container{Name: c.Name, Image: c.Image, Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{}}}
		if q, err := resource.ParseQuantity(c.RequestCPU); err == nil {
			spec.Resources.Requests[corev1.ResourceCPU] = q
		}
		if q, err := resource.ParseQuantity(c.RequestMemory); err == nil {
			spec.Resources.Requests[corev1.ResourceMemory] = q
		}
		st := corev1.ContainerStatus{Name: c.Name, Image: c.Image, Ready: c.Ready, RestartCount: int32(c.Restarts)}
		switch c.State {
		case "running":
			st.State.Running = &corev1.ContainerStateRunning{StartedAt: mtime(c.StartedAt)}
		case "terminated":
			st.State.Terminated = &corev1.ContainerStateTerminated{Reason: c.Reason, Message: c.Message, StartedAt: mtime(c.StartedAt)}
		default:
			st.State.Waiting = &corev1.ContainerStateWaiting{Reason: c.Reason, Message: c.Message}
		}
		if c.LastExitCode >= 0 {
			st.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: int32(c.LastExitCode), Reason: c.LastReason}
		}
		if c.Init {
			pod.Spec.InitContainers = append(pod.Spec.InitContainers, spec)
			pod.Status.InitContainerStatuses = append(pod.Status.InitContainerStatuses, st)
			continue
		}
		pod.Spec.Containers = append(pod.Spec.Containers, spec)
		if p.Node != "" {
			pod.Status.ContainerStatuses = append(pod.Status.ContainerStatuses, st)
		}
	}
	return pod
}

// deploymentObject is a deployment as the API server returns it.
func deploymentObject(d providers.KubeDeployment, generation int64) appsv1.Deployment {
	replicas := int32(d.Replicas)
	dep := appsv1.Deployment{
		TypeMeta: metav1.TypeMeta{Kind: "Deployment", APIVersion: "apps/v1"},
		ObjectMeta: metav1.ObjectMeta{Name: d.Name, Namespace: d.Namespace, Generation: generation,
			CreationTimestamp: mtime(d.CreatedAt), Labels: maps.Clone(d.Selector)},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: maps.Clone(d.Selector)}},
		Status: appsv1.DeploymentStatus{ObservedGeneration: generation, Replicas: int32(d.Replicas),
			ReadyReplicas: int32(d.Ready), UpdatedReplicas: int32(d.Updated), AvailableReplicas: int32(d.Available)},
	}
	dep.Spec.Template.Labels = maps.Clone(d.Selector)
	if d.RestartedAt != "" {
		dep.Spec.Template.Annotations = map[string]string{"kubectl.kubernetes.io/restartedAt": d.RestartedAt}
	}
	for i, img := range d.Images {
		name := d.Name
		if i > 0 {
			name += "-" + string(rune('a'+i))
		}
		dep.Spec.Template.Spec.Containers = append(dep.Spec.Template.Spec.Containers, corev1.Container{Name: name, Image: img})
	}
	if d.Progressing != "" {
		dep.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: d.Progressing}}
	}
	return dep
}
