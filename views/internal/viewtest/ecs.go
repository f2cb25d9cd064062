package viewtest

import (
	"time"

	"github.com/virgahq/virga/providers"
)

func exit(code int) *int { return &code }

// Clusters are two clusters, one with Container Insights and one without.
func Clusters() []providers.Cluster {
	return []providers.Cluster{
		{Name: "prod-api", ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-api", Status: providers.ClusterActive,
			ActiveServices: 3, RunningTasks: 11, PendingTasks: 1, ContainerInsights: providers.InsightsEnabled,
			CapacityProviders: []string{"FARGATE", "FARGATE_SPOT"}},
		{Name: "batch", ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/batch", Status: providers.ClusterActive,
			ActiveServices: 1, RunningTasks: 0, CapacityProviders: []string{"FARGATE"}},
		{Name: "old-staging", ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/old-staging", Status: "INACTIVE"},
	}
}

// Services are services in every rollout state: steady, rolling out,
// failed and rolled back, and scaled to zero.
func Services() []providers.Service {
	svc := func(cluster, name string, desired, running, pending, rev int, rollout string) providers.Service {
		return providers.Service{Cluster: cluster, Name: name, ARN: "arn:aws:ecs:us-east-1:123456789012:service/" + cluster + "/" + name,
			Status: "ACTIVE", Desired: desired, Running: running, Pending: pending, LaunchType: "FARGATE",
			TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/" + name + ":" + itoa(rev),
			TaskDefFamily:  name, TaskDefRevision: rev, RolloutState: rollout, CircuitBreaker: true, Rollback: true,
			CreatedAt: Ago(90 * 24 * time.Hour)}
	}
	out := []providers.Service{
		svc("prod-api", "catalog-api", 6, 6, 0, 42, providers.RolloutCompleted),
		svc("prod-api", "graphql-gateway", 4, 3, 1, 18, providers.RolloutInProgress),
		svc("prod-api", "recommendations", 2, 0, 0, 7, providers.RolloutFailed),
		svc("batch", "image-pipeline", 0, 0, 0, 3, providers.RolloutCompleted),
	}
	out[0].Deployments = []providers.Deployment{{ID: "ecs-svc/1", Status: "PRIMARY", TaskDefinition: out[0].TaskDefinition,
		Desired: 6, Running: 6, RolloutState: providers.RolloutCompleted, CreatedAt: Ago(26 * time.Hour)}}
	out[0].Events = []providers.ServiceEvent{
		{ID: "ev3", CreatedAt: Ago(2 * time.Hour), Message: "(service catalog-api) has reached a steady state."},
		{ID: "ev2", CreatedAt: Ago(26 * time.Hour), Message: "(service catalog-api) has started 2 tasks: (task 4b1e) (task 9c0d)."},
	}
	out[1].Deployments = []providers.Deployment{
		{ID: "ecs-svc/3", Status: "PRIMARY", TaskDefinition: out[1].TaskDefinition, Desired: 4, Running: 3, Pending: 1,
			RolloutState: providers.RolloutInProgress, CreatedAt: Ago(4 * time.Minute)},
		{ID: "ecs-svc/2", Status: "ACTIVE", TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/graphql-gateway:17",
			Desired: 0, Running: 1, RolloutState: providers.RolloutCompleted, CreatedAt: Ago(3 * 24 * time.Hour)},
	}
	out[1].Events = []providers.ServiceEvent{{ID: "ev5", CreatedAt: Ago(3 * time.Minute), Message: "(service graphql-gateway) has started 1 tasks: (task 77aa)."}}
	out[2].RolloutReason = "ECS deployment circuit breaker: tasks failed to start."
	out[2].Deployments = []providers.Deployment{{ID: "ecs-svc/9", Status: "PRIMARY", TaskDefinition: out[2].TaskDefinition, Desired: 2,
		Failed: 6, RolloutState: providers.RolloutFailed, RolloutReason: out[2].RolloutReason, CreatedAt: Ago(40 * time.Minute)}}
	out[2].Events = []providers.ServiceEvent{{ID: "ev9", CreatedAt: Ago(35 * time.Minute),
		Message: "(service recommendations) (deployment ecs-svc/9) deployment failed: tasks failed to start; rolling back to ecs-svc/8."}}
	return out
}

// Tasks are tasks running, healthy and not, pending, stopped by their
// service and stopped because their container exited.
func Tasks() []providers.Task {
	task := func(id, service string, rev int, status, health string, started time.Duration) providers.Task {
		t := providers.Task{Cluster: "prod-api", ARN: "arn:aws:ecs:us-east-1:123456789012:task/prod-api/" + id, ID: id,
			Service: service, TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/" + service + ":" + itoa(rev),
			TaskDefRevision: rev, LastStatus: status, DesiredStatus: providers.TaskRunning, Health: health, LaunchType: "FARGATE",
			CreatedAt: Ago(started + time.Minute), CPU: "512", Memory: "1024", AZ: "us-east-1a", StartedBy: "ecs-svc/1",
			Containers: []providers.Container{{Name: "app", Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + service + ":v" + itoa(rev),
				LastStatus: status, Health: health}}}
		if started > 0 {
			t.StartedAt = Ago(started)
		}
		return t
	}
	out := []providers.Task{
		task("4b1e0c6f2d8a4e7b9f3c1a5d6e7f8091", "catalog-api", 42, providers.TaskRunning, providers.HealthHealthy, 26*time.Hour),
		task("9c0d11aa22bb33cc44dd55ee66ff7788", "catalog-api", 42, providers.TaskRunning, providers.HealthUnhealthy, 3*time.Hour),
		task("77aa0b1c2d3e4f5a6b7c8d9e0f1a2b3c", "graphql-gateway", 18, "PROVISIONING", "", 0),
		task("0f3c9a8b7c6d5e4f3a2b1c0d9e8f7a6b", "recommendations", 7, providers.TaskStopped, providers.HealthUnknown, 40*time.Minute),
		task("5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e", "", 3, providers.TaskStopped, "", 2*time.Hour),
	}
	out[2].AZ = "us-east-1b"
	out[3].DesiredStatus = providers.TaskStopped
	out[3].StopCode = "EssentialContainerExited"
	out[3].StoppedReason = "Essential container in task exited"
	out[3].StoppedAt = Ago(39 * time.Minute)
	out[3].Containers[0].ExitCode = exit(137)
	out[3].Containers[0].Reason = "OutOfMemoryError: Container killed due to memory usage"
	out[4].DesiredStatus = providers.TaskStopped
	out[4].StopCode = providers.StopUserInitiated
	out[4].StoppedReason = "Task stopped by user"
	out[4].StoppedAt = Ago(time.Hour)
	out[4].StartedBy = "ops@example.com"
	out[4].Containers[0].ExitCode = exit(0)
	return out
}

// TaskDef is the recommendations service's task definition: an app
// container with a port and a health check, and a sidecar.
func TaskDef() *providers.TaskDefinition {
	return &providers.TaskDefinition{
		ARN: "arn:aws:ecs:us-east-1:123456789012:task-definition/recommendations:7", Family: "recommendations", Revision: 7,
		CPU: "1024", Memory: "2048",
		Containers: []providers.ContainerDefinition{
			{Name: "recommendations", Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/recommendations:1.7.0", Essential: true,
				CPU: 768, Memory: 1536, LogDriver: "awslogs",
				LogOptions:  map[string]string{"awslogs-group": "/ecs/recommendations", "awslogs-stream-prefix": "ecs"},
				Ports:       []providers.PortMapping{{ContainerPort: 8080, HostPort: 8080, Protocol: "tcp"}},
				HealthCheck: &providers.HealthCheck{Command: []string{"CMD-SHELL", "curl -fsS http://localhost:8080/health || exit 1"}, Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 60}},
			{Name: "datadog-agent", Image: "public.ecr.aws/datadog/agent:7", CPU: 256, Memory: 512, LogDriver: "awslogs",
				LogOptions: map[string]string{"awslogs-group": "/ecs/recommendations", "awslogs-stream-prefix": "ecs"},
				Ports:      []providers.PortMapping{{ContainerPort: 8126, HostPort: 8126, Protocol: "tcp"}}},
		},
	}
}
