package action_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

func TestScaleDeploymentPlanRunWatchJournal(t *testing.T) {
	acct, _ := newSim(t)
	d := kubeDeployment(t, acct, "payments", "payments-api")
	a := action.ScaleDeployment(d, 5)
	if a.Before != "3" || a.After != "5" || a.Destructive || a.ConfirmName() != "payments-api" || a.Tool() != "kubectl" {
		t.Fatalf("plan: %+v", a)
	}
	want := "kubectl scale deployment payments-api --namespace payments --replicas 5 --context arn:aws:eks:eu-west-1:210987654321:cluster/prod-eks"
	if got := a.Command(prod); got != want {
		t.Errorf("command\n got %s\nwant %s", got, want)
	}
	if got := a.Revert(demo, providers.Receipt{}); got != "virga scale deployment payments-api --cluster prod-eks --namespace payments --replicas 3 --demo" {
		t.Errorf("revert: %s", got)
	}
	if !action.ScaleDeployment(d, 0).Destructive {
		t.Error("scaling to 0 must be destructive")
	}
	out, err := a.Run(t.Context(), acct)
	if err != nil || out.Receipt.RequestID == "" {
		t.Fatalf("run: %v %+v", err, out)
	}
	after := kubeDeployment(t, acct, "payments", "payments-api")
	if after.Replicas != 5 {
		t.Fatalf("replicas after scale: %d", after.Replicas)
	}
	if a.Watch() != action.WatchKubeDeployment || a.WatchedDeployment() != "payments-api" || !a.Waits() {
		t.Fatalf("watch: %v %q", a.Watch(), a.WatchedDeployment())
	}
	p := a.Progress(action.Polled{KubeDeployment: &providers.KubeDeployment{Replicas: 5, Ready: 3, Updated: 5}}, out.Receipt)
	if p.Done || !strings.Contains(p.Text, "3/5 ready") {
		t.Errorf("progress while starting: %+v", p)
	}
	p = a.Progress(action.Polled{KubeDeployment: &after}, out.Receipt)
	if after.Ready == 5 && !p.Done {
		t.Errorf("progress when ready: %+v", p)
	}
	w := action.NewWatcher(a, out.Receipt, t0, time.Minute)
	if !w.Polls(acct) {
		t.Fatal("the watcher cannot read the deployment")
	}
	polled, err := w.Poll(t.Context(), acct)
	if err != nil || polled.KubeDeployment == nil || polled.KubeDeployment.Replicas != 5 {
		t.Fatalf("watcher poll: %v %+v", err, polled.KubeDeployment)
	}
	e := a.Entry(demo, "tui", out, nil, t0)
	if e.Action != "eks.scale-deployment" || e.Resource != "deployment/prod-eks/payments/payments-api" || e.Before != "3" || e.After != "5" ||
		!strings.HasPrefix(e.Command, "kubectl scale deployment") || e.Result != journal.ResultOK {
		t.Errorf("journal entry: %+v", e)
	}
}

func TestDeletePodAndRolloutRestart(t *testing.T) {
	acct, _ := newSim(t)
	pods, err := acct.ListPods(t.Context(), "prod-eks", "default")
	if err != nil {
		t.Fatal(err)
	}
	var pod providers.Pod
	for _, p := range pods {
		if p.Deployment == "hello-api" {
			pod = p
		}
	}
	if pod.Name == "" {
		t.Fatalf("no hello-api pod in %+v", pods)
	}
	del := action.DeletePod(pod)
	if del.Destructive || del.ConfirmName() != pod.Name || del.WatchedDeployment() != "hello-api" ||
		del.Command(providers.Identity{}) != "kubectl delete pod "+pod.Name+" --namespace default" {
		t.Fatalf("delete plan: %+v %s", del, del.Command(providers.Identity{}))
	}
	if _, err := del.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	if _, err := acct.GetPod(t.Context(), "prod-eks", "default", pod.Name); err == nil {
		t.Error("the pod is still there after the delete")
	}
	lone := pod
	lone.Owner, lone.Deployment = "", ""
	if d := action.DeletePod(lone); !d.Destructive || d.Waits() {
		t.Errorf("a pod nobody owns: destructive %v, waits %v", d.Destructive, d.Waits())
	}

	d := kubeDeployment(t, acct, "default", "hello-api")
	r := action.RestartDeployment(d)
	if r.Destructive || r.Command(providers.Identity{}) != "kubectl rollout restart deployment hello-api --namespace default" {
		t.Fatalf("restart plan: %+v", r)
	}
	if _, err := r.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	if got := kubeDeployment(t, acct, "default", "hello-api"); got.RestartedAt == "" {
		t.Errorf("restartedAt not stamped: %+v", got)
	}
	if e := r.Refusal(demo, "cli", t0); e.Result != journal.ResultRefused || e.Action != "eks.rollout-restart" {
		t.Errorf("refusal: %+v", e)
	}
}
