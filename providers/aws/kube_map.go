package aws

import (
	"maps"
	"slices"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/virgahq/virga/providers"
)

// restartedAtAnnotation is what kubectl rollout restart stamps on a pod
// template.
const restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"

// podOf maps a Kubernetes pod.
func podOf(p *corev1.Pod, cluster string) providers.Pod {
	pp := providers.Pod{
		Cluster: cluster, Namespace: p.Namespace, Name: p.Name, UID: string(p.UID),
		Labels: maps.Clone(p.Labels), Phase: string(p.Status.Phase),
		CapacityProvisioned: p.Annotations[providers.AnnotationCapacity],
		FargateProfile:      p.Labels[providers.LabelFargateProfile],
		Node:                p.Spec.NodeName, IP: p.Status.PodIP, SchedulerName: p.Spec.SchedulerName,
		CreatedAt:  p.CreationTimestamp.UTC(),
		Containers: []providers.PodContainer{},
	}
	for _, o := range p.OwnerReferences {
		if o.Controller != nil && *o.Controller {
			pp.Owner = o.Kind + "/" + o.Name
			if h := p.Labels["pod-template-hash"]; o.Kind == "ReplicaSet" && h != "" {
				pp.Deployment, _ = strings.CutSuffix(o.Name, "-"+h)
				if pp.Deployment == o.Name {
					pp.Deployment = ""
				}
			}
		}
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			pp.Unschedulable = c.Message
		}
	}
	var cpu, mem resource.Quantity
	statuses := map[string]corev1.ContainerStatus{}
	for _, s := range p.Status.InitContainerStatuses {
		statuses["init:"+s.Name] = s
	}
	for _, s := range p.Status.ContainerStatuses {
		statuses[s.Name] = s
	}
	add := func(c corev1.Container, init bool) {
		key := c.Name
		if init {
			key = "init:" + c.Name
		}
		pc := containerOf(c, statuses[key])
		pc.Init = init
		pp.Containers = append(pp.Containers, pc)
		if init {
			return
		}
		pp.Total++
		pp.Restarts += pc.Restarts
		if pc.Ready {
			pp.Ready++
		}
		if q, ok := c.Resources.Requests[corev1.ResourceCPU]; ok {
			cpu.Add(q)
		}
		if q, ok := c.Resources.Requests[corev1.ResourceMemory]; ok {
			mem.Add(q)
		}
	}
	for _, c := range p.Spec.InitContainers {
		add(c, true)
	}
	for _, c := range p.Spec.Containers {
		add(c, false)
	}
	if !cpu.IsZero() {
		pp.RequestCPU = cpu.String()
	}
	if !mem.IsZero() {
		pp.RequestMemory = mem.String()
	}
	pp.Status = podStatus(p, pp.Phase)
	return pp
}

func containerOf(c corev1.Container, s corev1.ContainerStatus) providers.PodContainer {
	pc := providers.PodContainer{Name: c.Name, Image: c.Image, Ready: s.Ready, Restarts: int(s.RestartCount), LastExitCode: -1, State: "waiting"}
	if q, ok := c.Resources.Requests[corev1.ResourceCPU]; ok {
		pc.RequestCPU = q.String()
	}
	if q, ok := c.Resources.Requests[corev1.ResourceMemory]; ok {
		pc.RequestMemory = q.String()
	}
	switch st := s.State; {
	case st.Running != nil:
		pc.State, pc.StartedAt = "running", st.Running.StartedAt.UTC()
	case st.Terminated != nil:
		pc.State, pc.Reason, pc.Message = "terminated", st.Terminated.Reason, st.Terminated.Message
		pc.StartedAt = st.Terminated.StartedAt.UTC()
	case st.Waiting != nil:
		pc.Reason, pc.Message = st.Waiting.Reason, st.Waiting.Message
	}
	if t := s.LastTerminationState.Terminated; t != nil {
		pc.LastExitCode, pc.LastReason = int(t.ExitCode), t.Reason
	}
	return pc
}

// podStatus is kubectl's STATUS column, simplified: Terminating, a
// waiting or failed container's reason, else the phase.
func podStatus(p *corev1.Pod, phase string) string {
	if p.DeletionTimestamp != nil {
		return "Terminating"
	}
	if p.Status.Reason != "" {
		return p.Status.Reason
	}
	for _, s := range p.Status.InitContainerStatuses {
		if w := s.State.Waiting; w != nil && w.Reason != "" && w.Reason != "PodInitializing" {
			return "Init:" + w.Reason
		}
	}
	for _, s := range p.Status.ContainerStatuses {
		if w := s.State.Waiting; w != nil && w.Reason != "" {
			return w.Reason
		}
		if t := s.State.Terminated; t != nil && t.Reason != "" && phase != "Succeeded" {
			return t.Reason
		}
	}
	return phase
}

// eventOf maps a core/v1 event.
func eventOf(e *corev1.Event) providers.KubeEvent {
	ke := providers.KubeEvent{
		Namespace: e.Namespace, Object: e.InvolvedObject.Kind + "/" + e.InvolvedObject.Name,
		Type: e.Type, Reason: e.Reason, Message: e.Message, Count: int(e.Count),
		First: e.FirstTimestamp.UTC(), Last: e.LastTimestamp.UTC(),
	}
	if ke.Count == 0 {
		ke.Count = 1
	}
	if ke.Last.IsZero() {
		ke.Last = e.EventTime.UTC()
	}
	if ke.First.IsZero() {
		ke.First = ke.Last
	}
	ke.Source = e.Source.Component
	if ke.Source == "" {
		ke.Source = e.ReportingController
	}
	return ke
}

// sortKubeEvents orders events oldest first.
func sortKubeEvents(evs []providers.KubeEvent) {
	slices.SortStableFunc(evs, func(a, b providers.KubeEvent) int { return a.Last.Compare(b.Last) })
}

// deploymentOf maps an apps/v1 deployment.
func deploymentOf(d *appsv1.Deployment, cluster string) providers.KubeDeployment {
	kd := providers.KubeDeployment{
		Cluster: cluster, Namespace: d.Namespace, Name: d.Name, Replicas: 1,
		Ready: int(d.Status.ReadyReplicas), Updated: int(d.Status.UpdatedReplicas),
		Available: int(d.Status.AvailableReplicas), CreatedAt: d.CreationTimestamp.UTC(),
		RestartedAt: d.Spec.Template.Annotations[restartedAtAnnotation],
	}
	if d.Spec.Replicas != nil {
		kd.Replicas = int(*d.Spec.Replicas)
	}
	if d.Spec.Selector != nil {
		kd.Selector = maps.Clone(d.Spec.Selector.MatchLabels)
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		kd.Images = append(kd.Images, c.Image)
	}
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing {
			kd.Progressing = c.Reason
		}
	}
	return kd
}

// kubeTime parses the timestamp kubelet puts before each log line.
func kubeTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}
