package aws

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"golang.org/x/sync/errgroup"

	"github.com/virgahq/virga/providers"
)

// ECS batch sizes are the API's maxima; maxECSPages bounds a listing at
// 100 pages (10,000 clusters, services or tasks), far past ECS quotas.
const (
	ecsListPage          = 100
	describeClustersMax  = 100
	describeServicesMax  = 10
	describeTasksMax     = 100
	describeParallel     = 4
	maxECSPages          = 100
	maxTaskDefPages      = 10
	clusterInsightsField = "containerInsights"
)

// listARNs pages through an ECS list operation and returns every ARN.
func listARNs[O any](ctx context.Context, p *Provider, op string, hasMore func() bool,
	next func(context.Context) (O, error), arns func(O) []string) ([]string, error) {
	var out []string
	_, err := collect(ctx, p, p.ecsSvc, op, maxECSPages, hasMore, next, func(o O) { out = append(out, arns(o)...) })
	return out, err
}

// describeBatches describes arns in batches of size, at most
// describeParallel batches in flight, and returns the results in the order
// of arns.
func describeBatches[T any](ctx context.Context, arns []string, size int, describe func(context.Context, []string) ([]T, error)) ([]T, error) {
	batches := slices.Collect(slices.Chunk(arns, size))
	results := make([][]T, len(batches))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(describeParallel)
	for i, b := range batches {
		g.Go(func() error {
			r, err := describe(gctx, b)
			results[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(results...), nil
}

// ecsDescribe describes resources (ARNs or names) in batches of size,
// one Describe call (op) a batch, and maps each with conv. A resource the
// answer leaves out (a failure, reason MISSING) was deleted since the
// list.
func ecsDescribe[O, T, U any](ctx context.Context, p *Provider, op string, arns []string, size int,
	call func(ctx context.Context, batch []string) (*O, error), items func(*O) []T, conv func(*T) U) ([]U, error) {
	raw, err := describeBatches(ctx, arns, size, func(ctx context.Context, batch []string) ([]T, error) {
		out, err := do(ctx, p, p.ecsSvc, op, func(ctx context.Context) (*O, error) { return call(ctx, batch) })
		if err != nil {
			return nil, err
		}
		return items(out), nil
	})
	if err != nil {
		return nil, err
	}
	res := make([]U, 0, len(raw))
	for i := range raw {
		res = append(res, conv(&raw[i]))
	}
	return res, nil
}

// ListClusters lists every cluster with its counts, Container Insights
// setting and capacity providers.
//
// CLI: aws ecs list-clusters, then
// aws ecs describe-clusters --clusters ARN... --include SETTINGS STATISTICS
func (p *Provider) ListClusters(ctx context.Context) ([]providers.Cluster, error) {
	pg := ecs.NewListClustersPaginator(p.ecs, &ecs.ListClustersInput{MaxResults: aws.Int32(ecsListPage)})
	arns, err := listARNs(ctx, p, "ListClusters", pg.HasMorePages,
		func(ctx context.Context) (*ecs.ListClustersOutput, error) { return pg.NextPage(ctx) },
		func(o *ecs.ListClustersOutput) []string { return o.ClusterArns })
	if err != nil {
		return nil, err
	}
	return ecsDescribe(ctx, p, "DescribeClusters", arns, describeClustersMax,
		func(ctx context.Context, batch []string) (*ecs.DescribeClustersOutput, error) {
			return p.ecs.DescribeClusters(ctx, &ecs.DescribeClustersInput{
				Clusters: batch,
				Include:  []types.ClusterField{types.ClusterFieldSettings, types.ClusterFieldStatistics},
			})
		},
		func(o *ecs.DescribeClustersOutput) []types.Cluster { return o.Clusters }, clusterOf)
}

// clusterOf maps an ECS cluster.
func clusterOf(c *types.Cluster) providers.Cluster {
	pc := providers.Cluster{
		Name: aws.ToString(c.ClusterName), ARN: aws.ToString(c.ClusterArn), Status: aws.ToString(c.Status),
		ActiveServices: int(c.ActiveServicesCount), RunningTasks: int(c.RunningTasksCount),
		PendingTasks: int(c.PendingTasksCount), ContainerInsights: "disabled",
		CapacityProviders: slices.Clone(c.CapacityProviders),
	}
	for _, s := range c.Settings {
		if string(s.Name) == clusterInsightsField && aws.ToString(s.Value) != "" {
			pc.ContainerInsights = aws.ToString(s.Value)
		}
	}
	return pc
}

// lastSegment is what follows the last '/' of an ARN: a cluster or task
// id, or the whole string when it has none.
func lastSegment(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// ListServices lists and describes every service of a cluster.
//
// CLI: aws ecs list-services --cluster C --max-results 100, then
// aws ecs describe-services --cluster C --services ARN... (10 at a time)
func (p *Provider) ListServices(ctx context.Context, cluster string) ([]providers.Service, error) {
	pg := ecs.NewListServicesPaginator(p.ecs, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(ecsListPage)})
	arns, err := listARNs(ctx, p, "ListServices", pg.HasMorePages,
		func(ctx context.Context) (*ecs.ListServicesOutput, error) { return pg.NextPage(ctx) },
		func(o *ecs.ListServicesOutput) []string { return o.ServiceArns })
	if err != nil {
		return nil, err
	}
	return ecsDescribe(ctx, p, "DescribeServices", arns, describeServicesMax,
		func(ctx context.Context, batch []string) (*ecs.DescribeServicesOutput, error) {
			return p.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batch})
		},
		func(o *ecs.DescribeServicesOutput) []types.Service { return o.Services },
		func(s *types.Service) providers.Service { return serviceOf(s, lastSegment(cluster)) })
}

// serviceOf maps an ECS service; cluster names it when the service lacks
// a cluster ARN.
func serviceOf(s *types.Service, cluster string) providers.Service {
	if arn := aws.ToString(s.ClusterArn); arn != "" {
		cluster = lastSegment(arn)
	}
	ps := providers.Service{
		Cluster: cluster, Name: aws.ToString(s.ServiceName), ARN: aws.ToString(s.ServiceArn),
		Status: aws.ToString(s.Status), Desired: int(s.DesiredCount), Running: int(s.RunningCount),
		Pending: int(s.PendingCount), LaunchType: string(s.LaunchType),
		TaskDefinition: aws.ToString(s.TaskDefinition), CreatedAt: timeOf(s.CreatedAt),
	}
	if dc := s.DeploymentConfiguration; dc != nil && dc.DeploymentCircuitBreaker != nil {
		ps.CircuitBreaker = dc.DeploymentCircuitBreaker.Enable
		ps.Rollback = dc.DeploymentCircuitBreaker.Rollback
	}
	for _, d := range s.Deployments {
		pd := providers.Deployment{
			ID: aws.ToString(d.Id), Status: aws.ToString(d.Status), TaskDefinition: aws.ToString(d.TaskDefinition),
			Desired: int(d.DesiredCount), Running: int(d.RunningCount), Pending: int(d.PendingCount),
			Failed: int(d.FailedTasks), RolloutState: string(d.RolloutState),
			RolloutReason: aws.ToString(d.RolloutStateReason), CreatedAt: timeOf(d.CreatedAt), UpdatedAt: timeOf(d.UpdatedAt),
		}
		if pd.Status == "PRIMARY" {
			ps.TaskDefinition = pd.TaskDefinition
			ps.RolloutState, ps.RolloutReason = pd.RolloutState, pd.RolloutReason
		}
		ps.Deployments = append(ps.Deployments, pd)
	}
	ps.TaskDefFamily, ps.TaskDefRevision = taskDefParts(ps.TaskDefinition)
	for _, e := range s.Events {
		ps.Events = append(ps.Events, providers.ServiceEvent{ID: aws.ToString(e.Id), CreatedAt: timeOf(e.CreatedAt), Message: aws.ToString(e.Message)})
	}
	return ps
}

// taskDefParts splits ".../task-definition/FAMILY:REV" (or "FAMILY:REV").
func taskDefParts(ref string) (string, int) {
	ref = lastSegment(ref)
	fam, rev, ok := strings.Cut(ref, ":")
	if !ok {
		return fam, 0
	}
	n, _ := strconv.Atoi(rev)
	return fam, n
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// ListTasks lists the running and recently stopped tasks of a cluster, of
// one service when service is not empty, newest first.
//
// CLI: aws ecs list-tasks --cluster C [--service-name S] --desired-status RUNNING
// (and STOPPED), then aws ecs describe-tasks --cluster C --tasks ARN... (100 at a time)
func (p *Provider) ListTasks(ctx context.Context, cluster, service string) ([]providers.Task, error) {
	var arns []string
	for _, status := range []types.DesiredStatus{types.DesiredStatusRunning, types.DesiredStatusStopped} {
		in := &ecs.ListTasksInput{Cluster: aws.String(cluster), DesiredStatus: status, MaxResults: aws.Int32(ecsListPage)}
		if service != "" {
			in.ServiceName = aws.String(service)
		}
		pg := ecs.NewListTasksPaginator(p.ecs, in)
		got, err := listARNs(ctx, p, "ListTasks", pg.HasMorePages,
			func(ctx context.Context) (*ecs.ListTasksOutput, error) { return pg.NextPage(ctx) },
			func(o *ecs.ListTasksOutput) []string { return o.TaskArns })
		if err != nil {
			return nil, err
		}
		arns = append(arns, got...)
	}
	// A task that stopped between the two lists appears in both.
	slices.Sort(arns)
	arns = slices.Compact(arns)
	res, err := ecsDescribe(ctx, p, "DescribeTasks", arns, describeTasksMax,
		func(ctx context.Context, batch []string) (*ecs.DescribeTasksOutput, error) {
			return p.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: batch})
		},
		func(o *ecs.DescribeTasksOutput) []types.Task { return o.Tasks },
		func(t *types.Task) providers.Task { return taskOf(t, lastSegment(cluster)) })
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(res, func(x, y providers.Task) int {
		if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return res, nil
}

// taskOf maps an ECS task. The service is read from the task's group,
// "service:<name>", which ECS sets for tasks a service starts.
func taskOf(t *types.Task, cluster string) providers.Task {
	if arn := aws.ToString(t.ClusterArn); arn != "" {
		cluster = lastSegment(arn)
	}
	pt := providers.Task{
		Cluster: cluster, ARN: aws.ToString(t.TaskArn), ID: lastSegment(aws.ToString(t.TaskArn)),
		TaskDefinition: aws.ToString(t.TaskDefinitionArn), LastStatus: aws.ToString(t.LastStatus),
		DesiredStatus: aws.ToString(t.DesiredStatus), Health: string(t.HealthStatus), LaunchType: string(t.LaunchType),
		CreatedAt: timeOf(t.CreatedAt), StartedAt: timeOf(t.StartedAt), StoppedAt: timeOf(t.StoppedAt),
		StopCode: string(t.StopCode), StoppedReason: aws.ToString(t.StoppedReason),
		CPU: aws.ToString(t.Cpu), Memory: aws.ToString(t.Memory), AZ: aws.ToString(t.AvailabilityZone),
		StartedBy: aws.ToString(t.StartedBy), ExecEnabled: t.EnableExecuteCommand,
	}
	if name, ok := strings.CutPrefix(aws.ToString(t.Group), "service:"); ok {
		pt.Service = name
	}
	_, pt.TaskDefRevision = taskDefParts(pt.TaskDefinition)
	for _, c := range t.Containers {
		pc := providers.Container{
			Name: aws.ToString(c.Name), Image: aws.ToString(c.Image), LastStatus: aws.ToString(c.LastStatus),
			Health: string(c.HealthStatus), Reason: aws.ToString(c.Reason),
		}
		if c.ExitCode != nil {
			code := int(*c.ExitCode)
			pc.ExitCode = &code
		}
		pt.Containers = append(pt.Containers, pc)
	}
	return pt
}

// DescribeTaskDefinition reads a task definition. A revision never
// changes, so results are cached by ARN for the Provider's lifetime; a
// bare family (its latest revision) is always read.
//
// CLI: aws ecs describe-task-definition --task-definition ARN
func (p *Provider) DescribeTaskDefinition(ctx context.Context, arn string) (providers.TaskDefinition, error) {
	p.tdMu.Lock()
	td, ok := p.taskDefs[arn]
	p.tdMu.Unlock()
	if ok {
		return td, nil
	}
	out, err := do(ctx, p, p.ecsSvc, "DescribeTaskDefinition", func(ctx context.Context) (*ecs.DescribeTaskDefinitionOutput, error) {
		return p.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
	})
	if err != nil {
		return providers.TaskDefinition{}, err
	}
	if out.TaskDefinition == nil {
		return providers.TaskDefinition{}, &providers.Error{Kind: providers.ErrNotFound, Op: "ECS.DescribeTaskDefinition",
			Message: "not found: task definition " + arn}
	}
	td = taskDefOf(out.TaskDefinition)
	p.tdMu.Lock()
	p.taskDefs[td.ARN] = td
	if _, rev := taskDefParts(arn); rev > 0 {
		p.taskDefs[arn] = td
	}
	p.tdMu.Unlock()
	return td, nil
}

func taskDefOf(t *types.TaskDefinition) providers.TaskDefinition {
	td := providers.TaskDefinition{
		ARN: aws.ToString(t.TaskDefinitionArn), Family: aws.ToString(t.Family), Revision: int(t.Revision),
		CPU: aws.ToString(t.Cpu), Memory: aws.ToString(t.Memory),
	}
	for _, c := range t.ContainerDefinitions {
		cd := providers.ContainerDefinition{
			Name: aws.ToString(c.Name), Image: aws.ToString(c.Image), Essential: aws.ToBool(c.Essential),
			CPU: int(c.Cpu), Memory: int(aws.ToInt32(c.Memory)),
		}
		if c.Essential == nil {
			cd.Essential = true // ECS's default
		}
		if lc := c.LogConfiguration; lc != nil {
			cd.LogDriver = string(lc.LogDriver)
			cd.LogOptions = maps.Clone(lc.Options)
		}
		for _, pm := range c.PortMappings {
			cd.Ports = append(cd.Ports, providers.PortMapping{ContainerPort: int(aws.ToInt32(pm.ContainerPort)),
				HostPort: int(aws.ToInt32(pm.HostPort)), Protocol: string(pm.Protocol)})
		}
		if hc := c.HealthCheck; hc != nil {
			cd.HealthCheck = &providers.HealthCheck{Command: slices.Clone(hc.Command), Interval: int(aws.ToInt32(hc.Interval)),
				Timeout: int(aws.ToInt32(hc.Timeout)), Retries: int(aws.ToInt32(hc.Retries)), StartPeriod: int(aws.ToInt32(hc.StartPeriod))}
		}
		td.Containers = append(td.Containers, cd)
	}
	return td
}

// ListTaskDefinitions lists the revisions of one family, newest first
// (the prefix filter of the API also matches longer family names, which
// are dropped here).
//
// CLI: aws ecs list-task-definitions --family-prefix FAMILY --sort DESC
func (p *Provider) ListTaskDefinitions(ctx context.Context, family string) ([]string, error) {
	pg := ecs.NewListTaskDefinitionsPaginator(p.ecs, &ecs.ListTaskDefinitionsInput{
		FamilyPrefix: aws.String(family), Sort: types.SortOrderDesc, MaxResults: aws.Int32(ecsListPage),
	})
	res := []string{}
	_, err := collect(ctx, p, p.ecsSvc, "ListTaskDefinitions", maxTaskDefPages, pg.HasMorePages,
		func(ctx context.Context) (*ecs.ListTaskDefinitionsOutput, error) { return pg.NextPage(ctx) },
		func(o *ecs.ListTaskDefinitionsOutput) {
			for _, arn := range o.TaskDefinitionArns {
				if fam, _ := taskDefParts(arn); fam == family {
					res = append(res, arn)
				}
			}
		})
	if err != nil {
		return nil, err
	}
	// Newest first even from a backend that ignores sort=DESC.
	slices.SortStableFunc(res, func(a, b string) int {
		_, ra := taskDefParts(a)
		_, rb := taskDefParts(b)
		return rb - ra
	})
	return res, nil
}
