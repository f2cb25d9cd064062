package shared

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// ViewOptions configures one session's view of a Cache.
type ViewOptions struct {
	// ReadOnly pins the session's read-only wall on: SetReadOnly(false)
	// cannot lift it (virga serve's viewers).
	ReadOnly bool
	// Guard is asked before each mutation that would be sent (not those
	// the read-only wall refuses); an error refuses the mutation (a
	// per-key rate limit). op names it, e.g. "Lambda.Invoke".
	Guard func(ctx context.Context, op string) error
}

// View is one session's backend: reads through the shared cache,
// mutations straight through under the session's own wall. It implements
// every capability of Upstream and providers.ReadOnlySetter.
type View struct {
	c      *Cache
	pinned bool
	guard  func(ctx context.Context, op string) error
	ro     atomic.Bool
	close  sync.Once
	own    counters // guarded by c.mu
}

// View opens a session's view; Close it when the session ends.
func (c *Cache) View(o ViewOptions) *View {
	v := &View{c: c, pinned: o.ReadOnly, guard: o.Guard}
	v.ro.Store(o.ReadOnly)
	c.mu.Lock()
	c.views++
	c.mu.Unlock()
	return v
}

// Close ends the session's share of the cache (an io.Closer, so the TUI
// closes a view it switches away from). Its tails end with the contexts
// that opened them. It never fails.
func (v *View) Close() error {
	v.close.Do(func() {
		v.c.mu.Lock()
		v.c.views--
		v.c.mu.Unlock()
	})
	return nil
}

// SetReadOnly switches the session's wall; a pinned wall stays on.
func (v *View) SetReadOnly(on bool) { v.ro.Store(on || v.pinned) }

// wall marks ctx read-only when the session is: the upstream's own wall
// (the SDK middleware) then refuses any mutation made with it.
func (v *View) wall(ctx context.Context) context.Context {
	if v.ro.Load() {
		return providers.WithReadOnly(ctx)
	}
	return ctx
}

// Keys of cached reads. A prefix ending in "|" covers one resource's
// reads; invalidation works by prefix.
// Every key kind has its own prefix, so one key never holds two types.
const (
	keyIdentity  = "id|"
	keyFunctions = "lf|"
	keyFunction  = "gf|" // + name + "|"
	keyConfig    = "fc|" // + name + "|"
	keyReserved  = "rc|" // + name + "|"
	keyAccount   = "as|"
	keyClusters  = "lc|"
	keyServices  = "ls|" // + cluster + "|"
	keyService   = "gs|" // + cluster + "|" + name
	keyTasks     = "lt|" // + cluster + "|" + service
	keyTask      = "gt|" // + cluster + "|" + id
	keyTaskDef   = "td|"
	keyTaskDefs  = "ltd|"
	keyStreams   = "ns|"  // + group + "|" + limit
	keyDescribe  = "raw|" // + kind + "|" + cluster + "|" + name
	keyDoctor    = "dx|"
	keyEKS       = "eks|"
	keyProfiles  = "fp|"  // + cluster + "|"
	keyKube      = "k8s|" // + cluster + "|" + object kind + ...
)

func (v *View) Identity(ctx context.Context) (providers.Identity, error) {
	return read(v, ctx, keyIdentity, v.c.cfg.Definitions, v.c.up.Identity)
}

func (v *View) ListFunctions(ctx context.Context, marker string) (providers.FunctionPage, error) {
	return read(v, ctx, keyFunctions+marker, v.c.cfg.Functions, func(ctx context.Context) (providers.FunctionPage, error) {
		return v.c.up.ListFunctions(ctx, marker)
	})
}

func (v *View) GetFunction(ctx context.Context, name string) (providers.FunctionDetail, error) {
	return read(v, ctx, keyFunction+name+"|", v.c.cfg.Lists, func(ctx context.Context) (providers.FunctionDetail, error) {
		return v.c.up.GetFunction(ctx, name)
	})
}

func (v *View) AccountSettings(ctx context.Context) (providers.AccountSettings, error) {
	return read(v, ctx, keyAccount, v.c.cfg.Lists, v.c.up.AccountSettings)
}

func (v *View) ListClusters(ctx context.Context) ([]providers.Cluster, error) {
	return read(v, ctx, keyClusters, v.c.cfg.Lists, v.c.up.ListClusters)
}

func (v *View) ListServices(ctx context.Context, cluster string) ([]providers.Service, error) {
	return read(v, ctx, keyServices+cluster+"|", v.c.cfg.Lists, func(ctx context.Context) ([]providers.Service, error) {
		return v.c.up.ListServices(ctx, cluster)
	})
}

func (v *View) ListTasks(ctx context.Context, cluster, service string) ([]providers.Task, error) {
	return read(v, ctx, keyTasks+cluster+"|"+service, v.c.cfg.Lists, func(ctx context.Context) ([]providers.Task, error) {
		return v.c.up.ListTasks(ctx, cluster, service)
	})
}

func (v *View) DescribeTaskDefinition(ctx context.Context, arn string) (providers.TaskDefinition, error) {
	return read(v, ctx, keyTaskDef+arn, v.c.cfg.Definitions, func(ctx context.Context) (providers.TaskDefinition, error) {
		return v.c.up.DescribeTaskDefinition(ctx, arn)
	})
}

func (v *View) ListTaskDefinitions(ctx context.Context, family string) ([]string, error) {
	return read(v, ctx, keyTaskDefs+family, v.c.cfg.Lists, func(ctx context.Context) ([]string, error) {
		return v.c.up.ListTaskDefinitions(ctx, family)
	})
}

// LogPacer is the upstream's FilterLogEvents bucket (pace.Reserve): every
// session draws from the one bucket of the account.
func (v *View) LogPacer() *pace.Pacer {
	if p, ok := v.c.up.(pace.Paced); ok {
		return p.LogPacer()
	}
	return nil
}

// FilterLogEvents passes through: each pane reads its own time range,
// and the upstream paces these calls under the API's quota.
func (v *View) FilterLogEvents(ctx context.Context, q providers.LogQuery) (providers.LogPage, error) {
	return v.c.up.FilterLogEvents(v.wall(ctx), q)
}

// Stats is the whole server's accounting for this account and region,
// with this session's share.
func (v *View) Stats() providers.Stats {
	st := v.c.up.Stats()
	c := v.c
	c.mu.Lock()
	defer c.mu.Unlock()
	st.Shared = &providers.SharedStats{
		Sessions:       c.views,
		Reads:          v.own.reads,
		ReadsCached:    v.own.cached,
		ServerReads:    c.totals.reads,
		ServerCached:   c.totals.cached,
		Metrics:        v.own.metrics,
		MetricsFetched: v.own.metricsFetched,
		ServerMetrics:  c.totals.metrics,
		Tails:          v.own.tails,
		TailUpstreams:  c.upstreams,
		TailDropped:    v.own.dropped,
	}
	return st
}

var (
	_ Upstream                 = (*View)(nil)
	_ providers.ReadOnlySetter = (*View)(nil)
)
