package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awstransport "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/virgahq/virga/providers"
)

// apiError builds the error chain the SDK returns for an AWS error
// response: OperationError -> ResponseError (with the HTTP response and
// request id) -> the API error.
func apiError(status int, apiErr error, header http.Header) error {
	if header == nil {
		header = http.Header{}
	}
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: header}}
	return &smithy.OperationError{ServiceID: "Lambda", OperationName: "Op", Err: &awstransport.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: resp, Err: apiErr},
		RequestID:     "req-123",
	}}
}

func generic(status int, code, msg string) error {
	return apiError(status, &smithy.GenericAPIError{Code: code, Message: msg}, nil)
}

func TestClassify(t *testing.T) {
	plain := errEnv{Region: "us-east-1", Profile: "prod"}
	sso := errEnv{Region: "us-east-1", Profile: "prod", SSO: true}
	optIn := errEnv{Region: "af-south-1", Profile: "prod"}
	retryAfter := http.Header{"Retry-After": []string{"3"}}
	dnsErr := &smithy.OperationError{ServiceID: "Lambda", OperationName: "Op", Err: &smithyhttp.RequestSendError{
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "lambda.af-south-1.amazonaws.com", IsNotFound: true}}}}
	refused := &smithy.OperationError{ServiceID: "ECS", OperationName: "Op", Err: &smithyhttp.RequestSendError{
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}}

	tests := []struct {
		name    string
		op      string
		err     error
		env     errEnv
		kind    providers.ErrorKind
		message string // substring
		retry   time.Duration
	}{
		{"sso token expired", "Lambda.ListFunctions", generic(403, "ExpiredTokenException", "The security token included in the request is expired"), sso,
			providers.ErrCredentials, "credentials expired: run aws sso login --profile prod", 0},
		{"expired token, static profile", "ECS.ListClusters", generic(400, "ExpiredToken", "expired"), plain,
			providers.ErrCredentials, "aws configure --profile prod", 0},
		{"invalid client token", "STS.GetCallerIdentity", generic(403, "InvalidClientTokenId", "The security token included in the request is invalid"), plain,
			providers.ErrCredentials, "credentials expired", 0},
		{"unrecognized client", "Lambda.ListFunctions", generic(403, "UnrecognizedClientException", "The security token included in the request is invalid."), plain,
			providers.ErrCredentials, "credentials", 0},
		{"sso session expired before sending", "Lambda.ListFunctions",
			&smithy.OperationError{Err: &v4.SigningError{Err: fmt.Errorf("failed to retrieve credentials: %w", &ssocreds.InvalidTokenError{})}}, sso,
			providers.ErrCredentials, "run aws sso login --profile prod", 0},
		{"no credentials at all", "Lambda.ListFunctions",
			&smithy.OperationError{Err: &v4.SigningError{Err: errors.New("failed to retrieve credentials: no EC2 IMDS role found")}}, errEnv{Region: "us-east-1"},
			providers.ErrCredentials, "run aws configure", 0},
		{"region disabled, sts", "STS.GetCallerIdentity", generic(403, "InvalidClientTokenId", "The security token included in the request is invalid"), optIn,
			providers.ErrRegionDisabled, "region af-south-1 is not enabled for this account", 0},
		{"region disabled, lambda", "Lambda.ListFunctions", generic(403, "UnrecognizedClientException", "The security token included in the request is invalid."), optIn,
			providers.ErrRegionDisabled, "not enabled", 0},
		{"region disabled, dns", "Lambda.ListFunctions", dnsErr, optIn, providers.ErrRegionDisabled, "not enabled", 0},
		{"dns failure, normal region", "Lambda.ListFunctions", dnsErr, plain, providers.ErrNetwork, "network error", 0},
		{"connection refused", "ECS.ListClusters", refused, plain, providers.ErrNetwork, "connection refused", 0},
		{"access denied", "Lambda.ListProvisionedConcurrencyConfigs", generic(403, "AccessDeniedException", "User: x is not authorized"), plain,
			providers.ErrAccessDenied, "not permitted: lambda:ListProvisionedConcurrencyConfigs", 0},
		{"access denied, query style", "CloudWatch.GetMetricData", generic(403, "AccessDenied", "no"), plain,
			providers.ErrAccessDenied, "not permitted: cloudwatch:GetMetricData", 0},
		{"unauthorized operation", "ECS.ListClusters", generic(403, "UnauthorizedOperation", "no"), plain,
			providers.ErrAccessDenied, "not permitted: ecs:ListClusters", 0},
		{"bare 403", "Logs.FilterLogEvents", generic(403, "SomethingNew", "forbidden"), plain,
			providers.ErrAccessDenied, "not permitted: logs:FilterLogEvents", 0},
		{"invoke action name", "Lambda.Invoke", generic(403, "AccessDeniedException", "no"), plain,
			providers.ErrAccessDenied, "lambda:InvokeFunction", 0},
		{"lambda throttle with retry-after", "Lambda.ListFunctions", apiError(429, &lambdatypes.TooManyRequestsException{
			Message: str("Rate exceeded"), Reason: lambdatypes.ThrottleReasonCallerRateLimitExceeded, RetryAfterSeconds: str("2")}, nil), plain,
			providers.ErrThrottled, "CallerRateLimitExceeded", 2 * time.Second},
		{"throttle header only", "Lambda.ListFunctions", apiError(429, &smithy.GenericAPIError{Code: "TooManyRequestsException"}, retryAfter), plain,
			providers.ErrThrottled, "throttled", 3 * time.Second},
		{"ecs throttle", "ECS.DescribeServices", generic(400, "ThrottlingException", "Rate exceeded"), plain, providers.ErrThrottled, "Rate exceeded", 0},
		{"cloudwatch throttle", "CloudWatch.GetMetricData", generic(400, "Throttling", "Rate exceeded"), plain, providers.ErrThrottled, "throttled", 0},
		{"ec2 style throttle", "ECS.ListTasks", generic(503, "RequestLimitExceeded", "slow down"), plain, providers.ErrThrottled, "throttled", 0},
		{"bare 429", "Logs.FilterLogEvents", generic(429, "", ""), plain, providers.ErrThrottled, "throttled", 0},
		{"throttle after retries", "Lambda.ListFunctions", &smithy.OperationError{Err: &retry.MaxAttemptsError{Attempt: 3, Err: generic(429, "TooManyRequestsException", "Rate exceeded")}}, plain,
			providers.ErrThrottled, "throttled", 0},
		{"not found", "Lambda.GetFunction", generic(404, "ResourceNotFoundException", "Function not found: arn:x"), plain, providers.ErrNotFound, "Function not found", 0},
		{"cluster not found", "ECS.ListServices", generic(400, "ClusterNotFoundException", "Cluster not found."), plain, providers.ErrNotFound, "Cluster not found", 0},
		{"service not found", "ECS.UpdateService", generic(400, "ServiceNotFoundException", "Service not found."), plain, providers.ErrNotFound, "Service not found", 0},
		{"conflict", "Lambda.PublishVersion", generic(409, "ResourceConflictException", "An update is in progress"), plain, providers.ErrConflict, "update is in progress", 0},
		{"precondition", "Lambda.UpdateAlias", generic(412, "PreconditionFailedException", "stale revision"), plain, providers.ErrConflict, "stale revision", 0},
		{"invalid value", "Lambda.PutFunctionConcurrency", generic(400, "InvalidParameterValueException", "below minimum"), plain, providers.ErrInvalid, "below minimum", 0},
		{"invalid parameter", "Logs.FilterLogEvents", generic(400, "InvalidParameterException", "bad token"), plain, providers.ErrInvalid, "bad token", 0},
		{"validation", "CloudWatch.GetMetricData", generic(400, "ValidationException", "bad period"), plain, providers.ErrInvalid, "bad period", 0},
		{"server error", "ECS.ListClusters", generic(500, "ServerException", "boom"), plain, providers.ErrOther, "ServerException: boom", 0},
		{"timeout", "ECS.ListClusters", &smithy.OperationError{Err: fmt.Errorf("send: %w", context.DeadlineExceeded)}, plain, providers.ErrNetwork, "timed out", 0},
		{"held back by the adaptive rate limit", "ECS.ListClusters", &smithy.OperationError{Err: fmt.Errorf(
			"failed to get retry Send token, %w", fmt.Errorf("failed to wait for token to be available, %w", context.DeadlineExceeded))}, plain,
			providers.ErrThrottled, "client-side rate limit", 0},
		{"canceled", "ECS.ListClusters", &smithy.OperationError{Err: fmt.Errorf("send: %w", context.Canceled)}, plain, providers.ErrOther, "canceled", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := classify(tc.op, tc.err, tc.env)
			var pe *providers.Error
			if !errors.As(err, &pe) {
				t.Fatalf("classify returned %T, want *providers.Error", err)
			}
			if pe.Kind != tc.kind {
				t.Errorf("Kind = %v, want %v (message %q)", pe.Kind, tc.kind, pe.Message)
			}
			if !strings.Contains(pe.Message, tc.message) {
				t.Errorf("Message = %q, want it to contain %q", pe.Message, tc.message)
			}
			if pe.Op != tc.op {
				t.Errorf("Op = %q, want %q", pe.Op, tc.op)
			}
			if pe.RetryAfter != tc.retry {
				t.Errorf("RetryAfter = %v, want %v", pe.RetryAfter, tc.retry)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("the SDK error is not kept in the chain")
			}
		})
	}
}

func TestClassifyKeepsRequestID(t *testing.T) {
	err := classify("Lambda.GetFunction", generic(404, "ResourceNotFoundException", "nope"), errEnv{})
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.RequestID != "req-123" {
		t.Fatalf("RequestID not kept: %#v", err)
	}
	if pe.Action != "lambda:GetFunction" {
		t.Errorf("Action = %q", pe.Action)
	}
}

func TestClassifyPassesProviderErrors(t *testing.T) {
	ro := &providers.Error{Kind: providers.ErrReadOnly, Message: "read-only mode: PutFunctionConcurrency refused"}
	err := classify("Lambda.PutFunctionConcurrency", &smithy.OperationError{Err: ro}, errEnv{})
	if providers.KindOf(err) != providers.ErrReadOnly || providers.Short(err) != ro.Message {
		t.Fatalf("got %v", err)
	}
}

func TestIAMAction(t *testing.T) {
	checkEach(t, "iamAction", iamAction, map[string]string{
		"Lambda.ListFunctions":     "lambda:ListFunctions",
		"Lambda.Invoke":            "lambda:InvokeFunction",
		"ECS.UpdateService":        "ecs:UpdateService",
		"CloudWatch.GetMetricData": "cloudwatch:GetMetricData",
		"Logs.StartLiveTail":       "logs:StartLiveTail",
		"STS.GetCallerIdentity":    "sts:GetCallerIdentity",
	})
}

// checkEach fails for every input in cases whose f(input) is not the
// wanted value; name is f's name in the message.
func checkEach[K, V comparable](t *testing.T, name string, f func(K) V, cases map[K]V) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%#v) = %#v, want %#v", name, in, got, want)
		}
	}
}

func TestTruncateKeepsRunes(t *testing.T) {
	s := strings.Repeat("é", 200)
	got := truncate(s, 301)
	if !strings.HasSuffix(got, "…") || len(got) > 301+len("…") {
		t.Fatalf("truncate = %q", got)
	}
	for _, r := range strings.TrimSuffix(got, "…") {
		if r == '\uFFFD' {
			t.Fatal("cut inside a rune")
		}
	}
}

func str(s string) *string { return &s }
