package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/virgahq/virga/providers"
)

// UpdateService scales a service and/or starts a new deployment (another
// task definition revision, or the same one forced). When a deployment
// starts, Result is the id of the new primary deployment. One attempt.
//
// CLI: aws ecs update-service --cluster C --service S [--desired-count N]
// [--force-new-deployment] [--task-definition ARN]
func (p *Provider) UpdateService(ctx context.Context, u providers.ServiceUpdate) (providers.Receipt, error) {
	in := &ecs.UpdateServiceInput{
		Cluster:            aws.String(u.Cluster),
		Service:            aws.String(u.Service),
		ForceNewDeployment: u.ForceNewDeployment,
	}
	if u.Desired != nil {
		v, err := int32Field(svcECS+".UpdateService", "desiredCount", *u.Desired)
		if err != nil {
			return providers.Receipt{}, err
		}
		in.DesiredCount = v
	}
	if u.TaskDefinition != "" {
		in.TaskDefinition = aws.String(u.TaskDefinition)
	}
	return mutate(ctx, p, p.ecsSvc, "UpdateService", func(ctx context.Context) (*ecs.UpdateServiceOutput, error) {
		return p.ecs.UpdateService(ctx, in, ecsOnce)
	}, func(out *ecs.UpdateServiceOutput) providers.Receipt {
		result := ""
		if (u.ForceNewDeployment || u.TaskDefinition != "") && out.Service != nil {
			for _, d := range out.Service.Deployments {
				if aws.ToString(d.Status) == "PRIMARY" {
					result = aws.ToString(d.Id)
				}
			}
		}
		r := receipt(out.ResultMetadata, result)
		if out.Service != nil {
			if u.Desired != nil {
				r.Applied = applied(r.Applied, providers.AppliedDesired, &out.Service.DesiredCount)
			}
			if u.TaskDefinition != "" && out.Service.TaskDefinition != nil {
				if r.Applied == nil {
					r.Applied = map[string]string{}
				}
				r.Applied[providers.AppliedTaskDefinition] = *out.Service.TaskDefinition
			}
		}
		return r
	})
}

// StopTask stops a task; ECS records reason as its stoppedReason. Result
// is the task id. One attempt.
//
// CLI: aws ecs stop-task --cluster C --task ID --reason TEXT
func (p *Provider) StopTask(ctx context.Context, cluster, task, reason string) (providers.Receipt, error) {
	in := &ecs.StopTaskInput{Cluster: aws.String(cluster), Task: aws.String(task)}
	if reason != "" {
		in.Reason = aws.String(reason)
	}
	return mutate(ctx, p, p.ecsSvc, "StopTask", func(ctx context.Context) (*ecs.StopTaskOutput, error) {
		return p.ecs.StopTask(ctx, in, ecsOnce)
	}, func(out *ecs.StopTaskOutput) providers.Receipt {
		id := lastSegment(task)
		if out.Task != nil && out.Task.TaskArn != nil {
			id = lastSegment(*out.Task.TaskArn)
		}
		return receipt(out.ResultMetadata, id)
	})
}
