package sim

import (
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// EKS on Fargate in the simulated account: two clusters, their Fargate
// profiles and the pods that run on them (or wait). Everything is fixed at
// build time relative to the account's start, and a pod's state at any
// instant is a function of when it was created and its fate, so the same
// seed and clock readings give the same answers. Fixed resources:
//
//   - prod-eks (1.33, Container Insights on): profiles fp-default (default,
//     and kube-system pods labelled k8s-app=kube-dns), fp-payments
//     (payments, team=payments), fp-web (web-*), and fp-batch (batch-*),
//     which stays CREATING for the first 30 minutes. Pods: coredns,
//     hello-api, docs-site, payments-api, ledger-worker (crash-looping),
//     storefront (two containers), cart, admin-ui (logs a hostile line now
//     and then); Pending: fraud-scorer (namespace selected, label team=risk
//     does not match), nightly-etl (only fp-batch matches, CREATING),
//     spark-driver (namespace analytics: no profile), image-render (asks
//     for 16 vCPU: Fargate capacity unavailable). Its aws-logging ConfigMap
//     routes logs to /aws/eks/prod-eks/fargate.
//   - staging-eks (1.32, Container Insights off, no log routing): profile
//     fp-all (default, staging-*), pods hello-api and storefront.
//
// Deleting a pod of a deployment starts a replacement, which Fargate
// provisions for podProvisionTime; scaling adds or removes pods; a
// rollout restart replaces them all.

// Tags of the EKS draws, apart from the rest of the account's.
const (
	tagEKS uint64 = 1000 + iota
	tagEKSPod
	tagEKSLog
	tagEKSMetric
)

// How long Fargate takes from a pod's creation to a node, and to running.
const (
	podNodeTime      = 40 * time.Second
	podProvisionTime = 55 * time.Second
	// crashRun is how long the crash-looping container runs before it
	// exits; kubelet backs off 10 s doubling to 5 minutes in between.
	crashRun = 20 * time.Second
	// batchActiveAfter is when fp-batch leaves CREATING, after start.
	batchActiveAfter = 30 * time.Minute
)

// podFate is what a pod does, decided by its deployment.
type podFate uint8

const (
	fateRun podFate = iota
	fateCrashLoop
	fateNoCapacity
)

// logStyle picks a pod's log lines.
type logStyle uint8

const (
	logAccess logStyle = iota
	logJSON
	logDNS
	logCrash
	logWorker
	logHostile
)

type ctrSpec struct {
	name, image string
	cpuMilli    int
	memMiB      int
	style       logStyle
}

type kubeDepSpec struct {
	ns, name   string
	replicas   int
	labels     map[string]string
	containers []ctrSpec
	fate       podFate
	ageHours   int // age of the deployment and its first pods
}

type eksClusterSpec struct {
	name, version, platform string
	insights                bool
	logging                 bool
	profiles                []eksProfileSpec
	namespaces              []string
	deps                    []kubeDepSpec
}

type eksProfileSpec struct {
	name      string
	selectors []providers.FargateSelector
	creating  time.Duration // how long after start it stays CREATING; 0 = ACTIVE
}

func app(name, image string, cpu, mem int, style logStyle) ctrSpec {
	return ctrSpec{name: name, image: image, cpuMilli: cpu, memMiB: mem, style: style}
}

func eksCatalogue(account, region string) []eksClusterSpec {
	ecr := func(repo, tag string) string {
		return account + ".dkr.ecr." + region + ".amazonaws.com/" + repo + ":" + tag
	}
	l := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	sel := func(ns string, kv ...string) providers.FargateSelector {
		s := providers.FargateSelector{Namespace: ns}
		if len(kv) > 0 {
			s.Labels = l(kv...)
		}
		return s
	}
	envoy := app("envoy", "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod", 250, 256, logAccess)
	return []eksClusterSpec{
		{
			name: "prod-eks", version: "1.33", platform: "eks.12", insights: true, logging: true,
			profiles: []eksProfileSpec{
				{name: "fp-default", selectors: []providers.FargateSelector{sel("default"), sel("kube-system", "k8s-app", "kube-dns")}},
				{name: "fp-payments", selectors: []providers.FargateSelector{sel("payments", "team", "payments")}},
				{name: "fp-web", selectors: []providers.FargateSelector{sel("web-*")}},
				{name: "fp-batch", selectors: []providers.FargateSelector{sel("batch-*")}, creating: batchActiveAfter},
			},
			namespaces: []string{"analytics", "aws-observability", "batch-jobs", "default", "kube-system", "payments", "web-admin", "web-store"},
			deps: []kubeDepSpec{
				{ns: "kube-system", name: "coredns", replicas: 2, labels: l("k8s-app", "kube-dns"), ageHours: 4800,
					containers: []ctrSpec{app("coredns", "602401143452.dkr.ecr."+region+".amazonaws.com/eks/coredns:v1.12.1-eksbuild.2", 100, 70, logDNS)}},
				{ns: "default", name: "hello-api", replicas: 2, labels: l("app", "hello-api"), ageHours: 300,
					containers: []ctrSpec{app("hello-api", ecr("hello-api", "2.3.1"), 250, 512, logAccess)}},
				{ns: "default", name: "docs-site", replicas: 2, labels: l("app", "docs-site"), ageHours: 90,
					containers: []ctrSpec{app("nginx", "public.ecr.aws/nginx/nginx:1.27", 100, 128, logAccess)}},
				{ns: "payments", name: "payments-api", replicas: 3, labels: l("app", "payments-api", "team", "payments"), ageHours: 52,
					containers: []ctrSpec{app("payments-api", ecr("payments-api", "5.12.0"), 1000, 2048, logJSON)}},
				{ns: "payments", name: "ledger-worker", replicas: 1, labels: l("app", "ledger-worker", "team", "payments"), ageHours: 3, fate: fateCrashLoop,
					containers: []ctrSpec{app("ledger-worker", ecr("ledger-worker", "1.8.0-rc2"), 500, 1024, logCrash)}},
				{ns: "payments", name: "fraud-scorer", replicas: 2, labels: l("app", "fraud-scorer", "team", "risk"), ageHours: 6,
					containers: []ctrSpec{app("fraud-scorer", ecr("fraud-scorer", "0.9.4"), 2000, 4096, logWorker)}},
				{ns: "web-store", name: "storefront", replicas: 4, labels: l("app", "storefront"), ageHours: 20,
					containers: []ctrSpec{app("storefront", ecr("storefront", "14.2.0"), 500, 1024, logAccess), envoy}},
				{ns: "web-store", name: "cart", replicas: 2, labels: l("app", "cart"), ageHours: 70,
					containers: []ctrSpec{app("cart", ecr("cart", "3.0.7"), 250, 512, logJSON)}},
				{ns: "web-store", name: "image-render", replicas: 1, labels: l("app", "image-render"), ageHours: 1, fate: fateNoCapacity,
					containers: []ctrSpec{app("image-render", ecr("image-render", "1.1.0"), 16000, 100000, logWorker)}},
				{ns: "web-admin", name: "admin-ui", replicas: 1, labels: l("app", "admin-ui"), ageHours: 30,
					containers: []ctrSpec{app("admin-ui", ecr("admin-ui", "7.4.2"), 250, 512, logHostile)}},
				{ns: "batch-jobs", name: "nightly-etl", replicas: 2, labels: l("app", "nightly-etl"), ageHours: 2,
					containers: []ctrSpec{app("etl", ecr("nightly-etl", "2026.11.3"), 1000, 2048, logWorker)}},
				{ns: "analytics", name: "spark-driver", replicas: 1, labels: l("app", "spark-driver"), ageHours: 5,
					containers: []ctrSpec{app("spark", "public.ecr.aws/bitnami/spark:3.5", 2000, 8192, logWorker)}},
			},
		},
		{
			name: "staging-eks", version: "1.32", platform: "eks.18",
			profiles: []eksProfileSpec{
				{name: "fp-all", selectors: []providers.FargateSelector{sel("default"), sel("staging-*")}},
			},
			namespaces: []string{"default", "kube-system", "staging-web"},
			deps: []kubeDepSpec{
				{ns: "default", name: "hello-api", replicas: 1, labels: l("app", "hello-api"), ageHours: 40,
					containers: []ctrSpec{app("hello-api", ecr("hello-api", "2.4.0-rc1"), 250, 512, logAccess)}},
				{ns: "staging-web", name: "storefront", replicas: 2, labels: l("app", "storefront"), ageHours: 8,
					containers: []ctrSpec{app("storefront", ecr("storefront", "14.3.0-rc1"), 500, 1024, logAccess)}},
			},
		},
	}
}

// fargateSize is the Fargate configuration a pod gets for its requests:
// the smallest vCPU and memory pair that fits them, the memory with 256
// MiB added for the Kubernetes components (kubelet, kube-proxy,
// containerd), as Fargate reports it in CapacityProvisioned. ok is false
// when no configuration is large enough.
func fargateSize(cpuMilli, memMiB int) (string, bool) {
	type size struct {
		vcpu               float64
		minGB, maxGB, step int
	}
	sizes := []size{{0.25, 0, 2, 1}, {0.5, 1, 4, 1}, {1, 2, 8, 1}, {2, 4, 16, 1}, {4, 8, 30, 1}, {8, 16, 60, 4}, {16, 32, 120, 8}}
	needMiB := memMiB + 256
	for _, s := range sizes {
		if float64(cpuMilli) > s.vcpu*1000 {
			continue
		}
		if s.vcpu == 0.25 && needMiB <= 512 {
			return "0.25vCPU 0.5GB", true
		}
		for gb := max(s.minGB, 1); gb <= s.maxGB; gb += s.step {
			if needMiB <= gb*1024 {
				return strconv.FormatFloat(s.vcpu, 'f', -1, 64) + "vCPU " + strconv.Itoa(gb) + "GB", true
			}
		}
	}
	return "", false
}
