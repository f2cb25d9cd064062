// Package sim is virga's simulated AWS account: a deterministic workload
// model of Lambda functions and ECS Fargate services that powers
// `virga --demo`, the tests and the benchmarks.
//
// Everything the model reports is a pure function of the seed, the readings
// of the injected clock (Config.Now) and the mutations made through the
// action interfaces. Traffic is drawn per function and per minute from a
// hash-seeded random stream, so a minute's invocations, metrics and log
// lines agree with one another and can be recomputed at any time without
// being stored. The model never reads the wall clock; only Tail and the
// Latency fault use real timers, and only to pace delivery.
//
// Fixed resources the demo and the tests rely on:
//
//   - checkout-api: versions 1..5; alias "live" = version 4 with a 10%
//     weighted canary to version 5 (which errors more); alias "prev" = 3.
//   - payments-webhook: an error storm, 30-40% of invocations fail; Invoke
//     sometimes returns FunctionError "Unhandled".
//   - image-resize: reserved concurrency 10 while demand needs more, so it
//     throttles every minute.
//   - search-indexer: alias "prod" with 20 provisioned concurrency (READY)
//     and a Kinesis event source; emits IteratorAge.
//   - orders-consumer (SQS) and ddb-stream-projector (DynamoDB stream) have
//     event source mappings; ddb-stream-projector emits IteratorAge.
//   - report-generator: p99 duration close to its 60 s timeout, with the
//     occasional timeout.
//   - thumbnail-worker: max memory used close to its configured memory.
//   - clickstream-ingest: very high traffic with bursts of tens of
//     thousands of invocations a minute (thousands of log lines a second).
//   - legacy-cron: now and then logs hostile lines (OSC 52, OSC 0/2, CSI 2J,
//     OSC 8, SGR colours, U+202E, C1 controls, invalid UTF-8) and, rarely, a
//     line longer than 64 KiB.
//   - email-dispatch: invoked asynchronously; emits AsyncEventsReceived and
//     AsyncEventAge.
//   - audit-log-writer, webhook-retry, kafka-bridge, waf-log-shipper log to
//     /custom/platform/<name>; user-signup, notification-router,
//     recommendation-api, graphql-resolver, stripe-sync and
//     canary-healthcheck use the JSON log format.
//   - ECS clusters prod-api (Container Insights enabled), prod-workers and
//     staging. prod-api/catalog-api has a deployment in progress at start
//     that completes a few minutes later; prod-workers/pdf-renderer had a
//     bad revision that failed and was rolled back by the circuit breaker
//     shortly before start (setting that revision again fails again);
//     prod-workers/image-pipeline is OOM-killed now and then;
//     prod-workers/billing-reconciler runs on FARGATE_SPOT;
//     prod-api/graphql-gateway has a sidecar that logs through awsfirelens.
//   - EKS clusters prod-eks and staging-eks with Fargate profiles and pods
//     in every state a pod can wait in (see eks.go).
package sim

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/pace"
)

// Config shapes the simulated account.
type Config struct {
	// Seed selects the workload; the same seed and the same clock readings
	// give the same data.
	Seed int64
	// Functions is how many Lambda functions exist (default 48, min 40).
	Functions int
	// Services is how many ECS services exist (default 14, min 12).
	Services int
	// Account is the 12-digit account id (default "123456789012").
	Account string
	// Region is the region (default "us-east-1").
	Region string
	// Now is the injected clock; required. Every timestamp the model
	// produces derives from it.
	Now func() time.Time
	// LogPace paces FilterLogEvents the way aws.Provider does, for a
	// caller that uses the account as its backend directly. Nil does not
	// pace: the wire server is always read through an aws.Provider,
	// which paces, and the tests that replay hours of logs in seconds
	// would otherwise wait on the wall clock.
	LogPace *pace.Pacer
}

// Account is the simulated AWS account. It is safe for concurrent use.
type Account struct {
	cfg  Config
	seed uint64
	// start is the clock reading at New: it anchors recent history (the
	// ECS deployments just before start).
	start time.Time
	// past anchors history weeks old (LastModified, versions, service
	// creation): start's UTC day, so a stored date reads the same in every
	// run that day instead of moving with the clock from run to run.
	past time.Time
	// runID tells runs apart: request ids mix it in, so two runs of the
	// same seed never hand out the same id.
	runID uint64

	// mu guards the mutable model: function timelines, recorded
	// invocations, event source mappings, the ECS state, faults and the
	// request counter. Expensive generation runs outside it on snapshots.
	mu      sync.Mutex
	fns     []*function // sorted by name
	byName  map[string]*function
	byGroup map[string]*function
	esms    map[string]*function // event source mapping UUID -> function
	faults  map[string]Fault
	// calls counts operations by name (see Calls).
	calls map[string]int
	ecs   *ecsModel // built on first ECS use; see ecsLocked
	eks   *eksModel // built on first EKS use; see eksLocked

	caches *caches
	// tailLimit is the Live Tail session length (3 h unless a test sets
	// it); guarded by mu.
	tailLimit time.Duration
	// reqSeq numbers request ids; atomic so errors can be built under mu.
	reqSeq atomic.Uint64
}

// Compile-time check that Account provides every capability virga uses.
var _ providers.FullBackend = (*Account)(nil)

// New builds the account. It reads cfg.Now once, to anchor history. It
// panics when cfg.Now is nil: a model without a clock is a programming
// error, not a runtime condition.
func New(cfg Config) *Account {
	if cfg.Now == nil {
		panic("sim: Config.Now is required")
	}
	if cfg.Functions == 0 {
		cfg.Functions = 48
	}
	cfg.Functions = max(cfg.Functions, 40)
	if cfg.Services == 0 {
		cfg.Services = 14
	}
	cfg.Services = max(cfg.Services, 12)
	if cfg.Account == "" {
		cfg.Account = "123456789012"
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	a := &Account{
		cfg:    cfg,
		seed:   mix(uint64(cfg.Seed)),
		start:  cfg.Now().UTC(),
		faults: map[string]Fault{},
		calls:  map[string]int{},
		caches: newCaches(),
	}
	a.past = a.start.Truncate(24 * time.Hour)
	a.runID = uint64(a.start.UnixNano())
	a.buildFunctions()
	return a
}

// now is the model's only clock reading.
func (a *Account) now() time.Time { return a.cfg.Now().UTC() }

// Identity reports the simulated caller.
func (a *Account) Identity(ctx context.Context) (providers.Identity, error) {
	if err := a.begin(ctx, "STS.GetCallerIdentity"); err != nil {
		return providers.Identity{}, err
	}
	return providers.Identity{
		Account: a.cfg.Account,
		Region:  a.cfg.Region,
		Profile: "demo",
		ARN:     fmt.Sprintf("arn:aws:sts::%s:assumed-role/virga-demo/demo", a.cfg.Account),
		Demo:    true,
	}, nil
}

// requestID returns the next request id. The same seed, start time and
// sequence of calls give the same ids (tests); runs that start at other
// times get other ids, as every AWS request has its own.
func (a *Account) requestID() string {
	n := a.reqSeq.Add(1)
	return uuid(hash(a.seed, tagRequest, a.runID, n), hash(a.seed, tagRequest, a.runID, n, 1))
}

// fail builds a provider error with a fresh request id.
func (a *Account) fail(kind providers.ErrorKind, op, format string, args ...any) error {
	return &providers.Error{
		Kind:      kind,
		Op:        op,
		Message:   fmt.Sprintf(format, args...),
		RequestID: a.requestID(),
	}
}

func (a *Account) arnPrefix(service string) string {
	return "arn:aws:" + service + ":" + a.cfg.Region + ":" + a.cfg.Account + ":"
}

// minuteOf is the index of the UTC minute containing t.
func minuteOf(t time.Time) int64 { return floorDiv(t.UnixMilli(), 60000) }

// minuteStart is the first instant of minute m.
func minuteStart(m int64) time.Time { return time.UnixMilli(m * 60000).UTC() }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
