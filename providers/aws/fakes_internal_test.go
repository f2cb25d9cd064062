package aws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"

	"github.com/virgahq/virga/providers"
)

// Scripted fakes of the narrow client interfaces: each embeds the
// interface (so an unscripted call panics) and overrides what a test uses.

type fakeLambda struct {
	lambdaAPI
	getFunction  func(*lambda.GetFunctionInput) (*lambda.GetFunctionOutput, error)
	versions     func(*lambda.ListVersionsByFunctionInput) (*lambda.ListVersionsByFunctionOutput, error)
	aliases      func(*lambda.ListAliasesInput) (*lambda.ListAliasesOutput, error)
	provisioned  func(*lambda.ListProvisionedConcurrencyConfigsInput) (*lambda.ListProvisionedConcurrencyConfigsOutput, error)
	eventSources func(*lambda.ListEventSourceMappingsInput) (*lambda.ListEventSourceMappingsOutput, error)
}

func (f *fakeLambda) GetFunction(_ context.Context, in *lambda.GetFunctionInput, _ ...func(*lambda.Options)) (*lambda.GetFunctionOutput, error) {
	return f.getFunction(in)
}

func (f *fakeLambda) ListVersionsByFunction(_ context.Context, in *lambda.ListVersionsByFunctionInput, _ ...func(*lambda.Options)) (*lambda.ListVersionsByFunctionOutput, error) {
	return f.versions(in)
}

func (f *fakeLambda) ListAliases(_ context.Context, in *lambda.ListAliasesInput, _ ...func(*lambda.Options)) (*lambda.ListAliasesOutput, error) {
	return f.aliases(in)
}

func (f *fakeLambda) ListProvisionedConcurrencyConfigs(_ context.Context, in *lambda.ListProvisionedConcurrencyConfigsInput, _ ...func(*lambda.Options)) (*lambda.ListProvisionedConcurrencyConfigsOutput, error) {
	return f.provisioned(in)
}

func (f *fakeLambda) ListEventSourceMappings(_ context.Context, in *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	return f.eventSources(in)
}

func denied() error {
	return &smithy.OperationError{ServiceID: "Lambda", OperationName: "X",
		Err: &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "User is not authorized"}}
}

// scriptedFunction answers every detail read of one function, with
// provisioned concurrency denied.
func scriptedFunction() *fakeLambda {
	return &fakeLambda{
		getFunction: func(in *lambda.GetFunctionInput) (*lambda.GetFunctionOutput, error) {
			return &lambda.GetFunctionOutput{
				Configuration: &lambdatypes.FunctionConfiguration{FunctionName: in.FunctionName, MemorySize: aws.Int32(128), CodeSha256: aws.String("sha")},
				Concurrency:   &lambdatypes.Concurrency{ReservedConcurrentExecutions: aws.Int32(3)},
				Tags:          map[string]string{"team": "a"},
			}, nil
		},
		versions: func(in *lambda.ListVersionsByFunctionInput) (*lambda.ListVersionsByFunctionOutput, error) {
			if aws.ToString(in.Marker) == "" {
				return &lambda.ListVersionsByFunctionOutput{NextMarker: aws.String("m2"), Versions: []lambdatypes.FunctionConfiguration{
					{Version: aws.String("$LATEST")}, {Version: aws.String("1"), LastModified: aws.String("2024-01-02T03:04:05.000+0000")},
				}}, nil
			}
			return &lambda.ListVersionsByFunctionOutput{Versions: []lambdatypes.FunctionConfiguration{{Version: aws.String("2")}}}, nil
		},
		aliases: func(*lambda.ListAliasesInput) (*lambda.ListAliasesOutput, error) {
			return &lambda.ListAliasesOutput{Aliases: []lambdatypes.AliasConfiguration{{
				Name: aws.String("live"), FunctionVersion: aws.String("1"),
				RoutingConfig: &lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.1}},
			}}}, nil
		},
		provisioned: func(*lambda.ListProvisionedConcurrencyConfigsInput) (*lambda.ListProvisionedConcurrencyConfigsOutput, error) {
			return nil, denied()
		},
		eventSources: func(in *lambda.ListEventSourceMappingsInput) (*lambda.ListEventSourceMappingsOutput, error) {
			return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{
				UUID: aws.String("u1"), EventSourceArn: aws.String("arn:aws:sqs:us-east-1:1:q"), State: aws.String("Enabled"), BatchSize: aws.Int32(10),
			}}}, nil
		},
	}
}

func TestGetFunctionDegradesOptionalReads(t *testing.T) {
	p := newProvider(Config{})
	p.lambda = scriptedFunction()
	d, err := p.GetFunction(t.Context(), "orders")
	if err != nil {
		t.Fatal(err)
	}
	if d.Function.Reserved == nil || *d.Function.Reserved != 3 || !d.Function.ReservedKnown || d.Function.Tags["team"] != "a" {
		t.Errorf("function = %+v", d.Function)
	}
	if got := []string{d.Versions[0].Version, d.Versions[1].Version}; len(d.Versions) != 2 || !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("versions = %+v, want 1 and 2 across two pages without $LATEST", d.Versions)
	}
	if len(d.Aliases) != 1 || d.Aliases[0].AdditionalWeights["2"] != 0.1 {
		t.Errorf("aliases = %+v", d.Aliases)
	}
	if len(d.EventSources) != 1 || d.EventSources[0].SourceKind != "SQS" {
		t.Errorf("event sources = %+v", d.EventSources)
	}
	want := []string{"provisioned concurrency: not permitted: lambda:ListProvisionedConcurrencyConfigs"}
	if !slices.Equal(d.Warnings, want) {
		t.Errorf("warnings = %q, want %q", d.Warnings, want)
	}
}

func TestGetFunctionFailsWithoutTheFunction(t *testing.T) {
	p := newProvider(Config{})
	f := scriptedFunction()
	f.getFunction = func(*lambda.GetFunctionInput) (*lambda.GetFunctionOutput, error) {
		return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "Function not found"}
	}
	p.lambda = f
	if _, err := p.GetFunction(t.Context(), "gone"); providers.KindOf(err) != providers.ErrNotFound {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

func TestGetFunctionCapsVersionPages(t *testing.T) {
	p := newProvider(Config{})
	f := scriptedFunction()
	pages := 0
	f.versions = func(in *lambda.ListVersionsByFunctionInput) (*lambda.ListVersionsByFunctionOutput, error) {
		pages++
		return &lambda.ListVersionsByFunctionOutput{NextMarker: aws.String(fmt.Sprint(pages)),
			Versions: []lambdatypes.FunctionConfiguration{{Version: aws.String(fmt.Sprint(pages))}}}, nil
	}
	p.lambda = f
	d, err := p.GetFunction(t.Context(), "old")
	if err != nil {
		t.Fatal(err)
	}
	if pages != maxDetailPages || len(d.Versions) != maxDetailPages {
		t.Errorf("read %d pages, %d versions; want %d", pages, len(d.Versions), maxDetailPages)
	}
	if !slices.ContainsFunc(d.Warnings, func(w string) bool { return strings.HasPrefix(w, "versions: only the first 10") }) {
		t.Errorf("warnings = %q", d.Warnings)
	}
}

type fakeECS struct {
	ecsAPI
	listServices     func(*ecs.ListServicesInput) (*ecs.ListServicesOutput, error)
	describeServices func(*ecs.DescribeServicesInput) (*ecs.DescribeServicesOutput, error)
	listTasks        func(*ecs.ListTasksInput) (*ecs.ListTasksOutput, error)
	describeTasks    func(*ecs.DescribeTasksInput) (*ecs.DescribeTasksOutput, error)
}

func (f *fakeECS) ListServices(_ context.Context, in *ecs.ListServicesInput, _ ...func(*ecs.Options)) (*ecs.ListServicesOutput, error) {
	return f.listServices(in)
}

func (f *fakeECS) DescribeServices(_ context.Context, in *ecs.DescribeServicesInput, _ ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	return f.describeServices(in)
}

func (f *fakeECS) ListTasks(_ context.Context, in *ecs.ListTasksInput, _ ...func(*ecs.Options)) (*ecs.ListTasksOutput, error) {
	return f.listTasks(in)
}

func (f *fakeECS) DescribeTasks(_ context.Context, in *ecs.DescribeTasksInput, _ ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	return f.describeTasks(in)
}

// pageOf serves items page by page with numeric tokens.
func pageOf(items []string, token *string, size int) ([]string, *string) {
	start := 0
	if token != nil {
		fmt.Sscan(*token, &start)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], aws.String(fmt.Sprint(end))
	}
	return items[start:end], nil
}

// inFlight tracks the most calls running at once.
type inFlight struct{ now, peak atomic.Int32 }

func (f *inFlight) enter() {
	n := f.now.Add(1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
	time.Sleep(5 * time.Millisecond) // let the other batches overlap
}

func (f *inFlight) leave() { f.now.Add(-1) }

func TestListServicesDescribesInBatchesOfTen(t *testing.T) {
	var arns []string
	for i := range 95 {
		arns = append(arns, fmt.Sprintf("arn:aws:ecs:us-east-1:1:service/prod/svc-%02d", i))
	}
	var mu sync.Mutex
	var batches []int
	var flight inFlight
	p := newProvider(Config{})
	p.ecs = &fakeECS{
		listServices: func(in *ecs.ListServicesInput) (*ecs.ListServicesOutput, error) {
			if aws.ToInt32(in.MaxResults) != 100 {
				t.Errorf("MaxResults = %d", aws.ToInt32(in.MaxResults))
			}
			page, next := pageOf(arns, in.NextToken, 40)
			return &ecs.ListServicesOutput{ServiceArns: page, NextToken: next}, nil
		},
		describeServices: func(in *ecs.DescribeServicesInput) (*ecs.DescribeServicesOutput, error) {
			flight.enter()
			defer flight.leave()
			mu.Lock()
			batches = append(batches, len(in.Services))
			mu.Unlock()
			out := &ecs.DescribeServicesOutput{}
			for _, arn := range in.Services {
				out.Services = append(out.Services, ecstypes.Service{ServiceArn: aws.String(arn), ServiceName: aws.String(lastSegment(arn)),
					Deployments: []ecstypes.Deployment{{Id: aws.String("d"), Status: aws.String("PRIMARY"), TaskDefinition: aws.String("arn:aws:ecs:us-east-1:1:task-definition/web:7")}}})
			}
			return out, nil
		},
	}
	svcs, err := p.ListServices(t.Context(), "prod")
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != len(arns) || len(batches) != 10 {
		t.Fatalf("%d services in %d batches, want %d in 10", len(svcs), len(batches), len(arns))
	}
	for _, n := range batches {
		if n > 10 {
			t.Errorf("a DescribeServices batch of %d", n)
		}
	}
	if peak := flight.peak.Load(); peak > describeParallel {
		t.Errorf("%d DescribeServices in flight, limit %d", peak, describeParallel)
	}
	for i, s := range svcs {
		if s.ARN != arns[i] || s.Cluster != "prod" || s.TaskDefFamily != "web" || s.TaskDefRevision != 7 {
			t.Fatalf("service %d = %+v", i, s)
		}
	}
}

func TestListTasksMergesRunningAndStopped(t *testing.T) {
	var running, stopped []string
	for i := range 150 {
		running = append(running, fmt.Sprintf("arn:aws:ecs:us-east-1:1:task/prod/r%03d", i))
	}
	stopped = append(stopped, running[:5]...) // stopped between the two lists
	for i := range 30 {
		stopped = append(stopped, fmt.Sprintf("arn:aws:ecs:us-east-1:1:task/prod/s%03d", i))
	}
	var describeCalls atomic.Int32
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProvider(Config{})
	p.ecs = &fakeECS{
		listTasks: func(in *ecs.ListTasksInput) (*ecs.ListTasksOutput, error) {
			if aws.ToString(in.ServiceName) != "web" {
				t.Errorf("serviceName = %q", aws.ToString(in.ServiceName))
			}
			src := running
			if in.DesiredStatus == ecstypes.DesiredStatusStopped {
				src = stopped
			}
			page, next := pageOf(src, in.NextToken, 100)
			return &ecs.ListTasksOutput{TaskArns: page, NextToken: next}, nil
		},
		describeTasks: func(in *ecs.DescribeTasksInput) (*ecs.DescribeTasksOutput, error) {
			describeCalls.Add(1)
			if len(in.Tasks) > 100 {
				t.Errorf("a DescribeTasks batch of %d", len(in.Tasks))
			}
			out := &ecs.DescribeTasksOutput{}
			for i, arn := range in.Tasks {
				out.Tasks = append(out.Tasks, ecstypes.Task{TaskArn: aws.String(arn), Group: aws.String("service:web"),
					CreatedAt: aws.Time(base.Add(time.Duration(i) * time.Second)), TaskDefinitionArn: aws.String("arn:aws:ecs:us-east-1:1:task-definition/web:3")})
			}
			return out, nil
		},
	}
	ts, err := p.ListTasks(t.Context(), "prod", "web")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 180 || describeCalls.Load() != 2 {
		t.Fatalf("%d tasks in %d DescribeTasks calls, want 180 in 2", len(ts), describeCalls.Load())
	}
	if !slices.IsSortedFunc(ts, func(a, b providers.Task) int { return b.CreatedAt.Compare(a.CreatedAt) }) {
		t.Error("tasks not newest first")
	}
	if ts[0].Service != "web" || ts[0].TaskDefRevision != 3 || ts[0].Cluster != "prod" || !strings.HasSuffix(ts[0].ARN, "/"+ts[0].ID) {
		t.Errorf("task = %+v", ts[0])
	}
}

type fakeCloudWatch struct {
	cloudwatchAPI
	mu    sync.Mutex
	calls []*cloudwatch.GetMetricDataInput
	reply func(*cloudwatch.GetMetricDataInput) *cloudwatch.GetMetricDataOutput
}

func (f *fakeCloudWatch) GetMetricData(_ context.Context, in *cloudwatch.GetMetricDataInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	f.mu.Lock()
	f.calls = append(f.calls, in)
	f.mu.Unlock()
	return f.reply(in), nil
}

func TestGetMetricDataSplitsAndMergesPages(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	cw := &fakeCloudWatch{reply: func(in *cloudwatch.GetMetricDataInput) *cloudwatch.GetMetricDataOutput {
		if len(in.MetricDataQueries) > 500 || in.ScanBy != cwtypes.ScanByTimestampAscending {
			t.Errorf("%d queries, ScanBy %q", len(in.MetricDataQueries), in.ScanBy)
		}
		out := &cloudwatch.GetMetricDataOutput{}
		second := aws.ToString(in.NextToken) == "page2"
		if !second {
			out.NextToken = aws.String("page2")
		}
		for i, q := range in.MetricDataQueries {
			if id := aws.ToString(q.Id); id != fmt.Sprintf("q%d", i) {
				t.Fatalf("query %d has id %q", i, id)
			}
			r := cwtypes.MetricDataResult{Id: q.Id, StatusCode: cwtypes.StatusCodePartialData}
			if second {
				r.StatusCode = cwtypes.StatusCodeComplete
				r.Timestamps, r.Values = []time.Time{t0.Add(2 * time.Minute), t0.Add(3 * time.Minute)}, []float64{3, 4}
			} else {
				r.Timestamps, r.Values = []time.Time{t0, t0.Add(time.Minute)}, []float64{1, 2}
			}
			if i == 1 {
				r.StatusCode = cwtypes.StatusCodeForbidden
				r.Messages = []cwtypes.MessageData{{Code: aws.String("Forbidden"), Value: aws.String("no access to namespace")}}
			}
			out.MetricDataResults = append(out.MetricDataResults, r)
		}
		return out
	}}
	p := newProvider(Config{})
	p.cw = cw
	qs := make([]providers.MetricQuery, 1001)
	for i := range qs {
		qs[i] = providers.MetricQuery{Key: fmt.Sprintf("Fn A/Errors %d", i), Namespace: "AWS/Lambda", Metric: "Errors", Stat: "Sum", Period: time.Minute}
	}
	res, err := p.GetMetricData(t.Context(), providers.MetricRequest{Queries: qs, Start: t0, End: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Calls != 6 || len(cw.calls) != 6 {
		t.Errorf("Calls = %d (%d made), want 3 chunks x 2 pages", res.Calls, len(cw.calls))
	}
	if len(res.Series) != len(qs) {
		t.Fatalf("%d series", len(res.Series))
	}
	for i, s := range res.Series {
		if s.Key != qs[i].Key || !slices.Equal(s.Values, []float64{1, 2, 3, 4}) {
			t.Fatalf("series %d = %+v", i, s)
		}
	}
	if s := res.Series[0]; s.Status != "Complete" {
		t.Errorf("status after the last page = %q", s.Status)
	}
	if s := res.Series[1]; s.Status != "Forbidden" || s.Message != "no access to namespace" {
		t.Errorf("forbidden series = %+v", s)
	}
	if got := aws.ToInt32(cw.calls[0].MetricDataQueries[0].MetricStat.Period); got != 60 {
		t.Errorf("period = %d", got)
	}
}

type fakeLogs struct {
	logsAPI
	filter func(*cloudwatchlogs.FilterLogEventsInput) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	return f.filter(in)
}

func TestFilterLogEventsSortsAndDeduplicates(t *testing.T) {
	ev := func(id, stream string, ms int64) logtypes.FilteredLogEvent {
		return logtypes.FilteredLogEvent{EventId: aws.String(id), LogStreamName: aws.String(stream), Timestamp: aws.Int64(ms), Message: aws.String(id)}
	}
	start := time.UnixMilli(1_000)
	p := newProvider(Config{})
	p.logs = &fakeLogs{filter: func(in *cloudwatchlogs.FilterLogEventsInput) (*cloudwatchlogs.FilterLogEventsOutput, error) {
		if aws.ToString(in.LogGroupName) != "/aws/lambda/x" || aws.ToInt64(in.StartTime) != 1_000 || aws.ToInt32(in.Limit) != 10_000 ||
			aws.ToString(in.NextToken) != "t1" || aws.ToString(in.FilterPattern) != "ERROR" {
			t.Errorf("input = %+v", in)
		}
		return &cloudwatchlogs.FilterLogEventsOutput{NextToken: aws.String("t2"), Events: []logtypes.FilteredLogEvent{
			ev("c", "b", 3_000), ev("a", "a", 1_000), ev("c", "b", 3_000), ev("b", "b", 2_000), ev("b2", "a", 2_000),
		}}, nil
	}}
	page, err := p.FilterLogEvents(t.Context(), providers.LogQuery{Group: "/aws/lambda/x", Start: start, Pattern: "ERROR", NextToken: "t1", Limit: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range page.Events {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"a", "b2", "b", "c"}) || page.NextToken != "t2" {
		t.Errorf("ids = %v, next %q", ids, page.NextToken)
	}
	if page.Events[0].Group != "/aws/lambda/x" || !page.Events[0].Timestamp.Equal(start) {
		t.Errorf("event = %+v", page.Events[0])
	}
}
