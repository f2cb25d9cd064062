package shared

import (
	"context"
	"slices"
	"strconv"

	"github.com/virgahq/virga/providers"
)

// The lighter and one-resource reads: a function's configuration and
// reserved concurrency, one service or task, a log group's newest
// streams, an API document for `virga describe`, and doctor's checks.

func (v *View) FunctionConfig(ctx context.Context, name string) (providers.Function, error) {
	return read(v, ctx, keyConfig+name+"|", v.c.cfg.Lists, func(ctx context.Context) (providers.Function, error) {
		return v.c.up.FunctionConfig(ctx, name)
	})
}

// ReservedConcurrency is read for every function row on screen, by every
// session: it is kept for Config.Reserved, and a change made through any
// session forgets it.
func (v *View) ReservedConcurrency(ctx context.Context, function string) (*int, error) {
	n, err := read(v, ctx, keyReserved+function+"|", v.c.cfg.Reserved, func(ctx context.Context) (*int, error) {
		return v.c.up.ReservedConcurrency(ctx, function)
	})
	if n != nil {
		// Each session gets its own copy of the shared value.
		c := *n
		n = &c
	}
	return n, err
}

func (v *View) GetService(ctx context.Context, cluster, name string) (providers.Service, error) {
	return read(v, ctx, keyService+cluster+"|"+name, v.c.cfg.Lists, func(ctx context.Context) (providers.Service, error) {
		return v.c.up.GetService(ctx, cluster, name)
	})
}

func (v *View) GetTask(ctx context.Context, cluster, id string) (providers.Task, error) {
	return read(v, ctx, keyTask+cluster+"|"+id, v.c.cfg.Lists, func(ctx context.Context) (providers.Task, error) {
		return v.c.up.GetTask(ctx, cluster, id)
	})
}

func (v *View) NewestStreams(ctx context.Context, group string, limit int) ([]providers.LogStream, error) {
	return read(v, ctx, keyStreams+group+"|"+strconv.Itoa(limit), v.c.cfg.Streams, func(ctx context.Context) ([]providers.LogStream, error) {
		return v.c.up.NewestStreams(ctx, group, limit)
	})
}

// describeKey names one resource's API document. Changes forget every
// document of the kinds they touch (describeChanged).
func describeKey(r providers.DescribeRequest) string {
	return keyDescribe + r.Kind + "|" + r.Cluster + "|" + r.Name
}

// describeChanged is the prefix of the documents of one kind.
func describeChanged(kind string) string { return keyDescribe + kind + "|" }

// Describe shares one resource's API document for the poll interval;
// each caller gets its own copy of the bytes.
func (v *View) Describe(ctx context.Context, req providers.DescribeRequest) ([]byte, error) {
	doc, err := read(v, ctx, describeKey(req), v.c.cfg.Lists, func(ctx context.Context) ([]byte, error) {
		return v.c.up.Describe(ctx, req)
	})
	return slices.Clone(doc), err
}

// Diagnose runs doctor's checks (one call of each read virga makes) once
// for every session asking at the same moment; a later run checks again,
// since whoever runs doctor wants to see a permission fix take effect.
func (v *View) Diagnose(ctx context.Context) (providers.Diagnosis, error) {
	d, err := read(v, ctx, keyDoctor, v.c.cfg.Hot, v.c.up.Diagnose)
	d.Checks = slices.Clone(d.Checks)
	return d, err
}
