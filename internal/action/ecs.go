package action

import (
	"context"
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
)

func svcResource(s providers.Service) Resource {
	return Resource{Type: "service", Cluster: s.Cluster, Service: s.Name}
}

// TaskDefName is the family:revision part of a task definition ARN.
func TaskDefName(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// Scale sets a service's desired count. 0 stops every task and is
// destructive.
func Scale(s providers.Service, desired int) Action {
	n := desired
	return scaling(Action{
		Kind: ServiceScale, Title: "Scale service", Resource: svcResource(s),
		Params: map[string]string{"desired_count": strconv.Itoa(n)},
		args:   []string{"ecs", "update-service", "--cluster", s.Cluster, "--service", s.Name, "--desired-count", strconv.Itoa(n)},
		revert: func(providers.Receipt) []string {
			return []string{"virga", "scale", "service", s.Name, "--cluster", s.Cluster, "--desired", strconv.Itoa(s.Desired)}
		},
		needs: can[providers.ServiceUpdater],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ServiceUpdater).UpdateService(ctx, providers.ServiceUpdate{Cluster: s.Cluster, Service: s.Name, Desired: &n}))
		},
		expect: map[string]string{providers.AppliedDesired: strconv.Itoa(n)},
		watch:  watchSpec{target: WatchService, until: untilDesired},
	}, "desired count", s.Desired, n, "tasks start or stop until the running count matches", "every task of the service stops")
}

// scaling fills in what every change of a count (a service's desired
// tasks, a deployment's replicas) says: what changes from before to n,
// what happens (note), and that 0 stops everything (stops): destructive.
func scaling(a Action, what string, before, n int, note, stops string) Action {
	a.Change, a.Before, a.After = what, strconv.Itoa(before), strconv.Itoa(n)
	a.Destructive, a.Note = n == 0, note
	if n == 0 {
		a.Note = stops
	}
	return a
}

// Redeploy forces a new deployment of the current task definition: new
// tasks start and the old ones drain.
func Redeploy(s providers.Service) Action {
	td := TaskDefName(s.TaskDefinition)
	return Action{
		Kind: ServiceRedeploy, Title: "Force new deployment", Resource: svcResource(s),
		Change: "deployment", Before: td + " (" + strconv.Itoa(s.Running) + " running)", After: "new tasks of " + td + ", old ones drained",
		Note:     "images with a mutable tag are pulled again",
		Params:   map[string]string{"force_new_deployment": "true"},
		args:     []string{"ecs", "update-service", "--cluster", s.Cluster, "--service", s.Name, "--force-new-deployment"},
		NoRevert: "a forced deployment keeps the same task definition; there is nothing to revert",
		needs:    can[providers.ServiceUpdater],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ServiceUpdater).UpdateService(ctx, providers.ServiceUpdate{Cluster: s.Cluster, Service: s.Name, ForceNewDeployment: true}))
		},
		watch: watchSpec{target: WatchService, until: untilRollout},
	}
}

// Rollback deploys an earlier task definition revision (ARN or
// family:revision).
func Rollback(s providers.Service, to string) Action {
	from := s.TaskDefinition
	return Action{
		Kind: ServiceRollback, Title: "Roll back service", Resource: svcResource(s),
		Change: "task definition", Before: TaskDefName(from), After: TaskDefName(to),
		Destructive: true,
		Note:        "a new deployment replaces every task",
		Params:      map[string]string{"task_definition": TaskDefName(to)},
		args:        []string{"ecs", "update-service", "--cluster", s.Cluster, "--service", s.Name, "--task-definition", TaskDefName(to)},
		revert: func(providers.Receipt) []string {
			return []string{"virga", "rollback", "service", s.Name, "--cluster", s.Cluster, "--to", revisionOf(from)}
		},
		needs: can[providers.ServiceUpdater],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.ServiceUpdater).UpdateService(ctx, providers.ServiceUpdate{Cluster: s.Cluster, Service: s.Name, TaskDefinition: to}))
		},
		expect: map[string]string{providers.AppliedTaskDefinition: to},
		watch:  watchSpec{target: WatchService, until: untilRollout},
	}
}

// revisionOf is the revision number of a task definition ARN or name.
func revisionOf(td string) string {
	name := TaskDefName(td)
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// StopTask stops a task with a reason ECS records as its stoppedReason.
func StopTask(t providers.Task, reason string) Action {
	return Action{
		Kind: TaskStop, Title: "Stop task",
		Resource: Resource{Type: "task", Cluster: t.Cluster, Task: t.ID, Service: t.Service},
		Change:   "task", Before: t.LastStatus, After: "STOPPED",
		Destructive: true,
		Note:        stopNote(t),
		Params:      map[string]string{"reason": reason},
		args:        []string{"ecs", "stop-task", "--cluster", t.Cluster, "--task", t.ID, "--reason", reason},
		NoRevert:    "a stopped task cannot be restarted",
		needs:       can[providers.TaskStopper],
		run: func(ctx context.Context, b providers.Backend) (Outcome, error) {
			return receipt(b.(providers.TaskStopper).StopTask(ctx, t.Cluster, t.ID, reason))
		},
		watch: watchSpec{target: WatchTasks},
	}
}

func stopNote(t providers.Task) string {
	if t.Service != "" {
		return "service " + t.Service + " starts a replacement"
	}
	return "a standalone task is not replaced"
}
