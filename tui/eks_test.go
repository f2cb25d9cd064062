package tui_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// selectPod filters :pods down to one pod by name.
func (h *harness) selectPod(name string) {
	h.t.Helper()
	h.press("5")
	h.key("/", "ctrl+u", "type:"+name, "enter")
}

func TestEKSDrillClusterProfilesPodsDetail(t *testing.T) {
	h, _ := loaded(t, 120, 40)
	h.press(":", "type:eks", "enter")
	h.mustSee("prod-eks", "staging-eks", "1.33", "public+private", "3/4")
	h.press("enter")
	h.mustSee("eks › prod-eks › profiles", "fp-batch", "CREATING", "fp-payments", "payments team=payments")
	h.mustNotSee("fp-all") // staging-eks's
	h.key("j", "enter")    // fp-default
	h.advance(time.Second)
	h.mustSee("fp-default › pods", "docs-site-", "coredns-")
	h.mustNotSee("payments-api-", "spark-driver-")
	h.press("enter")
	h.mustSee("Fargate placement", "placed by profile fp-default", "Containers", "Events", "capacity", "0.25vCPU 0.5GB")
	h.key("esc", "esc", "esc")
	h.mustSee("prod-eks", "staging-eks")
}

func TestEKSKey5ListsPodsOfEveryCluster(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	h.press("5")
	h.mustSee("pods", "26 pods", "prod-eks", "staging-eks", "CAPACITY", "0.25vCPU 1GB", "1vCPU 3GB",
		"CrashLoopBackOff", "no-ns-match", "no-labels", "fp-creating", "no-capacity",
		"waiting: no label match", "fargate-ip-")
}

func TestEKSPendingPodSaysWhy(t *testing.T) {
	h, _ := loaded(t, 120, 40)
	for _, c := range []struct{ pod, why string }{
		{"spark-driver", "no profile selects the namespace"},
		{"fraud-scorer", "no label match"},
		{"nightly-etl", "profile still CREATING"},
		{"image-render", "Fargate capacity"},
	} {
		h.selectPod(c.pod)
		h.press("enter")
		h.mustSee("Fargate placement", "waiting", c.why)
		h.key("esc")
	}
}

// brokenAPI is the demo account with one cluster's Kubernetes API server
// unreachable.
type brokenAPI struct {
	onAccount
	cluster string
}

func (b brokenAPI) ListPods(ctx context.Context, cluster, ns string) ([]providers.Pod, error) {
	if cluster == b.cluster {
		return nil, &providers.Error{Kind: providers.ErrNetwork, Op: "Kubernetes.ListPods",
			Message: "Kubernetes API server https://x.eks.amazonaws.com/ unreachable: dial tcp: i/o timeout"}
	}
	return b.Account.ListPods(ctx, cluster, ns)
}

func TestEKSUnreachableClusterIsOneLine(t *testing.T) {
	h, _ := loaded(t, 80, 24, over(&brokenAPI{cluster: "staging-eks"}))
	for _, view := range []string{"eks", "profiles", "pods"} {
		h.press(":", "type:"+view, "enter")
		h.mustSee("✗ cluster staging-eks: API server unreachable: dial tcp: i/o timeout", "1 cluster unreadable")
		if strings.Count(h.screen(), "staging-eks: ") != 1 {
			t.Errorf(":%s says the error more than once:\n%s", view, h.screen())
		}
	}
	h.mustSee("payments-api-") // prod-eks still lists
	h.press(":", "type:eks", "enter")
	h.mustSee("prod-eks", "17", "err")
}

// noFollow reads pod logs without following, so the synchronous harness
// sees the history end instead of waiting on a stream.
type noFollow struct{ onAccount }

func (n noFollow) StreamPodLogs(ctx context.Context, req providers.PodLogRequest) (<-chan providers.LogBatch, error) {
	req.Follow = false
	return n.Account.StreamPodLogs(ctx, req)
}

func TestEKSPodLogs(t *testing.T) {
	h, acct := loaded(t, 120, 40, over(&noFollow{}))
	h.selectPod("storefront-zkz")
	h.press("l")
	h.mustSee("logs", "since 10m", "2 containers", "container storefront: stream ended", "same logs in CloudWatch")
	if n := acct.Calls("Kubernetes.StreamPodLogs"); n != 2 {
		t.Errorf("%d log streams for a pod of two containers", n)
	}
	// Covered by the CloudWatch pane and shown again, the pane starts
	// over: no line twice.
	before := lineCount(t, h.screen())
	h.press("l")
	// The pane reads the group the cluster's aws-logging routes to,
	// /aws/eks/prod-eks/fargate, which holds the pod's lines.
	h.mustSee("› cloudwatch", "HTTP/1.1")
	h.mustNotSee("does not exist")
	h.press("esc")
	if after := lineCount(t, h.screen()); after > before+5 {
		t.Errorf("%d lines after coming back, %d before", after, before)
	}
	h.key("c")
	h.mustSee("container storefront")
	h.press("s")
	h.mustSee("since 1h")
	// Two streams at first, two again when shown again, two for since.
	if n := acct.Calls("Kubernetes.StreamPodLogs"); n != 6 {
		t.Errorf("%d log streams after changing since, want 6", n)
	}
	// A pending pod has no logs yet: the pane says why.
	h.key("esc", "esc")
	h.selectPod("spark-driver")
	h.press("l")
	h.mustSee("waiting to start")
}

func TestEKSActionsConfirmedAndJournaled(t *testing.T) {
	h, be, j := actionDemo(t, 120, 40)
	h.selectPod("payments-api")
	h.key("s")
	h.form("+2")
	h.mustSee("Scale deployment", "replicas: 3 → 5", "kubectl scale deployment payments-api")
	h.confirm("")
	h.advance(time.Second)
	h.eventually(3*time.Minute, "pods 5/5 ready")
	if n := be.Calls("Kubernetes.ScaleDeployment"); n != 1 {
		t.Fatalf("%d scale calls", n)
	}
	pod := h.selectedPodName("ledger-worker")
	h.key("x")
	h.confirm("")
	h.advance(time.Second)
	if _, err := be.GetPod(t.Context(), "prod-eks", "payments", pod); err == nil {
		t.Errorf("pod %s still there after the delete", pod)
	}
	h.selectPod("hello-api")
	h.key("r")
	h.confirm("")
	h.advance(time.Second)
	es, _, _ := j.Read(0)
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Action)
		if e.Result != journal.ResultOK || !strings.HasPrefix(e.Command, "kubectl ") {
			t.Errorf("entry %+v", e)
		}
	}
	if strings.Join(kinds, ",") != "eks.scale-deployment,eks.delete-pod,eks.rollout-restart" {
		t.Errorf("journal: %v", kinds)
	}
}

// selectedPodName filters :pods by prefix and returns the pod selected.
func (h *harness) selectedPodName(prefix string) string {
	h.t.Helper()
	h.selectPod(prefix)
	pods, err := h.m.Backend().(providers.PodLister).ListPods(h.t.Context(), "prod-eks", "")
	if err != nil {
		h.t.Fatal(err)
	}
	for _, p := range pods {
		if strings.HasPrefix(p.Name, prefix) {
			return p.Name
		}
	}
	h.t.Fatalf("no pod %s", prefix)
	return ""
}

// TestEKSActionsDisabledReadOnly: in read-only mode the pod actions are
// disabled as every table's are: help lists none, a press says why and
// opens no form, nothing is sent and, nothing being proposed, nothing is
// journaled.
func TestEKSActionsDisabledReadOnly(t *testing.T) {
	h, be, j := actionDemo(t, 120, 40, readOnly)
	h.selectPod("payments-api")
	for k, desc := range map[string]string{"s": "scale deployment…", "x": "delete pod (restart)…", "r": "rollout restart deployment…"} {
		h.key(k)
		h.mustSee("read-only mode: " + desc + " is disabled")
		h.mustNotSee("replicas")
	}
	h.key("enter")
	h.advance(time.Second)
	h.key("x")
	h.mustSee("read-only mode: delete pod (restart)… is disabled")
	h.key("?")
	h.mustNotSee("rollout restart deployment")
	if n := mutations(be); n != 0 {
		t.Fatalf("%d mutating calls in read-only mode: %v", n, be.Mutations())
	}
	if es, _, _ := j.Read(0); len(es) != 0 {
		t.Fatalf("journal has entries though nothing was proposed: %+v", es)
	}
}

// TestEKSHiddenScreenMakesNoCalls: a covered or closed EKS screen stops
// polling.
func TestEKSHiddenScreenMakesNoCalls(t *testing.T) {
	h, acct := loaded(t, 120, 40)
	h.key("5")
	h.advance(time.Minute)
	if acct.Calls("Kubernetes.ListPods") < 2 {
		t.Fatalf("the pods screen did not poll: %d", acct.Calls("Kubernetes.ListPods"))
	}
	h.key("1")
	before := acct.Calls("Kubernetes.ListPods")
	h.advance(5 * time.Minute)
	if n := acct.Calls("Kubernetes.ListPods") - before; n != 0 {
		t.Errorf("%d pod listings with the screen closed", n)
	}
}

func TestEKSWithoutEKS(t *testing.T) {
	h, _ := loaded(t, 80, 24, over(&lambdaOnly{}))
	h.press("5")
	h.mustSee("this backend has no EKS")
}

// lambdaOnly hides every capability beyond the base Backend.
type lambdaOnly struct{ providers.Backend }

func (l *lambdaOnly) stand(a onAccount) { l.Backend = a.Account }

func TestEKSPodInsights(t *testing.T) {
	h, acct := loaded(t, 120, 40)
	h.selectPod("payments-api")
	h.press("enter")
	h.mustSee("Container Insights · last 30m", "% avg · ", "% peak")
	calls := acct.Calls("CloudWatch.GetMetricData")
	h.advance(time.Minute)
	if n := acct.Calls("CloudWatch.GetMetricData"); n != calls {
		t.Errorf("Container Insights read again within a minute: %d calls, then %d", calls, n)
	}
	h.key("esc")
	h.selectPod("hello-api-zch")
	h.press("enter")
	h.mustSee("off for cluster staging-eks: no datapoints")
}

// lineCount reads the "N lines" of a log pane's bar.
func lineCount(t *testing.T, screen string) int {
	t.Helper()
	m := regexp.MustCompile(`(\d+) lines`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no line count on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestEKSScopedScreensReadOneCluster(t *testing.T) {
	h, acct := loaded(t, 120, 40)
	h.press(":", "type:pods staging-eks", "enter")
	h.mustSee("staging-eks › pods", "hello-api-")
	h.mustNotSee("payments-api-")
	if n := acct.Calls("EKS.ListClusters"); n != 0 {
		t.Errorf("a screen of one cluster listed the clusters %d times", n)
	}
	h.press(":", "type:pods nope", "enter")
	h.mustSee("✗ cluster nope: ")
}

func TestEKSCrashLoopDetail(t *testing.T) {
	h, _ := loaded(t, 120, 60)
	h.selectPod("ledger-worker")
	h.press("enter")
	h.mustSee("CrashLoopBackOff", "restarts", "last exit", "Events", "BackOff")
}

// noClusters is the demo account in a region without EKS clusters.
type noClusters struct{ onAccount }

func (noClusters) ListEKSClusters(context.Context) ([]providers.EKSCluster, error) { return nil, nil }

func TestEKSEmptyRegion(t *testing.T) {
	h, _ := loaded(t, 80, 24, over(&noClusters{}))
	for _, view := range []string{"eks", "profiles", "pods"} {
		h.press(":", "type:"+view, "enter")
		h.mustSee("no EKS clusters in this region")
	}
}
