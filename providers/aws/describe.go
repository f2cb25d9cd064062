package aws

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/virgahq/virga/providers"
)

var (
	_ providers.ServiceReader = (*Provider)(nil)
	_ providers.TaskReader    = (*Provider)(nil)
	_ providers.Describer     = (*Provider)(nil)
)

// GetService reads one service.
//
// CLI: aws ecs describe-services --cluster C --services NAME
func (p *Provider) GetService(ctx context.Context, cluster, name string) (providers.Service, error) {
	out, err := p.describeServices(ctx, cluster, name, nil)
	if err != nil {
		return providers.Service{}, err
	}
	return serviceOf(&out.Services[0], lastSegment(cluster)), nil
}

// GetTask reads one task.
//
// CLI: aws ecs describe-tasks --cluster C --tasks ID
func (p *Provider) GetTask(ctx context.Context, cluster, id string) (providers.Task, error) {
	out, err := p.describeTasks(ctx, cluster, id, nil)
	if err != nil {
		return providers.Task{}, err
	}
	return taskOf(&out.Tasks[0], lastSegment(cluster)), nil
}

func (p *Provider) describeServices(ctx context.Context, cluster, name string, raw *rawBody) (*ecs.DescribeServicesOutput, error) {
	return describeOne(ctx, p, "DescribeServices", "service "+name+" in cluster "+cluster,
		func(ctx context.Context) (*ecs.DescribeServicesOutput, error) {
			return p.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{name}}, raw.ecs)
		},
		func(o *ecs.DescribeServicesOutput) (bool, []types.Failure) { return len(o.Services) > 0, o.Failures })
}

func (p *Provider) describeTasks(ctx context.Context, cluster, id string, raw *rawBody) (*ecs.DescribeTasksOutput, error) {
	return describeOne(ctx, p, "DescribeTasks", "task "+id+" in cluster "+cluster,
		func(ctx context.Context) (*ecs.DescribeTasksOutput, error) {
			return p.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: []string{id}}, raw.ecs)
		},
		func(o *ecs.DescribeTasksOutput) (bool, []types.Failure) { return len(o.Tasks) > 0, o.Failures })
}

// describeOne describes one ECS resource (what names it): the answer, or
// the error of the failures that say why it is missing.
func describeOne[O any](ctx context.Context, p *Provider, op, what string,
	call func(context.Context) (*O, error), found func(*O) (bool, []types.Failure)) (*O, error) {
	out, err := do(ctx, p, p.ecsSvc, op, call)
	if err != nil {
		return nil, err
	}
	if ok, failures := found(out); !ok {
		return nil, missing("ECS."+op, what, failures)
	}
	return out, nil
}

// missing is the error of a describe call that answered with failures
// (reason MISSING) instead of the resource.
func missing(op, what string, failures []types.Failure) error {
	reason := "MISSING"
	if len(failures) > 0 && aws.ToString(failures[0].Reason) != "" {
		reason = aws.ToString(failures[0].Reason)
	}
	return &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: "not found: " + what + " (" + reason + ")"}
}

// Describe returns the API's own JSON response for one resource.
//
// CLI: aws lambda get-function, aws ecs describe-clusters, describe-services,
// describe-tasks or describe-task-definition for the same resource.
func (p *Provider) Describe(ctx context.Context, req providers.DescribeRequest) ([]byte, error) {
	raw := &rawBody{}
	var err error
	switch req.Kind {
	case providers.DescribeFunction:
		_, err = do(ctx, p, p.lambdaSvc, "GetFunction", func(ctx context.Context) (*lambda.GetFunctionOutput, error) {
			return p.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(req.Name)}, raw.lambda)
		})
	case providers.DescribeCluster:
		var out *ecs.DescribeClustersOutput
		out, err = do(ctx, p, p.ecsSvc, "DescribeClusters", func(ctx context.Context) (*ecs.DescribeClustersOutput, error) {
			return p.ecs.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{req.Name},
				Include: []types.ClusterField{types.ClusterFieldSettings, types.ClusterFieldStatistics}}, raw.ecs)
		})
		if err == nil && len(out.Clusters) == 0 {
			err = missing("ECS.DescribeClusters", "cluster "+req.Name, out.Failures)
		}
	case providers.DescribeService:
		_, err = p.describeServices(ctx, req.Cluster, req.Name, raw)
	case providers.DescribeTask:
		_, err = p.describeTasks(ctx, req.Cluster, req.Name, raw)
	case providers.DescribeTaskDefinition:
		_, err = do(ctx, p, p.ecsSvc, "DescribeTaskDefinition", func(ctx context.Context) (*ecs.DescribeTaskDefinitionOutput, error) {
			return p.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(req.Name),
				Include: []types.TaskDefinitionField{types.TaskDefinitionFieldTags}}, raw.ecs)
		})
	default:
		return nil, &providers.Error{Kind: providers.ErrInvalid, Op: "Describe", Message: fmt.Sprintf("cannot describe a %q", req.Kind)}
	}
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw.body)) == 0 {
		return nil, &providers.Error{Kind: providers.ErrOther, Op: "Describe", Message: "the response had no body"}
	}
	return raw.body, nil
}

// maxRawBody bounds a kept response body; describe responses are a few
// kilobytes.
const maxRawBody = 8 << 20

// rawBody keeps the body of the response an operation received, before
// the SDK decodes it. A nil *rawBody keeps nothing.
type rawBody struct{ body []byte }

func (r *rawBody) lambda(o *lambda.Options) {
	if r != nil {
		o.APIOptions = append(o.APIOptions, r.add)
	}
}

func (r *rawBody) ecs(o *ecs.Options) {
	if r != nil {
		o.APIOptions = append(o.APIOptions, r.add)
	}
}

// add installs the middleware last in the Deserialize step, next to the
// transport, so it sees the bytes as they arrived.
func (r *rawBody) add(s *middleware.Stack) error {
	return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("virga.RawBody",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if err != nil || !ok || resp.Body == nil || resp.StatusCode >= 300 {
				return out, md, err
			}
			b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxRawBody+1))
			_ = resp.Body.Close()
			if rerr != nil {
				return out, md, rerr
			}
			if len(b) > maxRawBody {
				return out, md, fmt.Errorf("response larger than %d MiB", maxRawBody>>20)
			}
			r.body = b
			resp.Body = io.NopCloser(bytes.NewReader(b))
			return out, md, nil
		}), middleware.After)
}
