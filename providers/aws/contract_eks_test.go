package aws_test

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// eksProvider is a Provider on the simulated account that ignores the
// machine's kubeconfig, so every cluster is reached with an EKS token.
func eksProvider(t *testing.T, endpoint string) *awsprov.Provider {
	return newProvider(t, endpoint, func(c *awsprov.Config) {
		c.CloudWatchJSON = false
		c.NoKubeconfig = true
	})
}

// TestEKSSimContract walks the EKS API and then, with the endpoint and CA
// DescribeCluster returned and an EKS token, client-go over HTTPS to the
// simulated cluster's Kubernetes API.
func TestEKSSimContract(t *testing.T) {
	acct, endpoint := startSim(t)
	p := eksProvider(t, endpoint)

	clusters, err := p.ListEKSClusters(testCtx(t, 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(clusters) != 2 || clusters[0].Name != "prod-eks" || !strings.HasPrefix(clusters[0].Endpoint, "https://127.0.0.1:") ||
		clusters[0].Version != "1.33" || clusters[0].Status != "ACTIVE" || clusters[0].CreatedAt.IsZero() || len(clusters[0].Subnets) != 3 {
		t.Fatalf("clusters = %+v", clusters)
	}
	profiles, err := p.ListFargateProfiles(testCtx(t, 20*time.Second), "prod-eks")
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 4 || profiles[0].Name != "fp-batch" || profiles[0].Status != "CREATING" ||
		profiles[3].Name != "fp-web" || profiles[3].Selectors[0].Namespace != "web-*" {
		t.Fatalf("profiles = %+v", profiles)
	}
	if got := profiles[2].Selectors[0]; got.Namespace != "payments" || !maps.Equal(got.Labels, map[string]string{"team": "payments"}) {
		t.Errorf("fp-payments selector = %+v", got)
	}

	pods, err := p.ListPods(testCtx(t, 20*time.Second), "prod-eks", "")
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := acct.ListPods(t.Context(), "prod-eks", "")
	if len(pods) < 20 || len(pods) != len(direct) {
		t.Fatalf("%d pods over the wire, %d in the account", len(pods), len(direct))
	}
	for i, pod := range pods {
		want := direct[i]
		// What crosses the wire must come back as the account holds it.
		if pod.Name != want.Name || pod.Phase != want.Phase || pod.Status != want.Status || pod.CapacityProvisioned != want.CapacityProvisioned ||
			pod.FargateProfile != want.FargateProfile || pod.Restarts != want.Restarts || pod.Ready != want.Ready || pod.Total != want.Total ||
			pod.RequestCPU != want.RequestCPU || pod.RequestMemory != want.RequestMemory || pod.Node != want.Node ||
			pod.Deployment != want.Deployment || pod.Unschedulable != want.Unschedulable || !pod.CreatedAt.Equal(want.CreatedAt) ||
			len(pod.Events) != len(want.Events) {
			t.Errorf("pod %d over the wire:\n%+v\nin the account:\n%+v", i, pod, want)
		}
	}
	reasons := map[providers.PendingReason]bool{}
	for _, pod := range pods {
		reasons[providers.ExplainFargate(pod, profiles).Pending] = true
	}
	for _, r := range []providers.PendingReason{providers.PendingNoNamespace, providers.PendingNoLabels, providers.PendingProfileCreating, providers.PendingCapacity} {
		if !reasons[r] {
			t.Errorf("no pod explained as %s over the wire", r)
		}
	}

	var crash providers.Pod
	for _, pod := range pods {
		if pod.Deployment == "ledger-worker" {
			crash = pod
		}
	}
	got, err := p.GetPod(testCtx(t, 20*time.Second), "prod-eks", "payments", crash.Name)
	if err != nil || got.Restarts == 0 || !hasEventReason(got.Events, "BackOff") {
		t.Errorf("GetPod(ledger-worker) = %+v, %v", got, err)
	}
	if _, err := p.GetPod(testCtx(t, 20*time.Second), "prod-eks", "payments", "nope"); providers.KindOf(err) != providers.ErrNotFound ||
		!strings.Contains(err.Error(), "cluster prod-eks") {
		t.Errorf("missing pod: %v", err)
	}
	evs, err := p.ListKubeEvents(testCtx(t, 20*time.Second), "prod-eks", "payments", "Pod/"+crash.Name)
	if err != nil || len(evs) == 0 || evs[0].Object != "Pod/"+crash.Name {
		t.Errorf("events of %s = %+v, %v", crash.Name, evs, err)
	}
	nss, err := p.ListNamespaces(testCtx(t, 20*time.Second), "prod-eks")
	if err != nil || len(nss) != 8 || nss[0].Name != "analytics" {
		t.Errorf("namespaces = %+v, %v", nss, err)
	}
	deps, err := p.ListDeployments(testCtx(t, 20*time.Second), "prod-eks", "web-store")
	if err != nil || len(deps) != 3 || deps[2].Name != "storefront" || deps[2].Replicas != 4 || len(deps[2].Images) != 2 {
		t.Errorf("deployments = %+v, %v", deps, err)
	}
	logging, err := p.FargateLogging(testCtx(t, 20*time.Second), "prod-eks")
	if err != nil || logging.LogGroup != "/aws/eks/prod-eks/fargate" || logging.Output != "cloudwatch_logs" {
		t.Errorf("prod-eks logging = %+v, %v", logging, err)
	}
	if l, err := p.FargateLogging(testCtx(t, 20*time.Second), "staging-eks"); err != nil || l.Enabled {
		t.Errorf("staging-eks logging = %+v, %v", l, err)
	}

	counted := map[string]int{}
	for _, c := range p.Stats().Calls {
		if c.Service == "Kubernetes" {
			counted[c.Operation] = c.Calls
		}
	}
	if counted["GET pods"] < 2 || counted["GET events"] < 2 || counted["GET deployments"] != 1 || counted["GET configmaps"] != 2 {
		t.Errorf("Kubernetes calls counted = %v", counted)
	}
	t.Run("insights", func(t *testing.T) {
		end := acct.clock.Now().Truncate(time.Minute)
		for cluster, off := range map[string]bool{"prod-eks": false, "staging-eks": true} {
			res, err := p.GetMetricData(testCtx(t, 20*time.Second), providers.MetricRequest{
				Queries: providers.PodMetricQueries(cluster, "default", "hello-api", time.Minute), Start: end.Add(-30 * time.Minute), End: end})
			if err != nil || providers.InsightsOff(res) != off || len(res.Series) != 4 {
				t.Errorf("%s pod metrics: off=%v, %+v, %v", cluster, providers.InsightsOff(res), res, err)
			}
		}
	})
	t.Run("logs", func(t *testing.T) { contractPodLogs(t, p, acct.clock.Advance, pods) })
	t.Run("actions", func(t *testing.T) { contractKubeActions(t, p, acct) })
}

func hasEventReason(evs []providers.KubeEvent, reason string) bool {
	for _, e := range evs {
		if e.Reason == reason {
			return true
		}
	}
	return false
}

func contractPodLogs(t *testing.T, p *awsprov.Provider, advance func(time.Duration), pods []providers.Pod) {
	var hello, sf, pending providers.Pod
	for _, pod := range pods {
		switch {
		case pod.Deployment == "hello-api" && pod.Phase == "Running":
			hello = pod
		case pod.Deployment == "storefront":
			sf = pod
		case pod.Deployment == "spark-driver":
			pending = pod
		}
	}
	ch, err := p.StreamPodLogs(testCtx(t, 20*time.Second), providers.PodLogRequest{Cluster: "prod-eks", Namespace: "default", Pod: hello.Name, Since: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var evs []providers.LogEvent
	for b := range ch {
		if b.Err != nil {
			t.Fatal(b.Err)
		}
		evs = append(evs, b.Events...)
	}
	if len(evs) < 50 || evs[0].Timestamp.IsZero() || strings.HasPrefix(evs[0].Message, "20") || evs[0].Group != "default/"+hello.Name {
		t.Fatalf("%d lines; first %+v", len(evs), evs[0])
	}

	_, err = p.StreamPodLogs(testCtx(t, 20*time.Second), providers.PodLogRequest{Cluster: "prod-eks", Namespace: "web-store", Pod: sf.Name})
	if providers.KindOf(err) != providers.ErrInvalid || !strings.Contains(err.Error(), "choose one of") {
		t.Errorf("two containers, none named: %v", err)
	}
	_, err = p.StreamPodLogs(testCtx(t, 20*time.Second), providers.PodLogRequest{Cluster: "prod-eks", Namespace: "analytics", Pod: pending.Name})
	if err == nil || !strings.Contains(err.Error(), "waiting to start") {
		t.Errorf("logs of a pending pod: %v", err)
	}

	// Follow: the stream outlives the open deadline and delivers lines as
	// the simulated clock moves.
	ctx := testCtx(t, 30*time.Second)
	ch, err = p.StreamPodLogs(ctx, providers.PodLogRequest{Cluster: "prod-eks", Namespace: "web-store", Pod: sf.Name, Container: "envoy", Follow: true, TailLines: 3})
	if err != nil {
		t.Fatal(err)
	}
	first := <-ch
	if len(first.Events) != 3 || first.Events[0].Stream != "envoy" {
		t.Fatalf("first batch = %+v", first)
	}
	advance(time.Minute)
	next := <-ch
	if next.Err != nil || len(next.Events) == 0 || !next.Events[0].Timestamp.After(first.Events[2].Timestamp) {
		t.Errorf("followed batch = %+v", next)
	}
}

func contractKubeActions(t *testing.T, p *awsprov.Provider, acct *simAccount) {
	// Read-only first: refused before anything reaches the account.
	p.SetReadOnly(true)
	deps, _ := p.ListDeployments(testCtx(t, 20*time.Second), "prod-eks", "default")
	pods, _ := p.ListPods(testCtx(t, 20*time.Second), "prod-eks", "default")
	if _, err := p.DeletePod(testCtx(t, 20*time.Second), "prod-eks", "default", pods[0].Name); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("read-only delete: %v", err)
	}
	if _, err := p.ScaleDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", deps[0].Name, 3); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("read-only scale: %v", err)
	}
	if _, err := p.RestartDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", deps[0].Name); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("read-only restart: %v", err)
	}
	if m := acct.Mutations(); len(m) != 0 {
		t.Fatalf("read-only mode let mutations through: %v", m)
	}
	p.SetReadOnly(false)

	r, err := p.DeletePod(testCtx(t, 20*time.Second), "prod-eks", "default", pods[0].Name)
	if err != nil || !strings.Contains(r.Result, pods[0].Name) {
		t.Fatalf("delete = %+v, %v", r, err)
	}
	r, err = p.ScaleDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", "hello-api", 3)
	if err != nil || !strings.HasPrefix(r.Result, "replicas 3") {
		t.Fatalf("scale = %+v, %v", r, err)
	}
	r, err = p.RestartDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", "docs-site")
	if err != nil || !strings.HasPrefix(r.Result, "restartedAt ") {
		t.Fatalf("restart = %+v, %v", r, err)
	}
	if _, err := p.ScaleDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", "no-such", 1); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("scaling a missing deployment: %v", err)
	}
	want := map[string]int{"Kubernetes.DeletePod": 1, "Kubernetes.ScaleDeployment": 2, "Kubernetes.RestartDeployment": 1}
	if got := acct.Mutations(); !maps.Equal(got, want) {
		t.Errorf("mutations = %v, want %v", got, want)
	}
	acct.clock.Advance(2 * time.Minute)
	deps, err = p.ListDeployments(testCtx(t, 20*time.Second), "prod-eks", "default")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deps {
		switch d.Name {
		case "hello-api":
			if d.Replicas != 3 || d.Ready != 3 {
				t.Errorf("hello-api after scaling to 3 = %+v", d)
			}
		case "docs-site":
			if d.RestartedAt == "" || d.Ready != 2 || d.Updated != 2 {
				t.Errorf("docs-site after a restart = %+v", d)
			}
		}
	}
}

// TestEKSSimFaults checks that faults reach the caller as per-cluster
// errors a person can act on.
func TestEKSSimFaults(t *testing.T) {
	acct, endpoint := startSim(t)
	p := eksProvider(t, endpoint)
	acct.fail("Kubernetes.ListPods", providers.ErrAccessDenied)
	_, err := p.ListPods(testCtx(t, 20*time.Second), "prod-eks", "")
	var pe *providers.Error
	if providers.KindOf(err) != providers.ErrAccessDenied || !strings.Contains(providers.Short(err), "cluster prod-eks: not permitted by RBAC") {
		t.Errorf("forbidden list: %v (%#v)", err, pe)
	}
	acct.fail("Kubernetes.ListPods", providers.ErrCredentials)
	_, err = p.ListPods(testCtx(t, 20*time.Second), "staging-eks", "")
	if providers.KindOf(err) != providers.ErrCredentials || !strings.Contains(providers.Short(err), "EKS access entry") {
		t.Errorf("unauthorized list: %v", err)
	}
	acct.fail("EKS.DescribeCluster", providers.ErrAccessDenied)
	_, err = p.ListEKSClusters(testCtx(t, 20*time.Second))
	if providers.KindOf(err) != providers.ErrAccessDenied || !strings.Contains(providers.Short(err), "eks:DescribeCluster") {
		t.Errorf("denied DescribeCluster: %v", err)
	}
	if _, err := p.ListFargateProfiles(testCtx(t, 20*time.Second), "no-such"); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("profiles of a missing cluster: %v", err)
	}
}
