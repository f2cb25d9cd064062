package aws_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/aws/mototest"
)

// TestContractMoto runs the contract suite against moto, an independent
// emulator: where the simulated account guessed AWS's behaviour wrong,
// the two halves disagree.
func TestContractMoto(t *testing.T) {
	endpoint := startMoto(t)
	// The seeding uses raw SDK clients, which need the proxy to get past
	// moto's numeric ECS sizes; the provider under test talks to moto
	// directly and must cope on its own (addECSNumberCompat), as a user
	// of --endpoint-url would.
	fx := seedMoto(t, quoteContainerNumbers(t, endpoint))
	runContract(t, backendUnderTest{
		name: "moto",
		open: func(t *testing.T, mutate func(*awsprov.Config)) *awsprov.Provider {
			return newProvider(t, endpoint, mutate)
		},
		fx: fx,
	})
}

// startMoto runs moto_server for the test (see mototest.Start).
func startMoto(t *testing.T) string { return mototest.Start(t) }

// quoteContainerNumbers puts a proxy in front of moto that fixes one of
// its wire bugs: ECS tasks' containers[].cpu and .memory (strings in the
// API model) come back as JSON numbers, which the SDK refuses to
// deserialize ("expected string, got 256"), so RunTask and DescribeTasks
// would fail however the task definition is written. Everything else
// passes through untouched.
func quoteContainerNumbers(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
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
	t.Cleanup(func() {
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

// seedClients are plain SDK clients for putting the fixture into moto.
type seedClients struct {
	iam    *iam.Client
	lambda *lambda.Client
	ecs    *ecs.Client
	logs   *cloudwatchlogs.Client
	cw     *cloudwatch.Client
}

func newSeedClients(t *testing.T, endpoint string) seedClients {
	cfg := mototest.Config(t, endpoint)
	return seedClients{
		iam:    iam.NewFromConfig(cfg),
		lambda: lambda.NewFromConfig(cfg),
		ecs:    ecs.NewFromConfig(cfg),
		logs:   cloudwatchlogs.NewFromConfig(cfg),
		cw:     cloudwatch.NewFromConfig(cfg, mototest.CloudWatchJSON),
	}
}

// must fails the test on a seeding error.
func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", what, err)
		}
		return v
	}
}

// seedMoto puts the fixture into moto through the SDK.
func seedMoto(t *testing.T, endpoint string) fixture {
	t.Helper()
	c := newSeedClients(t, endpoint)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	now := time.Now().UTC()

	role := must[*iam.CreateRoleOutput](t, "role")(c.iam.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String("virga-lambda"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
			`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	}))
	code := mototest.HandlerZip(t)
	for _, name := range []string{"virga-orders", "virga-payments", "virga-reports"} {
		must[*lambda.CreateFunctionOutput](t, name)(c.lambda.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(name), Runtime: lambdatypes.RuntimePython312, Role: role.Role.Arn,
			Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: code},
			MemorySize: aws.Int32(256), Timeout: aws.Int32(30), Description: aws.String("virga contract " + name),
			Environment: &lambdatypes.Environment{Variables: map[string]string{"ZED": "z", "ALPHA": "a", "MIDDLE": "m"}},
		}))
	}
	publish := func(fn string) {
		must[*lambda.PublishVersionOutput](t, "version of "+fn)(c.lambda.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)}))
	}
	publish("virga-orders")
	must[*lambda.UpdateFunctionConfigurationOutput](t, "config")(c.lambda.UpdateFunctionConfiguration(ctx,
		&lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("virga-orders"), Description: aws.String("second")}))
	publish("virga-orders")
	must[*lambda.CreateAliasOutput](t, "alias live")(c.lambda.CreateAlias(ctx, &lambda.CreateAliasInput{
		FunctionName: aws.String("virga-orders"), Name: aws.String("live"), FunctionVersion: aws.String("1"),
		RoutingConfig: &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.2}},
	}))
	publish("virga-reports")
	must[*lambda.CreateAliasOutput](t, "alias stable")(c.lambda.CreateAlias(ctx, &lambda.CreateAliasInput{
		FunctionName: aws.String("virga-reports"), Name: aws.String("stable"), FunctionVersion: aws.String("1"),
	}))
	must[*lambda.PutFunctionConcurrencyOutput](t, "concurrency")(c.lambda.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String("virga-payments"), ReservedConcurrentExecutions: aws.Int32(5),
	}))

	seedECS(t, ctx, c, endpoint)

	// Two streams of 15 events a second apart, 20 minutes ago.
	base := now.Add(-20 * time.Minute).Truncate(time.Second)
	const group = "/virga/contract/app"
	must[*cloudwatchlogs.CreateLogGroupOutput](t, "log group")(c.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}))
	for s, stream := range []string{"s1", "s2"} {
		must[*cloudwatchlogs.CreateLogStreamOutput](t, "stream")(c.logs.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{
			LogGroupName: aws.String(group), LogStreamName: aws.String(stream),
		}))
		evs := make([]logtypes.InputLogEvent, 15)
		for i := range evs {
			evs[i] = logtypes.InputLogEvent{
				Timestamp: aws.Int64(base.Add(time.Duration(2*i+s) * time.Second).UnixMilli()),
				Message:   aws.String(fmt.Sprintf("%s line %d", stream, i)),
			}
		}
		must[*cloudwatchlogs.PutLogEventsOutput](t, "log events")(c.logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
			LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: evs,
		}))
	}

	// Invocations 1..5 in five consecutive minutes, half an hour ago.
	t0 := now.Truncate(time.Minute).Add(-30 * time.Minute)
	dims := []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String("virga-orders")}}
	data := make([]cwtypes.MetricDatum, 5)
	for i := range data {
		data[i] = cwtypes.MetricDatum{MetricName: aws.String("Invocations"), Dimensions: dims,
			Timestamp: aws.Time(t0.Add(time.Duration(i) * time.Minute)), Value: aws.Float64(float64(i + 1)), Unit: cwtypes.StandardUnitCount}
	}
	must[*cloudwatch.PutMetricDataOutput](t, "metrics")(c.cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace: aws.String(providers.NamespaceLambda), MetricData: data,
	}))

	return fixture{
		account:      "123456789012",
		functions:    []string{"virga-orders", "virga-payments", "virga-reports"},
		minFunctions: 3,
		fn:           "virga-orders", versions: []string{"1", "2"},
		alias: "live", aliasVersion: "1", aliasWeights: map[string]float64{"2": 0.2},
		reservedFn: "virga-payments", reserved: 5,
		invokeFn: "virga-orders",
		mutFn:    "virga-reports", mutAlias: "stable",

		cluster: "virga-prod", service: "web", insights: "enabled", stoppedTask: true, sparseECS: true,
		taskLogGroup: "/ecs/virga-web",

		logGroup: group, logStart: base.Add(-time.Minute), logEnd: base.Add(time.Minute), logEvents: 30,

		metric: providers.MetricQuery{Key: "virga-orders", Namespace: providers.NamespaceLambda, Metric: "Invocations",
			Dimensions: []providers.Dimension{{Name: "FunctionName", Value: "virga-orders"}}, Stat: "Sum", Period: time.Minute},
		metricStart: t0, metricEnd: t0.Add(5 * time.Minute), metricValues: []float64{1, 2, 3, 4, 5},

		// moto answers ListFargateProfiles of a missing cluster with a 500.
		unavailable: []string{"lambda:ListProvisionedConcurrencyConfigs", "lambda:GetAccountSettings", "eks:ListFargateProfiles", "logs:StartLiveTail"},
	}
}

// defaultNetwork reads a subnet and a security group of moto's default
// VPC, which Fargate RunTask requires (moto checks they exist). It speaks
// the EC2 Query protocol by hand: the EC2 SDK module alone takes minutes
// to compile, for two reads. moto does not check signatures, only the
// credential scope that names the service.
func defaultNetwork(t *testing.T, ctx context.Context, endpoint string) (subnet, group string) {
	t.Helper()
	hc := &http.Client{}
	defer hc.CloseIdleConnections()
	query := func(action string, out any) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/",
			strings.NewReader(url.Values{"Action": {action}, "Version": {"2016-11-15"}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("seed %s: %v", action, err)
		}
		defer resp.Body.Close()
		if err := xml.NewDecoder(resp.Body).Decode(out); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("seed %s: %s %v", action, resp.Status, err)
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
		t.Fatal("moto has no default subnet or security group")
	}
	return subnets.IDs[0], groups.IDs[0]
}

// seedECS makes a Fargate cluster with one service whose tasks are
// started by hand (moto's CreateService starts none), one of them stopped.
func seedECS(t *testing.T, ctx context.Context, c seedClients, endpoint string) {
	t.Helper()
	subnet, group := defaultNetwork(t, ctx, endpoint)
	network := &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
		Subnets: []string{subnet}, SecurityGroups: []string{group},
	}}
	must[*ecs.CreateClusterOutput](t, "cluster")(c.ecs.CreateCluster(ctx, &ecs.CreateClusterInput{
		ClusterName: aws.String("virga-prod"),
		Settings:    []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}},
	}))
	for range 2 {
		must[*ecs.RegisterTaskDefinitionOutput](t, "task definition")(c.ecs.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
			Family: aws.String("virga-web"), NetworkMode: ecstypes.NetworkModeAwsvpc, Cpu: aws.String("256"), Memory: aws.String("512"),
			RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
			ContainerDefinitions: []ecstypes.ContainerDefinition{{
				Name: aws.String("web"), Image: aws.String("nginx:1.27"), Cpu: 256, Memory: aws.Int32(512), Essential: aws.Bool(true),
				LogConfiguration: &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs, Options: map[string]string{
					"awslogs-group": "/ecs/virga-web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web",
				}},
				PortMappings: []ecstypes.PortMapping{{ContainerPort: aws.Int32(80), HostPort: aws.Int32(80), Protocol: ecstypes.TransportProtocolTcp}},
				HealthCheck: &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"},
					Interval: aws.Int32(30), Timeout: aws.Int32(5), Retries: aws.Int32(3)},
			}},
		}))
	}
	must[*ecs.CreateServiceOutput](t, "service")(c.ecs.CreateService(ctx, &ecs.CreateServiceInput{
		Cluster: aws.String("virga-prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("virga-web:2"),
		DesiredCount: aws.Int32(2), LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: network,
		DeploymentConfiguration: &ecstypes.DeploymentConfiguration{
			DeploymentCircuitBreaker: &ecstypes.DeploymentCircuitBreaker{Enable: true, Rollback: true},
		},
	}))
	run := must[*ecs.RunTaskOutput](t, "tasks")(c.ecs.RunTask(ctx, &ecs.RunTaskInput{
		Cluster: aws.String("virga-prod"), TaskDefinition: aws.String("virga-web:2"), Count: aws.Int32(3),
		LaunchType: ecstypes.LaunchTypeFargate, NetworkConfiguration: network,
		StartedBy: aws.String("ecs-svc/1234567890"), Group: aws.String("service:web"),
	}))
	if len(run.Tasks) != 3 {
		t.Fatalf("RunTask started %d tasks: %+v", len(run.Tasks), run.Failures)
	}
	must[*ecs.StopTaskOutput](t, "stopped task")(c.ecs.StopTask(ctx, &ecs.StopTaskInput{
		Cluster: aws.String("virga-prod"), Task: run.Tasks[2].TaskArn, Reason: aws.String("seeded stop"),
	}))
}
