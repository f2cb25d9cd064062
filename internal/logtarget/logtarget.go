// Package logtarget decides where the lines of a Lambda function, an ECS
// service or an ECS task are in CloudWatch Logs. The log pane and
// `virga logs` both ask it, so they always read the same log groups and
// streams and say the same things about containers that log elsewhere.
package logtarget

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/virgahq/virga/providers"
)

// Target is one source of lines: a log group, and the streams or stream
// prefix of it that belong to the source.
type Target struct {
	// Name labels the source: the function, or the container.
	Name    string
	Group   string
	Streams []string
	Prefix  string
	// TaskTag says the lines come from several tasks (a service's
	// container), so each is tagged with its task id.
	TaskTag bool
}

// TaskID is the task an ECS stream belongs to: the last part of
// "<prefix>/<container>/<task-id>".
func TaskID(stream string) string { return stream[strings.LastIndexByte(stream, '/')+1:] }

// DefaultGroup is where a function logs when its configuration does not
// say otherwise.
func DefaultGroup(function string) string { return "/aws/lambda/" + function }

// FunctionGroup is where f logs: its LoggingConfig's group, else the
// default one.
func FunctionGroup(f providers.Function) string {
	if f.LogGroup == "" {
		return DefaultGroup(f.Name)
	}
	return f.LogGroup
}

// Functions finds the log group of each function. known holds groups
// already read (from a loaded function list); each other function costs
// one call, FunctionConfig where the backend has it (GetFunction's
// detail, with its four extra calls, otherwise). A function that does not
// exist is an error; one whose configuration cannot be read is read from
// its default group, with a note saying so.
func Functions(ctx context.Context, b providers.Backend, names []string, known map[string]string) ([]Target, []string, error) {
	out := make([]Target, len(names))
	var notes []string
	for i, n := range names {
		out[i] = Target{Name: n, Group: known[n]}
		if out[i].Group != "" {
			continue
		}
		g, err := functionGroup(ctx, b, n)
		switch {
		case err == nil:
			out[i].Group = g
		case providers.KindOf(err) == providers.ErrNotFound:
			return nil, nil, err
		default:
			out[i].Group = DefaultGroup(n)
			notes = append(notes, "could not read "+n+"'s logging configuration ("+providers.Short(err)+"): reading "+out[i].Group)
		}
	}
	return out, notes, nil
}

func functionGroup(ctx context.Context, b providers.Backend, name string) (string, error) {
	var f providers.Function
	switch r := b.(type) {
	case providers.FunctionConfigReader:
		var err error
		if f, err = r.FunctionConfig(ctx, name); err != nil {
			return "", err
		}
	case providers.FunctionReader:
		d, err := r.GetFunction(ctx, name)
		if err != nil {
			return "", err
		}
		f = d.Function
	default:
		return DefaultGroup(name), nil
	}
	f.Name = name
	return FunctionGroup(f), nil
}

// TaskDefinition lists the awslogs containers of a task definition, and a
// note for each container that logs elsewhere (FireLens, another driver,
// none). task limits the targets to one task's streams; container, when
// set, to one container. Essential containers come first.
func TaskDefinition(td providers.TaskDefinition, task, container string) ([]Target, []string) {
	var out []Target
	var notes []string
	cs := slices.Clone(td.Containers)
	slices.SortStableFunc(cs, func(a, b providers.ContainerDefinition) int {
		switch {
		case a.Essential && !b.Essential:
			return -1
		case b.Essential && !a.Essential:
			return 1
		}
		return 0
	})
	for _, c := range cs {
		if container != "" && c.Name != container {
			continue
		}
		switch {
		case c.LogDriver == "awslogs" && c.LogOptions["awslogs-group"] != "":
			stream := c.Name + "/"
			if p := c.LogOptions["awslogs-stream-prefix"]; p != "" {
				stream = p + "/" + stream
			}
			t := Target{Name: c.Name, Group: c.LogOptions["awslogs-group"]}
			if task != "" {
				t.Streams = []string{stream + task}
			} else {
				t.Prefix, t.TaskTag = stream, true
			}
			out = append(out, t)
		case c.LogDriver == "awsfirelens":
			notes = append(notes, "container "+c.Name+" logs through FireLens (awsfirelens): its lines go where its log router sends them, not to CloudWatch Logs here")
		case c.LogDriver == "":
			notes = append(notes, "container "+c.Name+" has no log configuration: its output is not kept")
		default:
			notes = append(notes, "container "+c.Name+" logs with the "+c.LogDriver+" driver, not to CloudWatch Logs")
		}
	}
	return out, notes
}

// Service finds a service of a cluster by name and lists the targets of
// its task definition: every task's lines, tagged with the task.
func Service(ctx context.Context, b providers.Backend, cluster, name string) ([]Target, []string, error) {
	ss, err := b.ListServices(ctx, cluster)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(ss, func(s providers.Service) bool { return s.Name == name || s.ARN == name })
	if i < 0 {
		return nil, nil, fmt.Errorf("no service %q in cluster %s", name, cluster)
	}
	return fromTaskDefinition(ctx, b, ss[i].TaskDefinition, "", "")
}

// Task finds a task of a cluster by id, ARN or id prefix and lists the
// targets of its containers (one container when container is set).
func Task(ctx context.Context, b providers.Backend, cluster, id, container string) ([]Target, []string, error) {
	ts, err := b.ListTasks(ctx, cluster, "")
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(ts, func(t providers.Task) bool { return t.ID == id || t.ARN == id })
	if i < 0 {
		i = slices.IndexFunc(ts, func(t providers.Task) bool { return strings.HasPrefix(t.ID, id) })
	}
	if i < 0 {
		return nil, nil, fmt.Errorf("no task %q in cluster %s", id, cluster)
	}
	return fromTaskDefinition(ctx, b, ts[i].TaskDefinition, ts[i].ID, container)
}

// ForTask lists the targets of a task already read (the pane has it).
func ForTask(ctx context.Context, b providers.Backend, t providers.Task, container string) ([]Target, []string, error) {
	return fromTaskDefinition(ctx, b, t.TaskDefinition, t.ID, container)
}

// ForService lists the targets of a service already read.
func ForService(ctx context.Context, b providers.Backend, s providers.Service) ([]Target, []string, error) {
	return fromTaskDefinition(ctx, b, s.TaskDefinition, "", "")
}

func fromTaskDefinition(ctx context.Context, b providers.Backend, arn, task, container string) ([]Target, []string, error) {
	if arn == "" {
		return nil, nil, errors.New("no task definition to read the log configuration from")
	}
	tdr, ok := b.(providers.TaskDefinitionReader)
	if !ok {
		return nil, nil, errors.New("this backend cannot read task definitions, so it cannot tell where the containers log")
	}
	td, err := tdr.DescribeTaskDefinition(ctx, arn)
	if err != nil {
		return nil, nil, err
	}
	ts, notes := TaskDefinition(td, task, container)
	return ts, notes, nil
}
