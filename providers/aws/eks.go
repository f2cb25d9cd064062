package aws

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	"github.com/virgahq/virga/providers"
)

const (
	svcEKS = "EKS"
	// eksListPage is ListClusters' and ListFargateProfiles' maximum page;
	// maxEKSPages bounds a listing at 10,000 names, far past EKS quotas
	// (100 clusters a region, 10 profiles a cluster).
	eksListPage = 100
	maxEKSPages = 100
)

// eksAPI is the part of *eks.Client the Provider uses.
type eksAPI interface {
	ListClusters(context.Context, *eks.ListClustersInput, ...func(*eks.Options)) (*eks.ListClustersOutput, error)
	DescribeCluster(context.Context, *eks.DescribeClusterInput, ...func(*eks.Options)) (*eks.DescribeClusterOutput, error)
	ListFargateProfiles(context.Context, *eks.ListFargateProfilesInput, ...func(*eks.Options)) (*eks.ListFargateProfilesOutput, error)
	DescribeFargateProfile(context.Context, *eks.DescribeFargateProfileInput, ...func(*eks.Options)) (*eks.DescribeFargateProfileOutput, error)
}

// eksState is what the Provider keeps for EKS: the clients, and per
// cluster what its Kubernetes client needs (endpoint, CA) and the client
// itself once built.
type eksState struct {
	api     eksAPI
	presign presigner
	svc     *service // EKS control plane calls
	kubeSvc *service // Kubernetes API calls, all clusters together

	mu       sync.Mutex
	clusters map[string]eksEndpoint
	kube     map[string]*kubeCluster
}

// eksEndpoint is where a cluster's API server is and how to trust it.
type eksEndpoint struct {
	arn      string
	endpoint string
	caData   string // base64 of the PEM bundle, as DescribeCluster returns it
}

// buildEKS makes the EKS client and the STS presign client that signs
// Kubernetes tokens, with the same endpoint rules as the other clients.
// The presign client has none of the Provider's middleware: presigning
// sends nothing, so there is nothing to count or refuse.
func (p *Provider) buildEKS(awsCfg aws.Config, custom func(**string, *[]func(*middleware.Stack) error)) {
	presignClient := sts.NewFromConfig(awsCfg, func(o *sts.Options) {
		if p.cfg.EndpointURL != "" {
			o.BaseEndpoint = aws.String(p.cfg.EndpointURL)
		}
		o.APIOptions = nil
	})
	p.eks = newEKSState(eks.NewFromConfig(awsCfg, func(o *eks.Options) { custom(&o.BaseEndpoint, &o.APIOptions) }),
		sts.NewPresignClient(presignClient))
}

func newEKSState(api eksAPI, ps presigner) *eksState {
	return &eksState{
		api: api, presign: ps,
		svc:      newService(svcEKS, 4),
		kubeSvc:  newService(svcKubernetes, 8),
		clusters: map[string]eksEndpoint{},
		kube:     map[string]*kubeCluster{},
	}
}

// ListEKSClusters lists and describes every EKS cluster of the region.
//
// CLI: aws eks list-clusters, then aws eks describe-cluster --name NAME
func (p *Provider) ListEKSClusters(ctx context.Context) ([]providers.EKSCluster, error) {
	pg := eks.NewListClustersPaginator(p.eks.api, &eks.ListClustersInput{MaxResults: aws.Int32(eksListPage)})
	names, err := listEKSNames(ctx, p, "ListClusters", pg.HasMorePages, pg.NextPage,
		func(o *eks.ListClustersOutput) []string { return o.Clusters })
	if err != nil {
		return nil, err
	}
	return describeEach(ctx, names, func(ctx context.Context, name string) (providers.EKSCluster, bool, error) {
		c, err := p.describeEKSCluster(ctx, name)
		return c, true, err
	})
}

// listEKSNames reads a paginated EKS list of names (op), sorted.
func listEKSNames[O any](ctx context.Context, p *Provider, op string, more func() bool,
	next func(context.Context, ...func(*eks.Options)) (*O, error), names func(*O) []string) ([]string, error) {
	var out []string
	_, err := collect(ctx, p, p.eks.svc, op, maxEKSPages, more,
		func(ctx context.Context) (*O, error) { return next(ctx) },
		func(o *O) { out = append(out, names(o)...) })
	slices.Sort(out)
	return out, err
}

// describeEach describes each name with a call of its own (in parallel,
// keeping the order); ok is false for a resource gone since the list.
func describeEach[T any](ctx context.Context, names []string, describe func(ctx context.Context, name string) (v T, ok bool, err error)) ([]T, error) {
	return describeBatches(ctx, names, 1, func(ctx context.Context, batch []string) ([]T, error) {
		v, ok, err := describe(ctx, batch[0])
		if err != nil || !ok {
			return nil, err
		}
		return []T{v}, nil
	})
}

// describeEKSCluster describes one cluster and remembers its endpoint and
// CA for its Kubernetes client.
//
// CLI: aws eks describe-cluster --name NAME
func (p *Provider) describeEKSCluster(ctx context.Context, name string) (providers.EKSCluster, error) {
	out, err := do(ctx, p, p.eks.svc, "DescribeCluster", func(ctx context.Context) (*eks.DescribeClusterOutput, error) {
		return p.eks.api.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
	})
	if err != nil {
		return providers.EKSCluster{}, err
	}
	if out.Cluster == nil {
		return providers.EKSCluster{}, &providers.Error{Kind: providers.ErrNotFound, Op: "EKS.DescribeCluster", Message: "not found: cluster " + name}
	}
	c := eksClusterOf(out.Cluster)
	ep := eksEndpoint{arn: c.ARN, endpoint: c.Endpoint}
	if ca := out.Cluster.CertificateAuthority; ca != nil {
		ep.caData = aws.ToString(ca.Data)
	}
	p.eks.mu.Lock()
	p.eks.clusters[c.Name] = ep
	p.eks.mu.Unlock()
	return c, nil
}

func eksClusterOf(c *ekstypes.Cluster) providers.EKSCluster {
	pc := providers.EKSCluster{
		Name: aws.ToString(c.Name), ARN: aws.ToString(c.Arn), Status: string(c.Status),
		Version: aws.ToString(c.Version), PlatformVersion: aws.ToString(c.PlatformVersion),
		Endpoint: aws.ToString(c.Endpoint), RoleARN: aws.ToString(c.RoleArn), CreatedAt: timeOf(c.CreatedAt),
	}
	if v := c.ResourcesVpcConfig; v != nil {
		pc.EndpointPublic, pc.EndpointPrivate = v.EndpointPublicAccess, v.EndpointPrivateAccess
		pc.PublicCIDRs = slices.Clone(v.PublicAccessCidrs)
		pc.VPC, pc.Subnets = aws.ToString(v.VpcId), slices.Clone(v.SubnetIds)
	}
	if a := c.AccessConfig; a != nil {
		pc.AuthMode = string(a.AuthenticationMode)
	}
	return pc
}

// ListFargateProfiles lists and describes a cluster's Fargate profiles,
// sorted by name.
//
// CLI: aws eks list-fargate-profiles --cluster-name C, then
// aws eks describe-fargate-profile --cluster-name C --fargate-profile-name P
func (p *Provider) ListFargateProfiles(ctx context.Context, cluster string) ([]providers.FargateProfile, error) {
	pg := eks.NewListFargateProfilesPaginator(p.eks.api, &eks.ListFargateProfilesInput{
		ClusterName: aws.String(cluster), MaxResults: aws.Int32(eksListPage)})
	names, err := listEKSNames(ctx, p, "ListFargateProfiles", pg.HasMorePages, pg.NextPage,
		func(o *eks.ListFargateProfilesOutput) []string { return o.FargateProfileNames })
	if err != nil {
		return nil, err
	}
	return describeEach(ctx, names, func(ctx context.Context, name string) (providers.FargateProfile, bool, error) {
		out, err := do(ctx, p, p.eks.svc, "DescribeFargateProfile", func(ctx context.Context) (*eks.DescribeFargateProfileOutput, error) {
			return p.eks.api.DescribeFargateProfile(ctx, &eks.DescribeFargateProfileInput{
				ClusterName: aws.String(cluster), FargateProfileName: aws.String(name)})
		})
		if err != nil || out.FargateProfile == nil {
			return providers.FargateProfile{}, false, err
		}
		return fargateProfileOf(out.FargateProfile, cluster), true, nil
	})
}

func fargateProfileOf(f *ekstypes.FargateProfile, cluster string) providers.FargateProfile {
	pf := providers.FargateProfile{
		Cluster: cluster, Name: aws.ToString(f.FargateProfileName), ARN: aws.ToString(f.FargateProfileArn),
		Status: string(f.Status), PodExecutionRoleARN: aws.ToString(f.PodExecutionRoleArn),
		Subnets: slices.Clone(f.Subnets), CreatedAt: timeOf(f.CreatedAt),
		Selectors: []providers.FargateSelector{},
	}
	if c := aws.ToString(f.ClusterName); c != "" {
		pf.Cluster = c
	}
	for _, s := range f.Selectors {
		pf.Selectors = append(pf.Selectors, providers.FargateSelector{Namespace: aws.ToString(s.Namespace), Labels: maps.Clone(s.Labels)})
	}
	return pf
}

// endpointOf returns where a cluster's API server is, describing the
// cluster when it was not listed yet.
func (p *Provider) endpointOf(ctx context.Context, cluster string) (eksEndpoint, error) {
	p.eks.mu.Lock()
	ep, ok := p.eks.clusters[cluster]
	p.eks.mu.Unlock()
	if ok {
		return ep, nil
	}
	if _, err := p.describeEKSCluster(ctx, cluster); err != nil {
		return eksEndpoint{}, err
	}
	p.eks.mu.Lock()
	defer p.eks.mu.Unlock()
	return p.eks.clusters[cluster], nil
}

// clusterName accepts a cluster's name or ARN.
func clusterName(s string) string {
	if strings.HasPrefix(s, "arn:") {
		return lastSegment(s)
	}
	return s
}
