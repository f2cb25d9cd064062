package shared

import (
	"context"

	"github.com/virgahq/virga/providers"
)

// mutate sends one change: the guard first (unless the wall will refuse
// it anyway, so a refused call costs no rate budget), then the call under
// the session's wall, then the cached reads it changed are forgotten.
func mutate[T any](v *View, ctx context.Context, op string, call func(context.Context) (T, error), changes ...string) (T, error) {
	if !v.ro.Load() && v.guard != nil {
		if err := v.guard(ctx, op); err != nil {
			var zero T
			return zero, err
		}
	}
	out, err := call(v.wall(ctx))
	if providers.KindOf(err) != providers.ErrReadOnly && len(changes) > 0 {
		// A failed call may still have changed something (a timeout after
		// the request arrived): forget either way.
		v.c.invalidate(changes...)
	}
	return out, err
}

// fnChanged is what a change to one function makes stale: its detail,
// configuration and reserved concurrency, the function pages, the
// account's concurrency figures and the functions' API documents.
func fnChanged(fn string) []string {
	return []string{keyFunction + fn + "|", keyConfig + fn + "|", keyReserved + fn + "|", keyFunctions, keyAccount,
		describeChanged(providers.DescribeFunction)}
}

// ecsChanged is what a change in one ECS cluster makes stale: its service
// and task reads, the cluster list (its counts) and the ECS API
// documents.
func ecsChanged(cluster string) []string {
	return []string{keyServices + cluster + "|", keyService + cluster + "|", keyTasks + cluster + "|", keyTask + cluster + "|",
		keyClusters, describeChanged(providers.DescribeCluster), describeChanged(providers.DescribeService),
		describeChanged(providers.DescribeTask)}
}

func (v *View) PutReservedConcurrency(ctx context.Context, fn string, n int) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.PutFunctionConcurrency", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.PutReservedConcurrency(ctx, fn, n)
	}, fnChanged(fn)...)
}

func (v *View) DeleteReservedConcurrency(ctx context.Context, fn string) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.DeleteFunctionConcurrency", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.DeleteReservedConcurrency(ctx, fn)
	}, fnChanged(fn)...)
}

func (v *View) PutProvisionedConcurrency(ctx context.Context, fn, qualifier string, n int) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.PutProvisionedConcurrencyConfig", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.PutProvisionedConcurrency(ctx, fn, qualifier, n)
	}, fnChanged(fn)...)
}

func (v *View) DeleteProvisionedConcurrency(ctx context.Context, fn, qualifier string) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.DeleteProvisionedConcurrencyConfig", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.DeleteProvisionedConcurrency(ctx, fn, qualifier)
	}, fnChanged(fn)...)
}

func (v *View) UpdateFunctionConfiguration(ctx context.Context, fn string, u providers.FunctionConfigUpdate) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.UpdateFunctionConfiguration", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.UpdateFunctionConfiguration(ctx, fn, u)
	}, fnChanged(fn)...)
}

func (v *View) PublishVersion(ctx context.Context, fn, description string) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.PublishVersion", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.PublishVersion(ctx, fn, description)
	}, fnChanged(fn)...)
}

func (v *View) UpdateAlias(ctx context.Context, fn, alias, version string, weights map[string]float64) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.UpdateAlias", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.UpdateAlias(ctx, fn, alias, version, weights)
	}, fnChanged(fn)...)
}

func (v *View) UpdateFunctionCode(ctx context.Context, fn string, code providers.CodeSource) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.UpdateFunctionCode", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.UpdateFunctionCode(ctx, fn, code)
	}, fnChanged(fn)...)
}

// SetEventSourceEnabled names a mapping, not its function: every
// function's detail is forgotten.
func (v *View) SetEventSourceEnabled(ctx context.Context, uuid string, enabled bool) (providers.Receipt, error) {
	return mutate(v, ctx, "Lambda.UpdateEventSourceMapping", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.SetEventSourceEnabled(ctx, uuid, enabled)
	}, keyFunction, describeChanged(providers.DescribeFunction))
}

func (v *View) UpdateService(ctx context.Context, u providers.ServiceUpdate) (providers.Receipt, error) {
	return mutate(v, ctx, "ECS.UpdateService", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.UpdateService(ctx, u)
	}, ecsChanged(u.Cluster)...)
}

func (v *View) StopTask(ctx context.Context, cluster, task, reason string) (providers.Receipt, error) {
	return mutate(v, ctx, "ECS.StopTask", func(ctx context.Context) (providers.Receipt, error) {
		return v.c.up.StopTask(ctx, cluster, task, reason)
	}, ecsChanged(cluster)...)
}

// Invoke runs a function: it changes nothing the cache holds (its
// metrics arrive in later periods), but it is an action, walled and
// rate-limited like any other.
func (v *View) Invoke(ctx context.Context, req providers.InvokeRequest) (providers.InvokeResult, error) {
	return mutate(v, ctx, "Lambda.Invoke", func(ctx context.Context) (providers.InvokeResult, error) {
		return v.c.up.Invoke(ctx, req)
	})
}
