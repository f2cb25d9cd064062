package viewtest

import (
	"fmt"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// ManyFunctionRows are n functions with live figures, named from ten
// words and ten verbs, for size sweeps, filters and benchmarks.
func ManyFunctionRows(n int) []views.FunctionRow {
	words := []string{"checkout", "payments", "orders", "image", "auth", "search", "report", "email", "billing", "user"}
	verbs := []string{"api", "webhook", "consumer", "resize", "authorizer", "indexer", "generator", "dispatch", "sync", "signup"}
	rows := make([]views.FunctionRow, n)
	for i := range rows {
		name := fmt.Sprintf("%s-%s-%d", words[i%len(words)], verbs[(i/10)%len(verbs)], i)
		rows[i] = views.FunctionRow{
			Fn: providers.Function{Name: name, Runtime: "nodejs20.x", MemoryMB: 128 << (i % 4), TimeoutSec: 3 + i%30,
				Architecture: "arm64", LastModified: Ago(time.Duration(i) * time.Hour), CodeSize: int64(1000 * i)},
			Live: &views.FunctionLive{InvPerMin: float64(i % 97), ErrRate: float64(i%7) / 100, Throttles: float64(i % 3),
				P95: float64(100 + i%900), MaxConc: float64(i % 13)},
		}
	}
	return rows
}

// ManyPodRows are n running pods placed by one Fargate profile, in 40
// namespaces, for the pods table's benchmarks.
func ManyPodRows(n int) []views.PodRow {
	rows := make([]views.PodRow, n)
	for i := range rows {
		p := providers.Pod{Cluster: "prod-eks", Namespace: fmt.Sprintf("team-%d", i%40), Name: fmt.Sprintf("api-%d-7d9f8c-x%04d", i%90, i),
			Phase: "Running", Status: "Running", Ready: 1, Total: 1, RequestCPU: "250m", RequestMemory: "512Mi",
			CapacityProvisioned: "0.25vCPU 1GB", FargateProfile: "fp-default", Node: fmt.Sprintf("fargate-ip-10-0-%d-%d.ec2.internal", i%250, i%200),
			CreatedAt: Ago(time.Duration(i) * time.Minute)}
		rows[i] = views.PodRow{Pod: p, Placement: providers.FargatePlacement{Profile: "fp-default", Selector: 0}}
	}
	return rows
}
