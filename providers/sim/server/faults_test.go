package server_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// faultCase is a fault of the simulated account and the error the SDK
// must see for it, as the service's own wire protocol answers it.
type faultCase struct {
	name   string
	op     string
	kind   providers.ErrorKind
	call   func(t testing.TB, e *env) error
	code   string // "" leaves the code to as
	status int    // 0 leaves the status unchecked
	says   []string
	// as is a pointer to the modeled error type the SDK must decode.
	as any
}

// TestFaultsOnTheWire: each service answers an injected throttle, denied
// access or expired credentials with its own error code, HTTP status and
// message, and the SDK decodes it.
func TestFaultsOnTheWire(t *testing.T) {
	e := newEnv(t)
	for _, fc := range faultCases() {
		t.Run(fc.name, func(t *testing.T) {
			e.acct.SetFault(fc.op, sim.Fault{Kind: fc.kind})
			defer e.acct.SetFault(fc.op, sim.Fault{})
			err := fc.call(t, e)
			if fc.as != nil && !errors.As(err, fc.as) {
				t.Fatalf("error %v (%T) is not a %T", err, err, fc.as)
			}
			if fc.code != "" {
				wantAPIError(t, err, fc.code, fc.status)
			}
			var ae smithy.APIError
			for _, s := range fc.says {
				if !errors.As(err, &ae) || !strings.Contains(ae.ErrorMessage(), s) {
					t.Fatalf("error %v does not say %q", err, s)
				}
			}
		})
	}
}

func faultCases() []faultCase {
	metricData := func(proto string) func(t testing.TB, e *env) error {
		return func(t testing.TB, e *env) error {
			_, err := cwClients(e)[proto].GetMetricData(ctx(t), &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(base().Add(-time.Hour)), EndTime: aws.Time(base()),
				MetricDataQueries: []types.MetricDataQuery{metricQuery("a", "checkout-api", "Invocations", "Sum")}})
			return err
		}
	}
	listMetrics := func(proto string) func(t testing.TB, e *env) error {
		return func(t testing.TB, e *env) error {
			_, err := cwClients(e)[proto].ListMetrics(ctx(t), &cloudwatch.ListMetricsInput{})
			return err
		}
	}
	var cases []faultCase
	for _, proto := range []string{"cbor", "json"} {
		cases = append(cases,
			faultCase{name: "GetMetricData throttled " + proto, op: "CloudWatch.GetMetricData", kind: providers.ErrThrottled,
				call: metricData(proto), code: "Throttling", status: http.StatusBadRequest},
			faultCase{name: "GetMetricData denied " + proto, op: "CloudWatch.GetMetricData", kind: providers.ErrAccessDenied,
				call: metricData(proto), code: "AccessDenied", status: http.StatusForbidden, says: []string{"cloudwatch:GetMetricData"}},
			faultCase{name: "GetMetricData expired " + proto, op: "CloudWatch.GetMetricData", kind: providers.ErrCredentials,
				call: metricData(proto), code: "ExpiredToken", status: http.StatusForbidden},
			faultCase{name: "ListMetrics throttled " + proto, op: "CloudWatch.ListMetrics", kind: providers.ErrThrottled,
				call: listMetrics(proto), code: "Throttling", status: http.StatusBadRequest},
		)
	}
	return append(cases,
		faultCase{name: "ECS throttled", op: "ECS.ListClusters", kind: providers.ErrThrottled, call: func(t testing.TB, e *env) error {
			_, err := e.ecs().ListClusters(ctx(t), &ecs.ListClustersInput{})
			return err
		}, code: "ThrottlingException", status: http.StatusBadRequest},
		faultCase{name: "ECS denied", op: "ECS.DescribeServices", kind: providers.ErrAccessDenied, call: func(t testing.TB, e *env) error {
			_, err := e.ecs().DescribeServices(ctx(t), &ecs.DescribeServicesInput{Cluster: aws.String("prod-api"), Services: []string{"x"}})
			return err
		}, as: new(*ecstypes.AccessDeniedException), says: []string{"ecs:DescribeServices"}},
		faultCase{name: "ECS expired", op: "ECS.ListTasks", kind: providers.ErrCredentials, call: func(t testing.TB, e *env) error {
			_, err := e.ecs().ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("prod-api")})
			return err
		}, code: "ExpiredTokenException", status: http.StatusForbidden},
		faultCase{name: "Lambda denied", op: "Lambda.ListFunctions", kind: providers.ErrAccessDenied, call: listFunctions,
			code: "AccessDeniedException", status: http.StatusForbidden,
			says: []string{"is not authorized to perform: lambda:ListFunctions", "arn:aws:sts::123456789012:assumed-role/"}},
		faultCase{name: "Lambda expired", op: "Lambda.ListFunctions", kind: providers.ErrCredentials, call: listFunctions,
			code: "ExpiredTokenException", status: http.StatusForbidden},
		faultCase{name: "Logs throttled", op: "Logs.FilterLogEvents", kind: providers.ErrThrottled, call: func(t testing.TB, e *env) error {
			_, err := e.logs().FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/checkout-api")})
			return err
		}, as: new(*logtypes.ThrottlingException), code: "ThrottlingException", status: http.StatusBadRequest},
		faultCase{name: "Logs denied", op: "Logs.DescribeLogGroups", kind: providers.ErrAccessDenied, call: func(t testing.TB, e *env) error {
			_, err := e.logs().DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{})
			return err
		}, as: new(*logtypes.AccessDeniedException), says: []string{"logs:DescribeLogGroups"}},
		faultCase{name: "STS expired", op: "STS.GetCallerIdentity", kind: providers.ErrCredentials, call: callerIdentity,
			code: "ExpiredToken", status: http.StatusForbidden, says: []string{"expired"}},
		faultCase{name: "STS throttled", op: "STS.GetCallerIdentity", kind: providers.ErrThrottled, call: callerIdentity,
			code: "Throttling", status: http.StatusBadRequest},
	)
}

func listFunctions(t testing.TB, e *env) error {
	_, err := e.lambda().ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
	return err
}

func callerIdentity(t testing.TB, e *env) error {
	_, err := e.sts().GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	return err
}
