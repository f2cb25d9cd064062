package aws

import (
	"context"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/virgahq/virga/providers"
)

// isReadOperation says whether read-only mode lets an operation through,
// by SDK service id and operation name. It is an allowlist on purpose: an
// operation added to the Provider later is refused until someone decides
// it only reads. Lambda Invoke is not here: running a function can change
// anything. Kubernetes requests do not pass through the SDK: their wall is
// readOnlyTransport, on each cluster's HTTP client.
func isReadOperation(serviceID, operation string) bool {
	switch serviceID + "." + operation {
	case "STS.GetCallerIdentity",
		// Credentials, not changes: a profile that assumes a role (with
		// MFA or not), web identity and IAM Identity Center get theirs
		// through these clients, which carry the same wall.
		"STS.AssumeRole", "STS.AssumeRoleWithWebIdentity", "STS.AssumeRoleWithSAML", "STS.GetSessionToken",
		"SSO.GetRoleCredentials", "SSO OIDC.CreateToken",
		"Lambda.ListFunctions", "Lambda.GetFunction", "Lambda.GetFunctionConfiguration",
		"Lambda.GetFunctionConcurrency", "Lambda.GetAccountSettings", "Lambda.ListVersionsByFunction",
		"Lambda.ListAliases", "Lambda.GetAlias", "Lambda.ListProvisionedConcurrencyConfigs",
		"Lambda.GetProvisionedConcurrencyConfig", "Lambda.ListEventSourceMappings",
		"Lambda.GetEventSourceMapping", "Lambda.ListTags",
		"ECS.ListClusters", "ECS.DescribeClusters", "ECS.ListServices", "ECS.DescribeServices",
		"ECS.ListTasks", "ECS.DescribeTasks", "ECS.DescribeTaskDefinition", "ECS.ListTaskDefinitions",
		"ECS.ListTaskDefinitionFamilies", "ECS.ListServiceDeployments", "ECS.DescribeServiceDeployments",
		"ECS.DescribeServiceRevisions",
		"CloudWatch.GetMetricData", "CloudWatch.ListMetrics", "CloudWatch.GetMetricStatistics",
		"CloudWatch.DescribeAlarms",
		"CloudWatch Logs.FilterLogEvents", "CloudWatch Logs.GetLogEvents", "CloudWatch Logs.DescribeLogGroups",
		"CloudWatch Logs.DescribeLogStreams", "CloudWatch Logs.StartLiveTail",
		"EKS.ListClusters", "EKS.DescribeCluster", "EKS.ListFargateProfiles", "EKS.DescribeFargateProfile":
		return true
	}
	return false
}

// addReadOnly installs the read-only wall first in the Initialize step, so
// a refused operation is neither sent, signed, retried nor counted. It is
// on every client and consults the Provider's switch at each call, because
// read-only mode can be decided after the Provider is built: a
// read_only_accounts rule needs the account id, which comes from STS. A
// call whose context carries providers.WithReadOnly is walled whatever the
// switch says (one Provider serving several callers of different roles).
func (p *Provider) addReadOnly(s *middleware.Stack) error {
	return s.Initialize.Add(middleware.InitializeMiddlewareFunc("virga.ReadOnly",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if p.readOnly.Load() || providers.IsReadOnly(ctx) {
				if err := refuseWrite(ctx); err != nil {
					return middleware.InitializeOutput{}, middleware.Metadata{}, err
				}
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}

// SetReadOnly turns the read-only wall on or off for every later call.
func (p *Provider) SetReadOnly(on bool) { p.readOnly.Store(on) }

// refuseWrite refuses any operation that is not a known read.
func refuseWrite(ctx context.Context) error {
	serviceID, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	if isReadOperation(serviceID, op) {
		return nil
	}
	name := shortService(serviceID) + "." + op
	return &providers.Error{
		Kind:    providers.ErrReadOnly,
		Op:      name,
		Action:  iamAction(name),
		Message: "read-only mode: " + op + " refused",
	}
}

// addDisableHostPrefix stops the SDK from prefixing the endpoint host
// (StartLiveTail's "stream-"), which breaks a custom endpoint such as
// 127.0.0.1:PORT. It is installed only on clients with a custom endpoint.
func addDisableHostPrefix(s *middleware.Stack) error {
	return s.Initialize.Add(middleware.InitializeMiddlewareFunc("virga.DisableHostPrefix",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
		}), middleware.After)
}
