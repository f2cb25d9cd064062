package mototest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Seeder puts resources into a moto through plain SDK clients, the way a
// user's account would be set up.
type Seeder struct {
	t        testing.TB
	ctx      context.Context
	endpoint string
	iam      *iam.Client
	lambda   *lambda.Client
	cw       *cloudwatch.Client
	logs     *cloudwatchlogs.Client
	eks      *eks.Client
	ecs      *ecs.Client // made on first use, behind quoteContainerNumbers
	role     *string
	groups   map[string]bool
}

// NewSeeder returns a Seeder for the moto at endpoint (see Config).
func NewSeeder(t testing.TB, endpoint string) *Seeder {
	t.Helper()
	cfg := Config(t, endpoint)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return &Seeder{t: t, ctx: ctx, endpoint: endpoint,
		iam:    iam.NewFromConfig(cfg),
		lambda: lambda.NewFromConfig(cfg),
		cw:     cloudwatch.NewFromConfig(cfg, CloudWatchJSON),
		logs:   cloudwatchlogs.NewFromConfig(cfg),
		eks:    eks.NewFromConfig(cfg),
		groups: map[string]bool{},
	}
}

func (s *Seeder) check(what string, err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("seed %s: %v", what, err)
	}
}

// Function creates a Python function with a one-line handler.
func (s *Seeder) Function(name string) { s.t.Helper(); s.FunctionWith(name, "", nil) }

// FunctionWith creates a Python function with a one-line handler, a
// description (none when empty) and environment variables.
func (s *Seeder) FunctionWith(name, description string, env map[string]string) {
	s.t.Helper()
	if s.role == nil {
		out, err := s.iam.CreateRole(s.ctx, &iam.CreateRoleInput{
			RoleName: aws.String("virga-mototest"),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
				`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		})
		s.check("role", err)
		s.role = out.Role.Arn
	}
	in := &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Runtime: lambdatypes.RuntimePython312, Role: s.role,
		Handler: aws.String("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: HandlerZip(s.t)},
		MemorySize: aws.Int32(256), Timeout: aws.Int32(30),
	}
	if description != "" {
		in.Description = aws.String(description)
	}
	if env != nil {
		in.Environment = &lambdatypes.Environment{Variables: env}
	}
	_, err := s.lambda.CreateFunction(s.ctx, in)
	s.check("function "+name, err)
}

// Publish publishes a version of a function's current code and
// configuration.
func (s *Seeder) Publish(name string) {
	s.t.Helper()
	_, err := s.lambda.PublishVersion(s.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
	s.check("version of "+name, err)
}

// Describe changes a function's description (a new configuration to
// publish).
func (s *Seeder) Describe(name, description string) {
	s.t.Helper()
	_, err := s.lambda.UpdateFunctionConfiguration(s.ctx,
		&lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(name), Description: aws.String(description)})
	s.check("configuration of "+name, err)
}

// Alias points an alias of a function at version, with weighted canary
// versions when weights is not empty.
func (s *Seeder) Alias(function, alias, version string, weights map[string]float64) {
	s.t.Helper()
	in := &lambda.CreateAliasInput{FunctionName: aws.String(function), Name: aws.String(alias), FunctionVersion: aws.String(version)}
	if len(weights) > 0 {
		in.RoutingConfig = &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: weights}
	}
	_, err := s.lambda.CreateAlias(s.ctx, in)
	s.check("alias "+alias+" of "+function, err)
}

// Reserve sets a function's reserved concurrency.
func (s *Seeder) Reserve(name string, n int) {
	s.t.Helper()
	_, err := s.lambda.PutFunctionConcurrency(s.ctx, &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(int32(n)),
	})
	s.check("reserved concurrency of "+name, err)
}

// Metric puts one datum of an AWS/Lambda metric of a function at t.
func (s *Seeder) Metric(function, metric string, at time.Time, value float64, unit cwtypes.StandardUnit) {
	s.t.Helper()
	_, err := s.cw.PutMetricData(s.ctx, &cloudwatch.PutMetricDataInput{
		Namespace: aws.String("AWS/Lambda"),
		MetricData: []cwtypes.MetricDatum{{
			MetricName: aws.String(metric), Timestamp: aws.Time(at), Value: aws.Float64(value), Unit: unit,
			Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(function)}},
		}},
	})
	s.check(metric+" of "+function, err)
}

// LogEvent is one event of a seeded log stream.
type LogEvent struct {
	At      time.Time
	Message string
}

// LogStream creates a stream in group (and the group, the first time)
// holding events, which must be in time order.
func (s *Seeder) LogStream(group, stream string, events []LogEvent) {
	s.t.Helper()
	if !s.groups[group] {
		_, err := s.logs.CreateLogGroup(s.ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)})
		s.check("log group "+group, err)
		s.groups[group] = true
	}
	_, err := s.logs.CreateLogStream(s.ctx, &cloudwatchlogs.CreateLogStreamInput{
		LogGroupName: aws.String(group), LogStreamName: aws.String(stream),
	})
	s.check("log stream "+stream, err)
	in := &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}
	for _, e := range events {
		in.LogEvents = append(in.LogEvents, logtypes.InputLogEvent{Timestamp: aws.Int64(e.At.UnixMilli()), Message: aws.String(e.Message)})
	}
	_, err = s.logs.PutLogEvents(s.ctx, in)
	s.check("log events of "+stream, err)
}

// EKSCluster creates an EKS cluster of a Kubernetes version with the
// service role roleARN.
func (s *Seeder) EKSCluster(name, roleARN, version string) {
	s.t.Helper()
	_, err := s.eks.CreateCluster(s.ctx, &eks.CreateClusterInput{
		Name: aws.String(name), RoleArn: aws.String(roleARN), Version: aws.String(version),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{"subnet-1", "subnet-2"}},
	})
	s.check("cluster "+name, err)
}

// FargateProfile creates a Fargate profile of cluster that places the
// pods of namespace (a pattern) carrying labels, run by roleARN.
func (s *Seeder) FargateProfile(cluster, name, roleARN, namespace string, labels map[string]string) {
	s.t.Helper()
	_, err := s.eks.CreateFargateProfile(s.ctx, &eks.CreateFargateProfileInput{
		ClusterName: aws.String(cluster), FargateProfileName: aws.String(name), PodExecutionRoleArn: aws.String(roleARN),
		Selectors: []ekstypes.FargateProfileSelector{{Namespace: aws.String(namespace), Labels: labels}},
		Subnets:   []string{"subnet-1"},
	})
	s.check("Fargate profile "+name, err)
}
