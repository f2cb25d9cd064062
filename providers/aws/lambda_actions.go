package aws

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/virgahq/virga/providers"
)

// Everything in this file is triggered by the user: each call makes one
// attempt (lambdaOnce), so a throttle or a conflict is reported at once and
// never repeated behind the user's back.

// mutate sends a change (op, on svc) through call and builds its
// Receipt from the answer with answer.
func mutate[O any](ctx context.Context, p *Provider, svc *service, op string,
	call func(context.Context) (*O, error), answer func(*O) providers.Receipt) (providers.Receipt, error) {
	return do(ctx, p, svc, op, func(ctx context.Context) (providers.Receipt, error) {
		out, err := call(ctx)
		if err != nil {
			return providers.Receipt{}, err
		}
		return answer(out), nil
	})
}

// receipt builds the Receipt of a successful call from its metadata.
func receipt(md middleware.Metadata, result string) providers.Receipt {
	rid, _ := awsmiddleware.GetRequestIDMetadata(md)
	return providers.Receipt{RequestID: rid, Result: result}
}

// Invoke runs a function once. A synchronous call with Tail asks for the
// last 4 KB of the invocation's log, decoded here. A function error is not
// a Go error: it comes back in FunctionError with the error document as
// Payload. Without a deadline in ctx the call may take up to Lambda's
// maximum function timeout.
//
// CLI: aws lambda invoke --function-name NAME [--qualifier Q]
// --invocation-type RequestResponse --log-type Tail --payload FILE out.json
func (p *Provider) Invoke(ctx context.Context, req providers.InvokeRequest) (providers.InvokeResult, error) {
	typ := req.Type
	if typ == "" {
		typ = providers.InvokeSync
	}
	in := &lambda.InvokeInput{
		FunctionName:   aws.String(req.Function),
		InvocationType: types.InvocationType(typ),
		Payload:        req.Payload,
	}
	if req.Qualifier != "" {
		in.Qualifier = aws.String(req.Qualifier)
	}
	if req.Tail && typ == providers.InvokeSync {
		in.LogType = types.LogTypeTail
	}
	out, err := doTimeout(ctx, p, p.lambdaSvc, "Invoke", invokeTimeout, func(ctx context.Context) (*lambda.InvokeOutput, error) {
		return p.lambda.Invoke(ctx, in, lambdaOnce)
	})
	if err != nil {
		return providers.InvokeResult{}, err
	}
	res := providers.InvokeResult{
		StatusCode:      int(out.StatusCode),
		FunctionError:   aws.ToString(out.FunctionError),
		ExecutedVersion: aws.ToString(out.ExecutedVersion),
		Payload:         out.Payload,
	}
	res.RequestID, _ = awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if lr := aws.ToString(out.LogResult); lr != "" {
		if b, err := base64.StdEncoding.DecodeString(lr); err == nil {
			res.LogTail = string(b)
		} else {
			res.LogTail = lr
		}
	}
	return res, nil
}

// PutReservedConcurrency reserves n concurrent executions; 0 throttles
// every invocation.
//
// CLI: aws lambda put-function-concurrency --function-name NAME
// --reserved-concurrent-executions N
func (p *Provider) PutReservedConcurrency(ctx context.Context, function string, n int) (providers.Receipt, error) {
	const op = "PutFunctionConcurrency"
	v, err := int32Field(svcLambda+"."+op, "ReservedConcurrentExecutions", n)
	if err != nil {
		return providers.Receipt{}, err
	}
	return mutate(ctx, p, p.lambdaSvc, op, func(ctx context.Context) (*lambda.PutFunctionConcurrencyOutput, error) {
		return p.lambda.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String(function), ReservedConcurrentExecutions: v,
		}, lambdaOnce)
	}, func(out *lambda.PutFunctionConcurrencyOutput) providers.Receipt {
		got := n
		if out.ReservedConcurrentExecutions != nil {
			got = int(*out.ReservedConcurrentExecutions)
		}
		r := receipt(out.ResultMetadata, "reserved concurrency "+strconv.Itoa(got))
		r.Applied = applied(r.Applied, providers.AppliedReserved, out.ReservedConcurrentExecutions)
		return r
	})
}

// DeleteReservedConcurrency returns the function to the unreserved pool.
//
// CLI: aws lambda delete-function-concurrency --function-name NAME
func (p *Provider) DeleteReservedConcurrency(ctx context.Context, function string) (providers.Receipt, error) {
	return mutate(ctx, p, p.lambdaSvc, "DeleteFunctionConcurrency", func(ctx context.Context) (*lambda.DeleteFunctionConcurrencyOutput, error) {
		return p.lambda.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String(function)}, lambdaOnce)
	}, func(out *lambda.DeleteFunctionConcurrencyOutput) providers.Receipt {
		return receipt(out.ResultMetadata, "unreserved")
	})
}

// PutProvisionedConcurrency starts allocating n environments on an alias or
// version; the allocation is asynchronous (Status IN_PROGRESS).
//
// CLI: aws lambda put-provisioned-concurrency-config --function-name NAME
// --qualifier Q --provisioned-concurrent-executions N
func (p *Provider) PutProvisionedConcurrency(ctx context.Context, function, qualifier string, n int) (providers.Receipt, error) {
	const op = "PutProvisionedConcurrencyConfig"
	v, err := int32Field(svcLambda+"."+op, "ProvisionedConcurrentExecutions", n)
	if err != nil {
		return providers.Receipt{}, err
	}
	return mutate(ctx, p, p.lambdaSvc, op, func(ctx context.Context) (*lambda.PutProvisionedConcurrencyConfigOutput, error) {
		return p.lambda.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
			ProvisionedConcurrentExecutions: v,
		}, lambdaOnce)
	}, func(out *lambda.PutProvisionedConcurrencyConfigOutput) providers.Receipt {
		result := fmt.Sprintf("provisioned concurrency %d on %s", n, qualifier)
		if out.Status != "" {
			result += " (" + string(out.Status) + ")"
		}
		r := receipt(out.ResultMetadata, result)
		r.Applied = applied(r.Applied, providers.AppliedProvisioned, out.RequestedProvisionedConcurrentExecutions)
		return r
	})
}

// DeleteProvisionedConcurrency removes the configuration on a qualifier.
//
// CLI: aws lambda delete-provisioned-concurrency-config --function-name NAME
// --qualifier Q
func (p *Provider) DeleteProvisionedConcurrency(ctx context.Context, function, qualifier string) (providers.Receipt, error) {
	return mutate(ctx, p, p.lambdaSvc, "DeleteProvisionedConcurrencyConfig", func(ctx context.Context) (*lambda.DeleteProvisionedConcurrencyConfigOutput, error) {
		return p.lambda.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(function), Qualifier: aws.String(qualifier),
		}, lambdaOnce)
	}, func(out *lambda.DeleteProvisionedConcurrencyConfigOutput) providers.Receipt {
		return receipt(out.ResultMetadata, "")
	})
}

// UpdateFunctionConfiguration changes memory and/or timeout.
//
// CLI: aws lambda update-function-configuration --function-name NAME
// [--memory-size MB] [--timeout SECONDS]
func (p *Provider) UpdateFunctionConfiguration(ctx context.Context, function string, u providers.FunctionConfigUpdate) (providers.Receipt, error) {
	const op = "UpdateFunctionConfiguration"
	in := &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(function)}
	var err error
	if u.MemoryMB != nil {
		if in.MemorySize, err = int32Field(svcLambda+"."+op, "MemorySize", *u.MemoryMB); err != nil {
			return providers.Receipt{}, err
		}
	}
	if u.TimeoutSec != nil {
		if in.Timeout, err = int32Field(svcLambda+"."+op, "Timeout", *u.TimeoutSec); err != nil {
			return providers.Receipt{}, err
		}
	}
	return mutate(ctx, p, p.lambdaSvc, op, func(ctx context.Context) (*lambda.UpdateFunctionConfigurationOutput, error) {
		return p.lambda.UpdateFunctionConfiguration(ctx, in, lambdaOnce)
	}, func(out *lambda.UpdateFunctionConfigurationOutput) providers.Receipt {
		r := receipt(out.ResultMetadata, string(out.LastUpdateStatus))
		r.Applied = applied(r.Applied, providers.AppliedMemoryMB, out.MemorySize)
		r.Applied = applied(r.Applied, providers.AppliedTimeoutSec, out.Timeout)
		return r
	})
}

// PublishVersion publishes $LATEST as a new version; Result is its number
// (Lambda returns the latest version instead when nothing changed).
//
// CLI: aws lambda publish-version --function-name NAME --description TEXT
func (p *Provider) PublishVersion(ctx context.Context, function, description string) (providers.Receipt, error) {
	in := &lambda.PublishVersionInput{FunctionName: aws.String(function)}
	if description != "" {
		in.Description = aws.String(description)
	}
	return mutate(ctx, p, p.lambdaSvc, "PublishVersion", func(ctx context.Context) (*lambda.PublishVersionOutput, error) {
		return p.lambda.PublishVersion(ctx, in, lambdaOnce)
	}, func(out *lambda.PublishVersionOutput) providers.Receipt {
		return receipt(out.ResultMetadata, aws.ToString(out.Version))
	})
}

// UpdateAlias points an alias at a version. Weights (version -> share in
// 0..1) set a weighted canary; nil sends an empty routing configuration,
// which removes any canary.
//
// CLI: aws lambda update-alias --function-name NAME --name ALIAS
// --function-version V --routing-config AdditionalVersionWeights={V2=0.1}
func (p *Provider) UpdateAlias(ctx context.Context, function, alias, version string, weights map[string]float64) (providers.Receipt, error) {
	w := map[string]float64{}
	maps.Copy(w, weights)
	in := &lambda.UpdateAliasInput{
		FunctionName:    aws.String(function),
		Name:            aws.String(alias),
		FunctionVersion: aws.String(version),
		RoutingConfig:   &types.AliasRoutingConfiguration{AdditionalVersionWeights: w},
	}
	return mutate(ctx, p, p.lambdaSvc, "UpdateAlias", func(ctx context.Context) (*lambda.UpdateAliasOutput, error) {
		return p.lambda.UpdateAlias(ctx, in, lambdaOnce)
	}, func(out *lambda.UpdateAliasOutput) providers.Receipt {
		r := receipt(out.ResultMetadata, alias+" -> "+aws.ToString(out.FunctionVersion))
		if out.FunctionVersion != nil {
			r.Applied = map[string]string{providers.AppliedVersion: *out.FunctionVersion}
		}
		return r
	})
}

// UpdateFunctionCode deploys new code to $LATEST: an image, or an S3
// object. Result is the new code's SHA-256.
//
// CLI: aws lambda update-function-code --function-name NAME
// (--image-uri URI | --s3-bucket B --s3-key K)
func (p *Provider) UpdateFunctionCode(ctx context.Context, function string, code providers.CodeSource) (providers.Receipt, error) {
	in := &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(function)}
	if code.ImageURI != "" {
		in.ImageUri = aws.String(code.ImageURI)
	}
	if code.S3Bucket != "" {
		in.S3Bucket = aws.String(code.S3Bucket)
	}
	if code.S3Key != "" {
		in.S3Key = aws.String(code.S3Key)
	}
	return mutate(ctx, p, p.lambdaSvc, "UpdateFunctionCode", func(ctx context.Context) (*lambda.UpdateFunctionCodeOutput, error) {
		return p.lambda.UpdateFunctionCode(ctx, in, lambdaOnce)
	}, func(out *lambda.UpdateFunctionCodeOutput) providers.Receipt {
		return receipt(out.ResultMetadata, aws.ToString(out.CodeSha256))
	})
}

// SetEventSourceEnabled enables or disables an event source mapping;
// Result is the state Lambda reports (Enabling, Disabling).
//
// CLI: aws lambda update-event-source-mapping --uuid UUID (--enabled | --no-enabled)
func (p *Provider) SetEventSourceEnabled(ctx context.Context, uuid string, enabled bool) (providers.Receipt, error) {
	return mutate(ctx, p, p.lambdaSvc, "UpdateEventSourceMapping", func(ctx context.Context) (*lambda.UpdateEventSourceMappingOutput, error) {
		return p.lambda.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{
			UUID: aws.String(uuid), Enabled: aws.Bool(enabled),
		}, lambdaOnce)
	}, func(out *lambda.UpdateEventSourceMappingOutput) providers.Receipt {
		return receipt(out.ResultMetadata, aws.ToString(out.State))
	})
}
