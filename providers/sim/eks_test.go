package sim_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func eksPods(t *testing.T, a *sim.Account, cluster string) []providers.Pod {
	t.Helper()
	pods, err := a.ListPods(t.Context(), cluster, "")
	if err != nil {
		t.Fatal(err)
	}
	return pods
}

func podOf(t *testing.T, pods []providers.Pod, ns, prefix string) providers.Pod {
	t.Helper()
	for _, p := range pods {
		if p.Namespace == ns && strings.HasPrefix(p.Name, prefix+"-") {
			return p
		}
	}
	t.Fatalf("no pod %s/%s-*", ns, prefix)
	return providers.Pod{}
}

func TestEKSAtStart(t *testing.T) {
	a, _ := newAccount(t, 1)
	ctx := t.Context()
	clusters, err := a.ListEKSClusters(ctx)
	if err != nil || len(clusters) != 2 || clusters[0].Name != "prod-eks" || clusters[0].Status != "ACTIVE" || clusters[0].Version == "" {
		t.Fatalf("clusters = %+v, %v", clusters, err)
	}
	profiles, err := a.ListFargateProfiles(ctx, "prod-eks")
	if err != nil {
		t.Fatal(err)
	}
	creating := 0
	for _, p := range profiles {
		if p.Status == providers.FargateProfileCreating {
			creating++
		}
		if len(p.Selectors) == 0 || p.PodExecutionRoleARN == "" || len(p.Subnets) == 0 {
			t.Errorf("profile %+v lacks selectors, role or subnets", p)
		}
	}
	if len(profiles) < 3 || creating != 1 {
		t.Errorf("%d profiles, %d CREATING; want >= 3 with one CREATING", len(profiles), creating)
	}

	pods := eksPods(t, a, "prod-eks")
	if len(pods) < 20 {
		t.Fatalf("%d pods, want >= 20", len(pods))
	}
	reasons := map[providers.PendingReason]int{}
	running := 0
	for _, p := range pods {
		ex := providers.ExplainFargate(p, profiles)
		reasons[ex.Pending]++
		if p.Phase == "Running" {
			running++
			if p.CapacityProvisioned == "" || p.FargateProfile == "" || !strings.HasPrefix(p.Node, "fargate-") {
				t.Errorf("running pod %s: capacity %q profile %q node %q", p.Name, p.CapacityProvisioned, p.FargateProfile, p.Node)
			}
			if ex.Profile != p.FargateProfile || ex.Selector < 0 {
				t.Errorf("running pod %s explained as %+v", p.Name, ex)
			}
		}
		if p.Phase == "Pending" && p.FargateProfile == "" && len(p.Events) == 0 {
			t.Errorf("pending pod %s carries no warning", p.Name)
		}
	}
	for _, r := range []providers.PendingReason{providers.PendingNoNamespace, providers.PendingNoLabels, providers.PendingProfileCreating, providers.PendingCapacity} {
		if reasons[r] == 0 {
			t.Errorf("no pod pending with reason %s (reasons: %v)", r, reasons)
		}
	}
	if running < 12 {
		t.Errorf("%d running pods, want most of them", running)
	}
	sf := podOf(t, pods, "web-store", "storefront")
	if sf.Total != 2 || sf.Ready != 2 || sf.CapacityProvisioned != "1vCPU 2GB" || sf.RequestCPU != "750m" || sf.Deployment != "storefront" {
		t.Errorf("storefront pod = %+v", sf)
	}
	crash := podOf(t, pods, "payments", "ledger-worker")
	if crash.Restarts < 10 || crash.Containers[0].LastExitCode != 1 {
		t.Errorf("ledger-worker restarts %d, last exit %d: want a crash loop", crash.Restarts, crash.Containers[0].LastExitCode)
	}
	logging, err := a.FargateLogging(ctx, "prod-eks")
	if err != nil || !logging.Enabled || logging.LogGroup != "/aws/eks/prod-eks/fargate" {
		t.Errorf("logging = %+v, %v", logging, err)
	}
	if l, err := a.FargateLogging(ctx, "staging-eks"); err != nil || l.Enabled {
		t.Errorf("staging logging = %+v, %v, want off", l, err)
	}
	if _, err := a.ListPods(ctx, "no-such", ""); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("missing cluster: %v", err)
	}
}

func TestEKSDeterministic(t *testing.T) {
	a1, _ := newAccount(t, 7)
	a2, _ := newAccount(t, 7)
	p1, p2 := eksPods(t, a1, "prod-eks"), eksPods(t, a2, "prod-eks")
	if !reflect.DeepEqual(p1, p2) {
		t.Error("same seed and clock gave different pods")
	}
	a3, _ := newAccount(t, 8)
	if reflect.DeepEqual(p1, eksPods(t, a3, "prod-eks")) {
		t.Error("another seed gave the same pods")
	}
}

func TestEKSCrashLoopAdvances(t *testing.T) {
	a, c := newAccount(t, 1)
	before := podOf(t, eksPods(t, a, "prod-eks"), "payments", "ledger-worker")
	c.Advance(30 * time.Minute)
	after := podOf(t, eksPods(t, a, "prod-eks"), "payments", "ledger-worker")
	if after.Name != before.Name || after.Restarts <= before.Restarts {
		t.Errorf("restarts %d -> %d: want more after half an hour", before.Restarts, after.Restarts)
	}
	pod, err := a.GetPod(t.Context(), "prod-eks", "payments", after.Name)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range pod.Events {
		found = found || (e.Reason == "BackOff" && e.Count > 1)
	}
	if !found {
		t.Errorf("events = %+v, want a repeated BackOff", pod.Events)
	}
}

func TestEKSProfileBecomesActive(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(31 * time.Minute)
	profiles, _ := a.ListFargateProfiles(t.Context(), "prod-eks")
	pods := eksPods(t, a, "prod-eks")
	etl := podOf(t, pods, "batch-jobs", "nightly-etl")
	if ex := providers.ExplainFargate(etl, profiles); ex.Pending != providers.PendingRecreate || ex.Profile != "fp-batch" {
		t.Fatalf("nightly-etl after fp-batch is ACTIVE: %+v", ex)
	}
	// Deleting it gets a replacement that fp-batch places.
	if _, err := a.DeletePod(t.Context(), "prod-eks", "batch-jobs", etl.Name); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	pods = eksPods(t, a, "prod-eks")
	running := 0
	for _, p := range pods {
		if p.Namespace == "batch-jobs" && p.Phase == "Running" && p.FargateProfile == "fp-batch" {
			running++
		}
	}
	if running != 1 {
		t.Errorf("%d nightly-etl pods running on fp-batch, want the replacement", running)
	}
}

func TestEKSActions(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	victim := podOf(t, eksPods(t, a, "prod-eks"), "default", "hello-api")
	if _, err := a.DeletePod(ctx, "prod-eks", "default", victim.Name); err != nil {
		t.Fatal(err)
	}
	var fresh providers.Pod
	for _, p := range eksPods(t, a, "prod-eks") {
		if p.Name == victim.Name {
			t.Fatal("deleted pod still listed")
		}
		if p.Deployment == "hello-api" && p.Namespace == "default" && p.Phase == "Pending" {
			fresh = p
		}
	}
	if fresh.Name == "" || fresh.SchedulerName != providers.FargateSchedulerName {
		t.Fatalf("no replacement provisioning on Fargate: %+v", fresh)
	}
	if ex := providers.ExplainFargate(fresh, nil); ex.Pending != providers.PendingProvisioning {
		t.Errorf("replacement explained as %+v", ex)
	}
	c.Advance(time.Minute)
	if got, _ := a.GetPod(ctx, "prod-eks", "default", fresh.Name); got.Phase != "Running" || got.CapacityProvisioned != "0.25vCPU 1GB" {
		t.Errorf("replacement after a minute: %s %q", got.Phase, got.CapacityProvisioned)
	}

	if _, err := a.ScaleDeployment(ctx, "prod-eks", "web-store", "cart", 5); err != nil {
		t.Fatal(err)
	}
	deps, _ := a.ListDeployments(ctx, "prod-eks", "web-store")
	for _, d := range deps {
		// An old deployment just scaled is progressing, as Kubernetes
		// measures the deadline from the last progress.
		if d.Name == "cart" && (d.Replicas != 5 || d.Ready != 2 || d.Progressing != "ReplicaSetUpdated") {
			t.Errorf("cart after scale to 5: %+v", d)
		}
	}
	if _, err := a.RestartDeployment(ctx, "prod-eks", "web-store", "storefront"); err != nil {
		t.Fatal(err)
	}
	deps, _ = a.ListDeployments(ctx, "prod-eks", "web-store")
	for _, d := range deps {
		if d.Name == "storefront" && (d.RestartedAt == "" || d.Ready != 0 || d.Updated != 4) {
			t.Errorf("storefront after restart: %+v", d)
		}
	}
	if _, err := a.ScaleDeployment(ctx, "prod-eks", "web-store", "nope", 1); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("scaling a missing deployment: %v", err)
	}
	want := map[string]int{"Kubernetes.DeletePod": 1, "Kubernetes.ScaleDeployment": 2, "Kubernetes.RestartDeployment": 1}
	if got := a.Mutations(); !reflect.DeepEqual(got, want) {
		t.Errorf("mutations = %v, want %v", got, want)
	}
}

func TestEKSPodLogs(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	pods := eksPods(t, a, "prod-eks")
	hello := podOf(t, pods, "default", "hello-api")
	ch, err := a.StreamPodLogs(ctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "default", Pod: hello.Name, Since: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var lines []providers.LogEvent
	for b := range ch {
		lines = append(lines, b.Events...)
	}
	if len(lines) < 100 || lines[0].Timestamp.Before(base.Add(-10*time.Minute)) || lines[0].Stream != "hello-api" {
		t.Fatalf("%d lines, first %+v", len(lines), lines[0])
	}

	sf := podOf(t, pods, "web-store", "storefront")
	if _, err := a.StreamPodLogs(ctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "web-store", Pod: sf.Name}); providers.KindOf(err) != providers.ErrInvalid || !strings.Contains(err.Error(), "choose one of: [storefront envoy]") {
		t.Errorf("two containers without one named: %v", err)
	}
	pending := podOf(t, pods, "analytics", "spark-driver")
	if _, err := a.StreamPodLogs(ctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "analytics", Pod: pending.Name}); err == nil || !strings.Contains(err.Error(), "waiting to start") {
		t.Errorf("logs of a pending pod: %v", err)
	}

	// Following: new lines arrive as the clock moves.
	fctx, cancel := contextWithCancel(t)
	ch, err = a.StreamPodLogs(fctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "default", Pod: hello.Name, Follow: true, TailLines: 5})
	if err != nil {
		t.Fatal(err)
	}
	first := <-ch
	if len(first.Events) != 5 {
		t.Fatalf("tail 5: %d lines", len(first.Events))
	}
	c.Advance(2 * time.Minute)
	next := <-ch
	if len(next.Events) == 0 || !next.Events[0].Timestamp.After(first.Events[4].Timestamp) {
		t.Errorf("followed batch = %+v", next)
	}
	cancel()
	for range ch {
	}
}

func TestEKSInsights(t *testing.T) {
	a, c := newAccount(t, 1)
	c.Advance(5 * time.Minute)
	end := c.Now()
	q := providers.PodMetricQueries("prod-eks", "payments", "payments-api", time.Minute)
	res, err := a.GetMetricData(t.Context(), providers.MetricRequest{Queries: q, Start: end.Add(-30 * time.Minute), End: end})
	if err != nil || providers.InsightsOff(res) {
		t.Fatalf("prod-eks pod metrics: %+v, %v", res, err)
	}
	for _, s := range res.Series {
		for _, v := range s.Values {
			if v <= 0 || v > 100 {
				t.Errorf("%s = %v, want a utilisation percentage", s.Key, v)
			}
		}
	}
	q = providers.PodMetricQueries("staging-eks", "default", "hello-api", time.Minute)
	res, err = a.GetMetricData(t.Context(), providers.MetricRequest{Queries: q, Start: end.Add(-30 * time.Minute), End: end})
	if err != nil || !providers.InsightsOff(res) {
		t.Errorf("staging-eks has Container Insights off, got %+v, %v", res, err)
	}
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return ctx, cancel
}

// TestEKSFargateLogGroup: the group prod-eks's aws-logging routes to
// holds each running container's lines, the same the pod log shows, in a
// stream named as Fluent Bit names it; a cluster that does not route its
// logs has no group.
func TestEKSFargateLogGroup(t *testing.T) {
	a, _ := newAccount(t, 1)
	ctx := t.Context()
	logging, err := a.FargateLogging(ctx, "prod-eks")
	if err != nil || logging.LogGroup != "/aws/eks/prod-eks/fargate" {
		t.Fatalf("logging = %+v, %v", logging, err)
	}
	hello := podOf(t, eksPods(t, a, "prod-eks"), "default", "hello-api")
	ch, err := a.StreamPodLogs(ctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "default", Pod: hello.Name, Since: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for b := range ch {
		for _, e := range b.Events {
			want = append(want, e.Message)
		}
	}
	prefix := logging.StreamPrefix + "kube.var.log.containers." + hello.Name + "_default_"
	evs := allEvents(t, a, providers.LogQuery{Group: logging.LogGroup, StreamPrefix: prefix, Start: base.Add(-10 * time.Minute), End: base.Add(time.Minute)})
	var got []string
	for _, e := range evs {
		if !strings.HasPrefix(e.Stream, prefix+"hello-api-") || !strings.HasSuffix(e.Stream, ".log") {
			t.Fatalf("stream %q", e.Stream)
		}
		got = append(got, e.Message)
	}
	if len(want) < 100 || !slices.Equal(got, want) {
		t.Fatalf("group has %d lines of the pod, its log %d", len(got), len(want))
	}

	ss, err := a.NewestStreams(ctx, logging.LogGroup, 50)
	if err != nil || len(ss) < 2 {
		t.Fatalf("streams: %v %v", ss, err)
	}
	for _, g := range []string{"/aws/eks/staging-eks/fargate", "/aws/eks/no-such/fargate", "/aws/eks/prod-eks/other"} {
		_, err := a.FilterLogEvents(ctx, providers.LogQuery{Group: g})
		wantKind(t, err, providers.ErrNotFound)
	}
}
