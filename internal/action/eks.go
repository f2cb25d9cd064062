package action

import (
	"context"
	"errors"
	"strconv"

	"github.com/virgahq/virga/providers"
)

// The Kubernetes changes of EKS on Fargate. Their equivalent command is
// kubectl's, run in the context `aws eks update-kubeconfig` writes (named
// by the cluster's ARN).

// MaxReplicas bounds a deployment's replicas: the API field is a 32-bit
// integer, and a few thousand Fargate pods in one deployment is already
// far past any Fargate quota.
const MaxReplicas = 5000

// ParseReplicas reads a deployment's replicas as the user writes them: an
// absolute count ("3") or a change of the current one ("+1", "-2").
func ParseReplicas(s string, current int) (int, error) {
	return parseFrom(s, current, "replicas", 0, MaxReplicas, " (virga sets at most 5000 replicas)")
}

func depResource(d providers.KubeDeployment) Resource {
	return Resource{Type: "deployment", Cluster: d.Cluster, Namespace: d.Namespace, Name: d.Name}
}

// DeletePod deletes a pod so that its controller starts a fresh one (the
// way to restart a pod). A pod no controller owns is gone for good, so
// deleting it is destructive.
func DeletePod(p providers.Pod) Action {
	a := Action{
		Kind: PodDelete, Title: "Delete pod (restart)",
		Resource: Resource{Type: "pod", Cluster: p.Cluster, Namespace: p.Namespace, Name: p.Name, Deployment: p.Deployment},
		Change:   "pod", Before: p.Status, After: "deleted",
		Destructive: p.Owner == "",
		Note:        "the " + ownerWord(p) + " starts a replacement pod on Fargate",
		Params:      map[string]string{"cluster": p.Cluster, "namespace": p.Namespace},
		tool:        toolKubectl,
		args:        []string{"delete", "pod", p.Name, "--namespace", p.Namespace},
		NoRevert:    "a deleted pod cannot be brought back; its controller starts a new one",
		needs:       can[providers.PodDeleter],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.PodDeleter).DeletePod(ctx, p.Cluster, p.Namespace, p.Name))
		},
	}
	if p.Owner == "" {
		a.Note = "no controller owns the pod: nothing starts it again"
		a.NoRevert = "a deleted pod cannot be brought back"
	}
	if p.Deployment != "" {
		a.watch = watchSpec{target: WatchKubeDeployment, until: untilKubeReady}
	}
	return a
}

func ownerWord(p providers.Pod) string {
	if p.Deployment != "" {
		return "deployment " + p.Deployment
	}
	return "pod's controller " + p.Owner
}

// ScaleDeployment sets a deployment's replicas. 0 stops every pod and is
// destructive.
func ScaleDeployment(d providers.KubeDeployment, replicas int) Action {
	n := replicas
	return scaling(Action{
		Kind: DeploymentScale, Title: "Scale deployment", Resource: depResource(d),
		Params: map[string]string{"cluster": d.Cluster, "namespace": d.Namespace, "replicas": strconv.Itoa(n)},
		tool:   toolKubectl,
		args:   []string{"scale", "deployment", d.Name, "--namespace", d.Namespace, "--replicas", strconv.Itoa(n)},
		revert: func(providers.Receipt) []string {
			return []string{"virga", "scale", "deployment", d.Name, "--cluster", d.Cluster, "--namespace", d.Namespace, "--replicas", strconv.Itoa(d.Replicas)}
		},
		needs: can[providers.DeploymentScaler],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.DeploymentScaler).ScaleDeployment(ctx, d.Cluster, d.Namespace, d.Name, n))
		},
		watch: watchSpec{target: WatchKubeDeployment, until: untilKubeReady},
	}, "replicas", d.Replicas, n, "Fargate starts or stops pods until the ready count matches", "every pod of the deployment stops")
}

// RestartDeployment replaces every pod of a deployment, as kubectl
// rollout restart does.
func RestartDeployment(d providers.KubeDeployment) Action {
	before := "never restarted"
	if d.RestartedAt != "" {
		before = "restarted " + d.RestartedAt
	}
	return Action{
		Kind: DeploymentRestart, Title: "Rollout restart deployment", Resource: depResource(d),
		Change: "pods", Before: before + " (" + strconv.Itoa(d.Ready) + "/" + strconv.Itoa(d.Replicas) + " ready)",
		After:    "new pods of the same template, old ones stopped",
		Note:     "images with a mutable tag are pulled again",
		Params:   map[string]string{"cluster": d.Cluster, "namespace": d.Namespace, "restart": "true"},
		tool:     toolKubectl,
		args:     []string{"rollout", "restart", "deployment", d.Name, "--namespace", d.Namespace},
		NoRevert: "a rollout restart keeps the same template; there is nothing to revert",
		needs:    can[providers.DeploymentRestarter],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.DeploymentRestarter).RestartDeployment(ctx, d.Cluster, d.Namespace, d.Name))
		},
		watch: watchSpec{target: WatchKubeDeployment, until: untilKubeReady},
	}
}

// untilKubeReady waits for the deployment to run as many ready pods of its
// current template as it wants.
func untilKubeReady(_ Action, p Polled, _ providers.Receipt) Progress {
	d := p.KubeDeployment
	text := "pods " + strconv.Itoa(d.Ready) + "/" + strconv.Itoa(d.Replicas) + " ready, " + strconv.Itoa(d.Updated) + " updated"
	switch {
	case d.Progressing == "ProgressDeadlineExceeded":
		return Progress{Done: true, Failed: true, Text: text + ": progress deadline exceeded"}
	case d.Ready == d.Replicas && d.Updated >= d.Replicas:
		return Progress{Done: true, Text: text + ": settled"}
	}
	return Progress{Text: text}
}

// WatchedDeployment names the Kubernetes deployment an EKS action is
// watched through: the deployment itself, or a deleted pod's.
func (a Action) WatchedDeployment() string {
	if a.Resource.Type == "pod" {
		return a.Resource.Deployment
	}
	return a.Resource.Name
}

// pollKubeDeployment reads the deployment an EKS change is watched
// through; p.KubeDeployment stays nil when it is gone.
func pollKubeDeployment(ctx context.Context, b providers.Backend, a Action, p *Polled) error {
	dl, ok := b.(providers.DeploymentLister)
	if !ok {
		return errors.New("cannot read deployments")
	}
	deps, err := dl.ListDeployments(ctx, a.Resource.Cluster, a.Resource.Namespace)
	if err != nil {
		return err
	}
	for i := range deps {
		if deps[i].Name == a.WatchedDeployment() {
			p.KubeDeployment = &deps[i]
		}
	}
	return nil
}
