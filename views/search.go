package views

import (
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// The columns "/" matches besides the name: what a row says in words, so
// "/python3", "/STOPPED" or "/staging" find rows, and not the numbers,
// which change every refresh.

func functionSearch(r FunctionRow) []string {
	f := r.Fn
	return sanitized(runtimeLabel(f), f.PackageType, archLabel(f.Architecture), f.State, f.LastUpdateStatus)
}

func clusterSearch(c providers.Cluster) []string {
	return sanitized(append([]string{c.Status, c.ContainerInsights}, c.CapacityProviders...)...)
}

func serviceSearch(s providers.Service) []string {
	return sanitized(s.Cluster, s.Status, s.RolloutState, s.LaunchType,
		serviceTaskDef(s))
}

func taskSearch(t providers.Task) []string {
	fields := []string{t.Cluster, t.Service, t.LastStatus, t.DesiredStatus, t.Health, t.LaunchType,
		t.StopCode, t.StoppedReason, t.AZ, taskDefName(t.TaskDefinition)}
	for _, c := range t.Containers {
		fields = append(fields, c.Name, c.Image)
	}
	return sanitized(fields...)
}

// serviceTaskDef is "family:revision" of the task definition a service
// runs.
func serviceTaskDef(s providers.Service) string {
	return s.TaskDefFamily + ":" + strconv.Itoa(s.TaskDefRevision)
}

// taskDefName is "family:revision" from a task definition ARN.
func taskDefName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

func sanitized(fields ...string) []string {
	for i, f := range fields {
		fields[i] = sanitize.Line(f)
	}
	return fields
}
