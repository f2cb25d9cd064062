package server

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/virgahq/virga/providers"
)

// EKS speaks restJson1 under /clusters. DescribeCluster answers with the
// endpoint and CA of the cluster's own Kubernetes API server (see
// kube.go), started on first use, so a client that follows it reaches the
// simulated pods over HTTPS.

func isEKSPath(p string) bool { return p == "/clusters" || strings.HasPrefix(p, "/clusters/") }

// serveEKS routes: GET /clusters, /clusters/{name},
// /clusters/{name}/fargate-profiles and
// /clusters/{name}/fargate-profiles/{profile}.
func (s *Server) serveEKS(c *call) {
	seg := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	if c.r.Method != http.MethodGet {
		c.op = "Unknown"
		c.writeError(&apiError{status: http.StatusNotFound, code: "UnknownOperationException",
			message: "Unknown operation " + c.r.Method + " " + c.r.URL.Path})
		return
	}
	var out any
	var err error
	profiles := len(seg) > 2 && seg[2] == "fargate-profiles"
	switch {
	case len(seg) == 1:
		c.op = "ListClusters"
		out, err = s.eksListClusters(c)
	case len(seg) == 2:
		c.op = "DescribeCluster"
		out, err = s.eksDescribeCluster(c, seg[1])
	case len(seg) == 3 && profiles:
		c.op = "ListFargateProfiles"
		out, err = s.eksListProfiles(c, seg[1])
	case len(seg) == 4 && profiles:
		c.op = "DescribeFargateProfile"
		var fp providers.FargateProfile
		fp, err = s.acct.DescribeFargateProfile(c.ctx(), seg[1], seg[3])
		out = map[string]any{"fargateProfile": profileShape(fp)}
	default:
		c.writeError(&apiError{status: http.StatusNotFound, code: "UnknownOperationException", message: "Unknown operation GET " + c.r.URL.Path})
		return
	}
	if err != nil {
		c.fail(err)
		return
	}
	c.writeJSON(http.StatusOK, c.requestID(), out)
}

// eksNames answers an EKS list of names: the page maxResults and
// nextToken ask for, under key, with the next page's token. kind tells
// the lists' tokens apart; name names an item; err is the account's.
func eksNames[T any](c *call, kind, key string, all []T, name func(T) string, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return pageOf(c, kind, key, query(c, "nextToken"), clampLimit(queryInt(c, "maxResults"), 100, 100), all, name)
}

func (s *Server) eksListClusters(c *call) (any, error) {
	cls, err := s.acct.ListEKSClusters(c.ctx())
	return eksNames(c, "eks-clusters", "clusters", cls, func(cl providers.EKSCluster) string { return cl.Name }, err)
}

func (s *Server) eksDescribeCluster(c *call, name string) (any, error) {
	cl, err := s.acct.DescribeEKSCluster(c.ctx(), name)
	if err != nil {
		return nil, err
	}
	ks, err := s.kubeServer(cl.Name)
	if err != nil {
		return nil, err
	}
	return map[string]any{"cluster": map[string]any{
		"name": cl.Name, "arn": cl.ARN, "status": cl.Status, "version": cl.Version,
		"platformVersion": cl.PlatformVersion, "endpoint": ks.url, "roleArn": cl.RoleARN,
		"createdAt":            float64(cl.CreatedAt.UnixMilli()) / 1000,
		"certificateAuthority": map[string]string{"data": base64.StdEncoding.EncodeToString(s.kubeCA.certPEM)},
		"resourcesVpcConfig": map[string]any{
			"vpcId": cl.VPC, "subnetIds": cl.Subnets, "endpointPublicAccess": cl.EndpointPublic,
			"endpointPrivateAccess": cl.EndpointPrivate, "publicAccessCidrs": cl.PublicCIDRs,
		},
		"accessConfig":            map[string]any{"authenticationMode": cl.AuthMode},
		"kubernetesNetworkConfig": map[string]any{"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"},
	}}, nil
}

func (s *Server) eksListProfiles(c *call, cluster string) (any, error) {
	fps, err := s.acct.ListFargateProfiles(c.ctx(), cluster)
	return eksNames(c, "eks-profiles", "fargateProfileNames", fps, func(fp providers.FargateProfile) string { return fp.Name }, err)
}

func profileShape(fp providers.FargateProfile) map[string]any {
	sels := make([]map[string]any, 0, len(fp.Selectors))
	for _, s := range fp.Selectors {
		m := map[string]any{"namespace": s.Namespace}
		if len(s.Labels) > 0 {
			m["labels"] = s.Labels
		}
		sels = append(sels, m)
	}
	return map[string]any{
		"fargateProfileName": fp.Name, "fargateProfileArn": fp.ARN, "clusterName": fp.Cluster,
		"createdAt": float64(fp.CreatedAt.UnixMilli()) / 1000, "podExecutionRoleArn": fp.PodExecutionRoleARN,
		"subnets": fp.Subnets, "selectors": sels, "status": fp.Status,
	}
}
