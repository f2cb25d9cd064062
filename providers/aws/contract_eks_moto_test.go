package aws_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// TestEKSMotoContract creates clusters and Fargate profiles in moto with
// the SDK and reads them back through the Provider. moto's cluster
// endpoints are made-up hostnames, so the Kubernetes half must fail fast,
// per cluster, with an error that says so.
func TestEKSMotoContract(t *testing.T) {
	endpoint := startMoto(t)
	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	c := eks.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), HTTPClient: hc,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	role := "arn:aws:iam::123456789012:role/virga-eks"
	for _, name := range []string{"moto-a", "moto-b"} {
		must[*eks.CreateClusterOutput](t, name)(c.CreateCluster(ctx, &eks.CreateClusterInput{
			Name: aws.String(name), RoleArn: aws.String(role), Version: aws.String("1.33"),
			ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{"subnet-1", "subnet-2"}},
		}))
	}
	for _, fp := range []ekstypes.FargateProfileSelector{
		{Namespace: aws.String("default")},
		{Namespace: aws.String("payments"), Labels: map[string]string{"team": "payments"}},
		{Namespace: aws.String("web-*")},
	} {
		name := "fp-" + strings.TrimSuffix(aws.ToString(fp.Namespace), "-*")
		must[*eks.CreateFargateProfileOutput](t, name)(c.CreateFargateProfile(ctx, &eks.CreateFargateProfileInput{
			ClusterName: aws.String("moto-a"), FargateProfileName: aws.String(name), PodExecutionRoleArn: aws.String(role),
			Selectors: []ekstypes.FargateProfileSelector{fp}, Subnets: []string{"subnet-1"},
		}))
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
