// Package shared lets many sessions read one AWS account and region
// through one cache, so that ten engineers watching the same incident
// cost what one does in API calls and CloudWatch spend (virga serve).
//
// A Cache sits in front of the one real backend of an account and region;
// each session reads through its own View of it:
//
//   - lists, details and account settings (of Lambda, ECS, EKS and each
//     cluster's Kubernetes objects) are cached for their poll interval,
//     and concurrent identical calls share one request;
//   - GetMetricData is cached per query (metric, dimensions, stat, period
//     and the aligned window), so each metric is fetched at most once a
//     period whatever mix of rows the sessions show, and a request fetches
//     only the queries nobody has fetched or is fetching;
//   - a Live Tail is opened once per set of log groups and fanned out to
//     every session following it, each with its own bounded buffer; events
//     a slow session cannot take are counted and reported to it;
//   - log history and pod logs pass through: each session reads its own
//     range;
//   - mutations pass straight through, under the session's own read-only
//     wall and rate limit, and invalidate what they change.
//
// Errors are shared too, briefly: a throttled or denied read is not
// repeated by every session at once.
package shared

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/virgahq/virga/providers"
)

// Upstream is the real backend a Cache reads and acts through: every
// capability of the real provider, so that a session over SSH can do what
// a local run can (TestViewOffersEveryCapability keeps the two in step).
type Upstream interface {
	providers.Backend
	providers.FunctionReader
	providers.FunctionConfigReader
	providers.ReservedConcurrencyReader
	providers.AccountReader
	providers.TaskDefinitionReader
	providers.TaskDefinitionLister
	providers.ServiceReader
	providers.TaskReader
	providers.Describer
	providers.Diagnoser
	providers.MetricsReader
	providers.LogReader
	providers.LogStreamLister
	providers.LogTailer
	providers.Invoker
	providers.ConcurrencyScaler
	providers.FunctionConfigurer
	providers.FunctionDeployer
	providers.ServiceUpdater
	providers.TaskStopper
	providers.EventSourceToggler
	providers.StatsReader
	providers.EKSLister
	providers.PodLister
	providers.PodReader
	providers.NamespaceLister
	providers.DeploymentLister
	providers.KubeEventLister
	providers.FargateLoggingReader
	providers.PodLogStreamer
	providers.PodDeleter
	providers.DeploymentScaler
	providers.DeploymentRestarter
}

// Config sets how long each kind of read is shared.
type Config struct {
	// Lists is how long ECS and EKS lists, pods, function details and
	// account settings are shared: the sessions' poll interval (default
	// 10s).
	Lists time.Duration
	// Functions is how long a ListFunctions page is shared (default 60s,
	// the function inventory's poll interval).
	Functions time.Duration
	// Reserved is how long a function's reserved concurrency is shared
	// (default 10m, as long as the TUI keeps it): ListFunctions does not
	// carry it, so every row on screen costs a read; virga's own
	// concurrency changes forget it at once.
	Reserved time.Duration
	// Streams is how long a log group's newest streams are shared
	// (default 5s): a hint of where a quiet function's last lines are,
	// asked when a log pane opens on an empty range.
	Streams time.Duration
	// Definitions is how long task definitions, which never change, are
	// kept (default 1h).
	Definitions time.Duration
	// Changed is how long reads of a resource that a session just changed
	// are shared for only Hot (default 2m): a watched rollout or
	// allocation must not look frozen for a whole poll interval.
	Changed time.Duration
	Hot     time.Duration // default 1s
	// ErrorTTL is how long a failed read is shared (default 2s).
	ErrorTTL time.Duration
	// TailBuffer is how many batches each follower's buffer holds before
	// events are dropped for it (default 256, about four minutes of Live
	// Tail).
	TailBuffer int
	// CallTimeout bounds a shared call whose caller set no deadline.
	CallTimeout time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Lists, 10*time.Second)
	def(&c.Functions, 60*time.Second)
	def(&c.Reserved, 10*time.Minute)
	def(&c.Streams, 5*time.Second)
	def(&c.Definitions, time.Hour)
	def(&c.Changed, 2*time.Minute)
	def(&c.Hot, time.Second)
	def(&c.ErrorTTL, 2*time.Second)
	def(&c.CallTimeout, 20*time.Second)
	if c.TailBuffer <= 0 {
		c.TailBuffer = 256
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Cache is the shared view of one account and region. It is safe for
// concurrent use; Close ends the Live Tail sessions it holds.
type Cache struct {
	up   Upstream
	cfg  Config
	life context.Context
	stop context.CancelFunc

	flight singleflight.Group

	mu      sync.Mutex
	gen     int // bumped by every mutation: a read begun before it is not stored
	entries map[string]entry
	changed map[string]time.Time // key prefix -> until when its reads are hot
	metrics map[string]*metricEntry
	tails   map[string]*fanout
	swept   time.Time
	views   int
	totals  counters
	// upstreams counts live Live Tail sessions.
	upstreams int
}

// counters are what a session (or the whole cache) asked.
type counters struct {
	reads, cached, metrics, metricsFetched, tails, dropped int
}

type entry struct {
	val     any
	err     error
	expires time.Time
}

// New returns a Cache in front of up.
func New(up Upstream, cfg Config) *Cache {
	cfg.defaults()
	life, stop := context.WithCancel(context.Background())
	return &Cache{
		up: up, cfg: cfg, life: life, stop: stop,
		entries: map[string]entry{},
		changed: map[string]time.Time{},
		metrics: map[string]*metricEntry{},
		tails:   map[string]*fanout{},
	}
}

// Close ends every Live Tail session; followers see their channels close.
func (c *Cache) Close() { c.stop() }

// Upstream is the backend behind the cache.
func (c *Cache) Upstream() Upstream { return c.up }

// detach returns a context for a call shared by several sessions: it
// keeps the caller's values and deadline but not its cancellation (the
// session that happened to ask first may leave while others wait), and
// ends when the cache is closed.
func (c *Cache) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	d := context.WithoutCancel(ctx)
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		d, cancel = context.WithDeadline(d, dl)
	} else {
		d, cancel = context.WithTimeout(d, c.cfg.CallTimeout)
	}
	stop := context.AfterFunc(c.life, cancel)
	return d, func() { stop(); cancel() }
}

// ttlFor is how long a read under key is shared: Hot while what it reads
// was changed recently.
func (c *Cache) ttlFor(key string, ttl time.Duration, now time.Time) time.Duration {
	for prefix, until := range c.changed {
		if !now.Before(until) {
			delete(c.changed, prefix)
			continue
		}
		if strings.HasPrefix(key, prefix) && ttl > c.cfg.Hot {
			ttl = c.cfg.Hot
		}
	}
	return ttl
}

// sweep drops expired entries about once a minute, so a cache that saw
// many distinct reads does not keep them all.
func (c *Cache) sweep(now time.Time) {
	if now.Sub(c.swept) < time.Minute {
		return
	}
	c.swept = now
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	for k, e := range c.metrics {
		if e.done() && !now.Before(e.expires) {
			delete(c.metrics, k)
		}
	}
}

// invalidate forgets every cached read whose key starts with one of
// prefixes and keeps those reads hot for a while: the session that acted
// watches the change settle.
func (c *Cache) invalidate(prefixes ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	until := c.cfg.Now().Add(c.cfg.Changed)
	for _, p := range prefixes {
		c.changed[p] = until
		for k := range c.entries {
			if strings.HasPrefix(k, p) {
				delete(c.entries, k)
			}
		}
	}
}

// read answers key from the cache, or makes the call once for every
// session asking at the same time and keeps the answer for ttl.
func read[T any](v *View, ctx context.Context, key string, ttl time.Duration, fetch func(context.Context) (T, error)) (T, error) {
	c := v.c
	now := c.cfg.Now()
	c.mu.Lock()
	c.sweep(now)
	v.own.reads++
	c.totals.reads++
	if e, ok := c.entries[key]; ok && now.Before(e.expires) {
		v.own.cached++
		c.totals.cached++
		c.mu.Unlock()
		return e.val.(T), e.err
	}
	gen := c.gen
	c.mu.Unlock()

	// ran is set only by the call this caller started; a caller that
	// joined another's call is counted as answered by the cache.
	ran := false
	ch := c.flight.DoChan(key+"#"+strconv.Itoa(gen), func() (any, error) {
		ran = true
		dctx, done := c.detach(v.wall(ctx))
		defer done()
		val, err := fetch(dctx)
		c.store(key, gen, val, err, ttl)
		return val, err
	})
	select {
	case r := <-ch:
		if !ran {
			c.mu.Lock()
			v.own.cached++
			c.totals.cached++
			c.mu.Unlock()
		}
		return r.Val.(T), r.Err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// store keeps a read's answer unless a mutation happened since the read
// began. Cancelled calls are not kept.
func (c *Cache) store(key string, gen int, val any, err error, ttl time.Duration) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	now := c.cfg.Now()
	ttl = c.ttlFor(key, ttl, now)
	if err != nil {
		ttl = min(ttl, c.cfg.ErrorTTL)
	}
	c.entries[key] = entry{val: val, err: err, expires: now.Add(ttl)}
}
