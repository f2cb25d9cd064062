package aws_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/aws/mototest"
)

// TestEKSMotoContract creates clusters and Fargate profiles in moto with
// the SDK and reads them back through the Provider. moto's cluster
// endpoints are made-up hostnames, so the Kubernetes half must fail fast,
// per cluster, with an error that says so.
func TestEKSMotoContract(t *testing.T) {
	endpoint := startMoto(t)
	seed := mototest.NewSeeder(t, endpoint)
	role := "arn:aws:iam::123456789012:role/virga-eks"
	for _, name := range []string{"moto-a", "moto-b"} {
		seed.EKSCluster(name, role, "1.33")
	}
	for _, fp := range []struct {
		namespace string
		labels    map[string]string
	}{{"default", nil}, {"payments", map[string]string{"team": "payments"}}, {"web-*", nil}} {
		seed.FargateProfile("moto-a", "fp-"+strings.TrimSuffix(fp.namespace, "-*"), role, fp.namespace, fp.labels)
	}

	p := newProvider(t, endpoint, func(c *awsprov.Config) { c.NoKubeconfig = true })
	clusters, err := p.ListEKSClusters(testCtx(t, 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(clusters) != 2 || clusters[0].Name != "moto-a" || clusters[0].Version != "1.33" || clusters[0].Status != "ACTIVE" ||
		!strings.HasPrefix(clusters[0].Endpoint, "https://") || clusters[0].RoleARN != role {
		t.Fatalf("clusters = %+v", clusters)
	}
	profiles, err := p.ListFargateProfiles(testCtx(t, 20*time.Second), "moto-a")
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 3 || profiles[0].Name != "fp-default" || profiles[1].Name != "fp-payments" ||
		profiles[1].Selectors[0].Labels["team"] != "payments" || profiles[2].Selectors[0].Namespace != "web-*" ||
		profiles[0].PodExecutionRoleARN != role || profiles[0].Cluster != "moto-a" {
		t.Fatalf("profiles = %+v", profiles)
	}
	// moto answers ListFargateProfiles of a missing cluster with a 500
	// (KeyError); TestEKSSimFaults checks the not-found mapping instead.

	// The Kubernetes half: one clear error per cluster, within the bound.
	for _, cl := range clusters {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		_, err := p.ListPods(ctx, cl.Name, "")
		if ctx.Err() != nil {
			t.Errorf("%s: ListPods ran into the 30 s deadline: %v", cl.Name, err)
		}
		cancel()
		msg := providers.Short(err)
		t.Logf("%s: %s", cl.Name, msg)
		if providers.KindOf(err) != providers.ErrNetwork || !strings.Contains(msg, "cluster "+cl.Name+":") || !strings.Contains(msg, "unreachable") {
			t.Errorf("%s: ListPods = %v (%s), want a network error naming the cluster", cl.Name, err, providers.KindOf(err))
		}
	}
}
