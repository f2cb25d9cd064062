package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// Finding one resource by name, for get NAME and describe: a service or
// task without --cluster is looked for in every cluster, and a task id may
// be shortened.

// minTaskPrefix is the shortest task id prefix accepted, as stop takes it.
const minTaskPrefix = 8

func readOneFunction(ctx context.Context, b providers.Backend, name string, timeout time.Duration) (providers.FunctionDetail, error) {
	r, ok := b.(providers.FunctionReader)
	if !ok {
		return providers.FunctionDetail{}, errors.New("this backend cannot read one function")
	}
	d, err := withTimeout(ctx, timeout, func(ctx context.Context) (providers.FunctionDetail, error) { return r.GetFunction(ctx, name) })
	if err != nil {
		return d, fmt.Errorf("function %s: %s", name, providers.Short(err))
	}
	return d, nil
}

func findCluster(cs []providers.Cluster, name string) (providers.Cluster, error) {
	for _, c := range cs {
		if c.Name == name || c.ARN == name {
			return c, nil
		}
	}
	return providers.Cluster{}, fmt.Errorf("no cluster %s", name)
}

// findService reads a service of cluster, or finds it in every cluster.
// Two services of that name in two clusters need --cluster.
func findService(ctx context.Context, b providers.Backend, cluster, name string, timeout time.Duration) (providers.Service, error) {
	names, err := clusterNames(ctx, b, cluster, timeout)
	if err != nil {
		return providers.Service{}, err
	}
	var found []providers.Service
	for _, c := range names {
		s, err := withTimeout(ctx, timeout, func(ctx context.Context) (providers.Service, error) { return serviceIn(ctx, b, c, name) })
		switch {
		case err == nil:
			found = append(found, s)
		case providers.KindOf(err) == providers.ErrNotFound && cluster == "":
		default:
			return providers.Service{}, fmt.Errorf("service %s in cluster %s: %s", name, c, providers.Short(err))
		}
	}
	return one(found, "service "+name, cluster, func(s providers.Service) string { return s.Cluster })
}

// serviceIn reads one service, describing only it when the backend can.
func serviceIn(ctx context.Context, b providers.Backend, cluster, name string) (providers.Service, error) {
	if r, ok := b.(providers.ServiceReader); ok {
		return r.GetService(ctx, cluster, name)
	}
	svcs, err := b.ListServices(ctx, cluster)
	if err != nil {
		return providers.Service{}, err
	}
	for _, s := range svcs {
		if s.Name == name || s.ARN == name {
			return s, nil
		}
	}
	return providers.Service{}, &providers.Error{Kind: providers.ErrNotFound, Message: "not found"}
}

// findTask finds a task by id, ARN or an id prefix of 8 characters or
// more, in cluster or in every cluster.
func findTask(ctx context.Context, b providers.Backend, cluster, id string, timeout time.Duration) (providers.Task, error) {
	if len(id) < minTaskPrefix && !strings.HasPrefix(id, "arn:") {
		return providers.Task{}, usagef("task %q: give the task id, its ARN, or its first %d characters or more", id, minTaskPrefix)
	}
	names, err := clusterNames(ctx, b, cluster, timeout)
	if err != nil {
		return providers.Task{}, err
	}
	var found []providers.Task
	for _, c := range names {
		ts, err := withTimeout(ctx, timeout, func(ctx context.Context) ([]providers.Task, error) { return tasksIn(ctx, b, c, id) })
		switch {
		case err == nil:
			found = append(found, ts...)
		case providers.KindOf(err) == providers.ErrNotFound && cluster == "":
		default:
			return providers.Task{}, fmt.Errorf("task %s in cluster %s: %s", id, c, providers.Short(err))
		}
	}
	return one(found, "task "+id, cluster, func(t providers.Task) string { return t.Cluster + "/" + t.ID })
}

// tasksIn finds the tasks of a cluster whose id is id or starts with it.
// A whole id or ARN is described directly (stopped tasks too, for as long
// as ECS keeps them); a prefix needs the cluster's list.
func tasksIn(ctx context.Context, b providers.Backend, cluster, id string) ([]providers.Task, error) {
	if r, ok := b.(providers.TaskReader); ok && (strings.HasPrefix(id, "arn:") || len(id) == 32) {
		t, err := r.GetTask(ctx, cluster, id)
		if err != nil {
			return nil, err
		}
		return []providers.Task{t}, nil
	}
	ts, err := b.ListTasks(ctx, cluster, "")
	if err != nil {
		return nil, err
	}
	var out []providers.Task
	for _, t := range ts {
		if t.ID == id || t.ARN == id || strings.HasPrefix(t.ID, id) {
			out = append(out, t)
		}
	}
	return out, nil
}

// one is the single match, or an error that says there was none or which
// ones there were.
func one[T any](found []T, what, cluster string, label func(T) string) (T, error) {
	var zero T
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if cluster != "" {
			return zero, fmt.Errorf("no %s in cluster %s", what, cluster)
		}
		return zero, fmt.Errorf("no %s in any cluster", what)
	}
	labels := make([]string, 0, len(found))
	for _, f := range found {
		labels = append(labels, label(f))
	}
	hint := "name the cluster with --cluster"
	if strings.HasPrefix(what, "task ") {
		hint += ", or give more of the id"
	}
	return zero, usagef("%s is in more than one place (%s): %s", what, strings.Join(labels, ", "), hint)
}
