package aws

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go/middleware"

	"github.com/virgahq/virga/providers"
)

// accounting counts what the Provider spends: operations (one per client
// call), HTTP attempts (retries included), failures by outcome, and the
// GetMetricData queries CloudWatch bills for.
type accounting struct {
	since time.Time

	mu      sync.Mutex
	ops     map[opKey]*providers.CallStat
	metrics int
}

type opKey struct{ service, operation string }

func newAccounting(now func() time.Time) *accounting {
	return &accounting{since: now(), ops: map[opKey]*providers.CallStat{}}
}

// shortService maps the SDK's service id to the names virga shows.
func shortService(id string) string {
	switch id {
	case "CloudWatch Logs":
		return svcLogs
	case "":
		return "unknown"
	}
	return id
}

// stat returns the counters of an operation; a.mu must be held.
func (a *accounting) stat(service, operation string) *providers.CallStat {
	k := opKey{service, operation}
	s := a.ops[k]
	if s == nil {
		s = &providers.CallStat{Service: service, Operation: operation}
		a.ops[k] = s
	}
	return s
}

// apiOptions are the stack mutators that feed the counters: an Initialize
// step for operations and outcomes, and a Finalize step right after
// "Retry" that runs once per HTTP attempt.
func (a *accounting) apiOptions() []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{
		func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("virga.CountOperations", a.countOperation), middleware.Before)
		},
		func(s *middleware.Stack) error {
			return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("virga.CountAttempts", a.countAttempt), "Retry", middleware.After)
		},
	}
}

func (a *accounting) countOperation(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	service, op := shortService(awsmiddleware.GetServiceID(ctx)), awsmiddleware.GetOperationName(ctx)
	queries := 0
	if in, ok := in.Parameters.(*cloudwatch.GetMetricDataInput); ok {
		queries = len(in.MetricDataQueries)
	}
	a.mu.Lock()
	a.stat(service, op).Calls++
	a.metrics += queries
	a.mu.Unlock()

	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil {
		a.mu.Lock()
		s := a.stat(service, op)
		if isThrottle(err) {
			s.Throttles++
		} else {
			s.Errors++
		}
		a.mu.Unlock()
	}
	return out, md, err
}

func (a *accounting) countAttempt(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	service, op := shortService(awsmiddleware.GetServiceID(ctx)), awsmiddleware.GetOperationName(ctx)
	a.mu.Lock()
	a.stat(service, op).Attempts++
	a.mu.Unlock()
	return next.HandleFinalize(ctx, in)
}

// countRequest counts one request sent outside the SDK (the Kubernetes
// API): one call, one attempt, and its outcome.
func (a *accounting) countRequest(service, op string, err error, status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.stat(service, op)
	s.Calls++
	s.Attempts++
	switch {
	case status == 429:
		s.Throttles++
	case err != nil || status >= 400:
		s.Errors++
	}
}

// snapshot copies the counters, sorted by service then operation.
func (a *accounting) snapshot() providers.Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	st := providers.Stats{Since: a.since, MetricsRequested: a.metrics, Calls: make([]providers.CallStat, 0, len(a.ops))}
	for _, s := range a.ops {
		st.Calls = append(st.Calls, *s)
	}
	slices.SortFunc(st.Calls, func(x, y providers.CallStat) int {
		if c := strings.Compare(x.Service, y.Service); c != 0 {
			return c
		}
		return strings.Compare(x.Operation, y.Operation)
	})
	return st
}
