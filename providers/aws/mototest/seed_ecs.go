package mototest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// FargateService makes a Fargate cluster with Container Insights on, two
// revisions of task definition family (one nginx container logging to
// /ecs/FAMILY), and a service on the second revision with the deployment
// circuit breaker. moto's CreateService starts no task, so three are
// started by hand in the service's group, and the third stopped.
func (s *Seeder) FargateService(cluster, service, family string) {
	s.t.Helper()
	if s.ecs == nil {
		s.ecs = ecs.NewFromConfig(Config(s.t, s.quoteContainerNumbers()))
	}
	subnet, group := s.defaultNetwork()
	network := &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
		Subnets: []string{subnet}, SecurityGroups: []string{group},
	}}
	_, err := s.ecs.CreateCluster(s.ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String(cluster),
		Settings:    []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}},
	})
	s.check("cluster "+cluster, err)
	for range 2 {
		_, err := s.ecs.RegisterTaskDefinition(s.ctx, &ecs.RegisterTaskDefinitionInput{
			Family: aws.String(family), NetworkMode: ecstypes.NetworkModeAwsvpc, Cpu: aws.String("256"), Memory: aws.String("512"),
			RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
			ContainerDefinitions: []ecstypes.ContainerDefinition{{
				Name: aws.String(service), Image: aws.String("nginx:1.27"), Cpu: 256, Memory: aws.Int32(512), Essential: aws.Bool(true),
				LogConfiguration: &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: map[string]string{
					"awslogs-group": "/ecs/" + family, "awslogs-region": "us-east-1", "awslogs-stream-prefix": service,
				}},
				PortMappings: []ecstypes.PortMapping{{ContainerPort: aws.Int32(80), HostPort: aws.Int32(80), Protocol: ecstypes.TransportProtocolTcp}},
				HealthCheck: &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"},
					Interval: aws.Int32(30), Timeout: aws.Int32(5), Retries: aws.Int32(3)},
			}},
		})
		s.check("task definition "+family, err)
	}
	_, err = s.ecs.CreateService(s.ctx, &ecs.CreateServiceInput{
		Cluster: aws.String(cluster), ServiceName: aws.String(service), TaskDefinition: aws.String(family + ":2"),
		DesiredCount: aws.Int32(2), LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: network,
		DeploymentConfiguration: &ecstypes.DeploymentConfiguration{
			DeploymentCircuitBreaker: &ecstypes.DeploymentCircuitBreaker{Enable: true, Rollback: true},
		},
	})
	s.check("service "+service, err)
	run, err := s.ecs.RunTask(s.ctx, &ecs.RunTaskInput{
		Cluster: aws.String(cluster), TaskDefinition: aws.String(family + ":2"), Count: aws.Int32(3),
		LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: network,
		StartedBy: aws.String("ecs-svc/1234567890"), Group: aws.String("service:" + service),
	})
	s.check("tasks of "+service, err)
	if len(run.Tasks) != 3 {
		s.t.Fatalf("RunTask started %d tasks: %+v", len(run.Tasks), run.Failures)
	}
	_, err = s.ecs.StopTask(s.ctx, &ecs.StopTaskInput{
		Cluster: aws.String(cluster), Task: run.Tasks[2].TaskArn, Reason: aws.String("seeded stop"),
	})
	s.check("stopped task", err)
}

// defaultNetwork reads a subnet and a security group of moto's default
// VPC, which Fargate RunTask requires (moto checks they exist). It speaks
// the EC2 Query protocol by hand: the EC2 SDK module alone takes minutes
// to compile, for two reads. moto does not check signatures, only the
// credential scope that names the service.
func (s *Seeder) defaultNetwork() (subnet, group string) {
	s.t.Helper()
	hc := &http.Client{}
	defer hc.CloseIdleConnections()
	query := func(action string, out any) {
		req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, s.endpoint+"/",
			strings.NewReader(url.Values{"Action": {action}, "Version": {"2016-11-15"}}.Encode()))
		if err != nil {
			s.t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := hc.Do(req)
		if err != nil {
			s.t.Fatalf("seed %s: %v", action, err)
		}
		defer resp.Body.Close()
		if err := xml.NewDecoder(resp.Body).Decode(out); err != nil || resp.StatusCode != http.StatusOK {
			s.t.Fatalf("seed %s: %s %v", action, resp.Status, err)
		}
	}
	var subnets struct {
		IDs []string `xml:"subnetSet>item>subnetId"`
	}
	var groups struct {
		IDs []string `xml:"securityGroupInfo>item>groupId"`
	}
	query("DescribeSubnets", &subnets)
	query("DescribeSecurityGroups", &groups)
	if len(subnets.IDs) == 0 || len(groups.IDs) == 0 {
		s.t.Fatal("moto has no default subnet or security group")
	}
	return subnets.IDs[0], groups.IDs[0]
}

// quoteContainerNumbers puts a proxy in front of moto for the Seeder's
// ECS client that fixes one of moto's wire bugs: ECS tasks'
// containers[].cpu and .memory (strings in the API model) come back as
// JSON numbers, which the SDK refuses to deserialize ("expected string,
// got 256"), so RunTask would fail however the task definition is
// written. Everything else passes through untouched. The Provider under
// test talks to moto directly and must cope on its own.
func (s *Seeder) quoteContainerNumbers() string {
	s.t.Helper()
	u, err := url.Parse(s.endpoint)
	if err != nil {
		s.t.Fatal(err)
	}
	tr := &http.Transport{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = tr
	rp.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasPrefix(resp.Request.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.") {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var doc any
		if dec.Decode(&doc) == nil {
			quoteContainers(doc)
			if fixed, err := json.Marshal(doc); err == nil {
				body = fixed
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(rp)
	s.t.Cleanup(func() {
		srv.Close()
		tr.CloseIdleConnections()
	})
	return srv.URL
}

// quoteContainers turns numeric cpu/memory of every "containers" entry in
// doc into strings.
func quoteContainers(doc any) {
	switch v := doc.(type) {
	case map[string]any:
		for k, child := range v {
			if cs, ok := child.([]any); ok && k == "containers" {
				for _, c := range cs {
					if m, ok := c.(map[string]any); ok {
						for _, f := range []string{"cpu", "memory", "memoryReservation"} {
							if n, ok := m[f].(json.Number); ok {
								m[f] = n.String()
							}
						}
					}
				}
			}
			quoteContainers(child)
		}
	case []any:
		for _, child := range v {
			quoteContainers(child)
		}
	}
}
