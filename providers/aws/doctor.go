package aws

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/virgahq/virga/providers"
)

var _ providers.Diagnoser = (*Provider)(nil)

// Features the probes belong to, as the README's permission table names
// them.
const (
	featIdentity = "identity"
	featLists    = "lists and detail"
	featMetrics  = "metrics"
	featLogs     = "logs"
	featLiveTail = "live tail"
	featEKS      = "eks"
)

// probeName is what a probe asks for when the account has nothing of the
// kind: AWS checks the permission before it looks for the resource, so
// "not found" still proves the action is allowed.
const probeName = "virga-doctor-probe"

// probeEnv carries what earlier probes found, so later ones ask about a
// real function, cluster, service, task and log group when there is one.
type probeEnv struct {
	account, arn, region   string
	function               string
	cluster, service, task string
	taskDef, logGroup      string
	eksCluster             string
	fargateProfile         string
	dateMu                 sync.Mutex
	serverTime, receivedAt time.Time
	now                    func() time.Time
}

// probe is one read call of one IAM action.
type probe struct {
	op      string // "Lambda.ListFunctions"
	feature string
	call    func(ctx context.Context, p *Provider, e *probeEnv) error
}

// Diagnose resolves the credentials, reads the identity, then makes one
// call of every read operation virga uses, one after another (a doctor
// run must not add to a throttled account's trouble), and records the
// clock of the first answer.
func (p *Provider) Diagnose(ctx context.Context) (providers.Diagnosis, error) {
	d := providers.Diagnosis{Endpoint: p.cfg.EndpointURL}
	if p.creds != nil {
		c, err := p.creds.Retrieve(ctx)
		if err != nil {
			return d, p.mapError("STS.GetCallerIdentity", err)
		}
		d.CredentialSource = c.Source
	}
	env := &probeEnv{region: p.region, now: p.cfg.Now}
	for _, pr := range probes() {
		chk := providers.PermissionCheck{Action: iamAction(pr.op), Feature: pr.feature, Status: providers.CheckOK}
		cctx, cancel := p.deadline(ctx, p.cfg.CallTimeout)
		err := pr.call(cctx, p, env)
		cancel()
		if err != nil {
			chk.Status, chk.Message, chk.Throttled = p.judge(pr.op, err)
		}
		if pr.feature == featIdentity && chk.Status != providers.CheckOK {
			return d, p.mapError(pr.op, err)
		}
		d.Checks = append(d.Checks, chk)
	}
	d.Identity = providers.Identity{Account: env.account, ARN: env.arn, Region: p.region, Profile: p.profile}
	d.ServerTime, d.ReceivedAt = env.serverTime, env.receivedAt
	return d, nil
}

// judge sorts a probe's error: denied, not offered by this endpoint, or
// allowed (the resource is missing or the request was refused on its
// merits, which AWS decides after the permission).
func (p *Provider) judge(op string, err error) (providers.CheckStatus, string, bool) {
	if p.unavailable(err) {
		return providers.CheckUnavailable, "not available on this endpoint", false
	}
	e := p.mapError(op, err)
	switch providers.KindOf(e) {
	case providers.ErrAccessDenied:
		return providers.CheckDenied, "not permitted", false
	case providers.ErrNotFound, providers.ErrInvalid, providers.ErrConflict:
		return providers.CheckOK, "", false
	case providers.ErrThrottled:
		return providers.CheckFailed, providers.Short(e), true
	}
	return providers.CheckFailed, providers.Short(e), false
}

// unavailable recognises an endpoint that does not implement an
// operation: AWS's own "unknown operation" codes, or, from a custom
// endpoint (an emulator), an HTTP 404, 405 or 5xx that carries no AWS
// error code.
func (p *Provider) unavailable(err error) bool {
	var ae smithy.APIError
	code := ""
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	switch code {
	case "UnknownOperationException", "UnknownOperation", "InvalidAction", "NotImplemented", "NotImplementedException":
		return true
	}
	if !p.customEndpoint {
		return false
	}
	if _, known := codeKind(code); known {
		return false
	}
	st := httpStatus(err)
	return st == http.StatusNotFound || st == http.StatusMethodNotAllowed || st >= 500
}

// probes are the read calls virga makes, in the order the README's
// permission table lists them. Each asks for at most one item.
func probes() []probe {
	one := aws.Int32(1)
	return []probe{
		{"STS.GetCallerIdentity", featIdentity, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}, func(o *sts.Options) {
				o.APIOptions, o.RetryMaxAttempts = append(o.APIOptions, e.keepDate), 1
			})
			if err == nil {
				e.account, e.arn = aws.ToString(out.Account), aws.ToString(out.Arn)
			}
			return err
		}},
		{"Lambda.ListFunctions", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: one}, lambdaOnce)
			if err == nil && len(out.Functions) > 0 {
				e.function = aws.ToString(out.Functions[0].FunctionName)
			}
			return err
		}},
		{"Lambda.GetFunction", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(e.fn())}, lambdaOnce)
			return err
		}},
		{"Lambda.ListVersionsByFunction", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(e.fn()), MaxItems: one}, lambdaOnce)
			return err
		}},
		{"Lambda.ListAliases", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: aws.String(e.fn()), MaxItems: one}, lambdaOnce)
			return err
		}},
		{"Lambda.ListProvisionedConcurrencyConfigs", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String(e.fn()), MaxItems: one}, lambdaOnce)
			return err
		}},
		{"Lambda.ListEventSourceMappings", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(e.fn()), MaxItems: one}, lambdaOnce)
			return err
		}},
		{"Lambda.GetAccountSettings", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{}, lambdaOnce)
			return err
		}},
		{"Lambda.GetFunctionConcurrency", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(e.fn())}, lambdaOnce)
			return err
		}},
		{"ECS.ListClusters", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.ecs.ListClusters(ctx, &ecs.ListClustersInput{MaxResults: one}, ecsOnce)
			if err == nil && len(out.ClusterArns) > 0 {
				e.cluster = out.ClusterArns[0]
			}
			return err
		}},
		{"ECS.DescribeClusters", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.ecs.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{e.clusterName()}}, ecsOnce)
			return err
		}},
		{"ECS.ListServices", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.ecs.ListServices(ctx, &ecs.ListServicesInput{Cluster: aws.String(e.clusterName()), MaxResults: one}, ecsOnce)
			if err == nil && len(out.ServiceArns) > 0 {
				e.service = out.ServiceArns[0]
			}
			return err
		}},
		{"ECS.DescribeServices", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(e.clusterName()), Services: []string{or(e.service, probeName)}}, ecsOnce)
			return err
		}},
		{"ECS.ListTasks", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.ecs.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(e.clusterName()), MaxResults: one}, ecsOnce)
			if err == nil && len(out.TaskArns) > 0 {
				e.task = out.TaskArns[0]
			}
			return err
		}},
		{"ECS.DescribeTasks", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(e.clusterName()), Tasks: []string{or(e.task, "0123456789abcdef0123456789abcdef")}}, ecsOnce)
			return err
		}},
		{"ECS.ListTaskDefinitions", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.ecs.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{MaxResults: one}, ecsOnce)
			if err == nil && len(out.TaskDefinitionArns) > 0 {
				e.taskDef = out.TaskDefinitionArns[0]
			}
			return err
		}},
		{"ECS.DescribeTaskDefinition", featLists, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(or(e.taskDef, probeName+":1"))}, ecsOnce)
			return err
		}},
		{"CloudWatch.GetMetricData", featMetrics, func(ctx context.Context, p *Provider, e *probeEnv) error {
			end := e.now().Truncate(time.Minute)
			_, err := p.cw.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(end.Add(-5 * time.Minute)), EndTime: aws.Time(end),
				MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("q0"), MetricStat: &cwtypes.MetricStat{
					Metric: &cwtypes.Metric{Namespace: aws.String(providers.NamespaceLambda), MetricName: aws.String("Invocations"),
						Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String(e.fn())}}},
					Period: aws.Int32(60), Stat: aws.String("Sum")}}},
			}, func(o *cloudwatch.Options) { o.RetryMaxAttempts = 1 })
			return err
		}},
		{"Logs.DescribeLogGroups", featLogs, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{Limit: one}, logsOnce)
			if err == nil && len(out.LogGroups) > 0 {
				e.logGroup = aws.ToString(out.LogGroups[0].LogGroupName)
			}
			return err
		}},
		{"Logs.DescribeLogStreams", featLogs, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.logs.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String(or(e.logGroup, "/aws/lambda/"+probeName)), Limit: one}, logsOnce)
			return err
		}},
		{"Logs.FilterLogEvents", featLogs, func(ctx context.Context, p *Provider, e *probeEnv) error {
			end := e.now()
			_, err := p.logs.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(or(e.logGroup, "/aws/lambda/"+probeName)),
				StartTime: aws.Int64(end.Add(-time.Minute).UnixMilli()), EndTime: aws.Int64(end.UnixMilli()), Limit: one}, logsOnce)
			return err
		}},
		{"EKS.ListClusters", featEKS, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.eks.api.ListClusters(ctx, &eks.ListClustersInput{MaxResults: one}, eksOnce)
			if err == nil && len(out.Clusters) > 0 {
				e.eksCluster = out.Clusters[0]
			}
			return err
		}},
		{"EKS.DescribeCluster", featEKS, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.eks.api.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(or(e.eksCluster, probeName))}, eksOnce)
			return err
		}},
		{"EKS.ListFargateProfiles", featEKS, func(ctx context.Context, p *Provider, e *probeEnv) error {
			out, err := p.eks.api.ListFargateProfiles(ctx, &eks.ListFargateProfilesInput{ClusterName: aws.String(or(e.eksCluster, probeName)), MaxResults: one}, eksOnce)
			if err == nil && len(out.FargateProfileNames) > 0 {
				e.fargateProfile = out.FargateProfileNames[0]
			}
			return err
		}},
		{"EKS.DescribeFargateProfile", featEKS, func(ctx context.Context, p *Provider, e *probeEnv) error {
			_, err := p.eks.api.DescribeFargateProfile(ctx, &eks.DescribeFargateProfileInput{ClusterName: aws.String(or(e.eksCluster, probeName)),
				FargateProfileName: aws.String(or(e.fargateProfile, probeName))}, eksOnce)
			return err
		}},
		{"Logs.StartLiveTail", featLiveTail, func(ctx context.Context, p *Provider, e *probeEnv) error {
			// A log group that does not exist: a session on a real one is
			// billed by the minute, and "not found" proves the permission.
			arn := "arn:aws:logs:" + e.region + ":" + or(e.account, "000000000000") + ":log-group:/virga/" + probeName
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			out, err := p.logs.StartLiveTail(ctx, &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: []string{arn}}, logsOnce)
			if err == nil {
				_ = out.GetStream().Close()
			}
			return err
		}},
	}
}

// A probe makes one attempt: a doctor run reports what happened rather
// than retrying it away, and an emulator's missing operation answers at
// once.
func logsOnce(o *cloudwatchlogs.Options) { o.RetryMaxAttempts = 1 }
func eksOnce(o *eks.Options)             { o.RetryMaxAttempts = 1 }

func (e *probeEnv) fn() string { return or(e.function, probeName) }

func (e *probeEnv) clusterName() string { return or(e.cluster, probeName) }

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// keepDate records the Date header of the response and when it arrived,
// for the clock skew.
func (e *probeEnv) keepDate(s *middleware.Stack) error {
	return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("virga.KeepDate",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
				if t, perr := http.ParseTime(strings.TrimSpace(resp.Header.Get("Date"))); perr == nil {
					e.dateMu.Lock()
					e.serverTime, e.receivedAt = t, e.now()
					e.dateMu.Unlock()
				}
			}
			return out, md, err
		}), middleware.After)
}
