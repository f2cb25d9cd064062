package sim

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/internal/wait"
	"github.com/virgahq/virga/providers"
)

// Fault makes an operation misbehave, for tests of throttling, latency and
// paging. Operations are named "Service.Operation" as AWS names them:
// STS.GetCallerIdentity, Lambda.ListFunctions, Lambda.GetFunction,
// Lambda.GetAccountSettings, Lambda.Invoke, Lambda.PutFunctionConcurrency,
// Lambda.DeleteFunctionConcurrency, Lambda.PutProvisionedConcurrencyConfig,
// Lambda.DeleteProvisionedConcurrencyConfig,
// Lambda.UpdateFunctionConfiguration, Lambda.PublishVersion,
// Lambda.UpdateAlias, Lambda.UpdateFunctionCode,
// Lambda.UpdateEventSourceMapping, ECS.ListClusters, ECS.ListServices,
// ECS.ListTasks, ECS.DescribeTaskDefinition, ECS.ListTaskDefinitions,
// ECS.UpdateService, ECS.StopTask, CloudWatch.GetMetricData,
// Logs.FilterLogEvents, Logs.DescribeLogStreams and Logs.StartLiveTail.
type Fault struct {
	// Kind is the error returned; ErrOther (the zero value) injects none,
	// so a Fault can add only latency or empty pages.
	Kind providers.ErrorKind
	// Until ends the fault, on the simulated clock; zero means forever.
	Until time.Time
	// Latency delays each call in real time (it only paces delivery, as a
	// slow network would); the delay honours ctx.
	Latency time.Duration
	// EmptyPages makes FilterLogEvents return an empty page carrying a
	// NextToken before every real page.
	EmptyPages bool
	// Status makes the call fail with a bare HTTP status: the wire server
	// answers it with an HTML page instead of an AWS error, as an
	// emulator's crash or a proxy's 502 does; called directly, the
	// account fails with ErrOther. It overrides Kind.
	Status int
	// Percentiles limits the fault to GetMetricData requests that ask for
	// a percentile statistic (p95, p99.9 ...): moto answers those with
	// HTTP 500 while every other statistic works.
	Percentiles bool
}

// HTTPFault is the error of a Fault with a Status; the wire server
// answers it with that status and a page that is not an AWS error.
type HTTPFault struct{ Status int }

func (f HTTPFault) Error() string { return "HTTP " + strconv.Itoa(f.Status) }

// AllOperations names every operation in SetFault: an outage.
const AllOperations = "*"

// SetFault installs f for op (or AllOperations), replacing any previous
// fault; the zero Fault clears it. A fault of the operation itself wins
// over one of AllOperations.
func (a *Account) SetFault(op string, f Fault) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f == (Fault{}) {
		delete(a.faults, op)
		return
	}
	a.faults[op] = f
}

// activeFault returns the fault for op if it is still in force.
func (a *Account) activeFault(op string) (Fault, bool) {
	a.mu.Lock()
	f, ok := a.faults[op]
	if !ok {
		f, ok = a.faults[AllOperations]
	}
	a.mu.Unlock()
	if !ok || (!f.Until.IsZero() && !a.now().Before(f.Until)) {
		return Fault{}, false
	}
	return f, true
}

// begin is the preamble of every operation: it honours cancellation,
// counts the call and applies the operation's fault.
func (a *Account) begin(ctx context.Context, op string) error {
	return a.beginIf(ctx, op, func(Fault) bool { return true })
}

// beginIf is begin for a fault that applies only to some requests:
// applies says whether the installed fault concerns this one.
func (a *Account) beginIf(ctx context.Context, op string, applies func(Fault) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.countCall(op)
	f, ok := a.activeFault(op)
	if !ok || !applies(f) {
		return nil
	}
	if f.Latency > 0 {
		if err := wait.Sleep(ctx, f.Latency); err != nil {
			return err
		}
	}
	if f.Status != 0 {
		return &providers.Error{Kind: providers.ErrOther, Op: op, RequestID: a.requestID(),
			Message: "injected fault: HTTP " + strconv.Itoa(f.Status), Err: HTTPFault{Status: f.Status}}
	}
	if f.Kind == providers.ErrOther {
		return nil
	}
	e := &providers.Error{Kind: f.Kind, Op: op, RequestID: a.requestID()}
	switch f.Kind {
	case providers.ErrThrottled:
		e.Message = "Rate exceeded"
		e.RetryAfter = time.Second
	case providers.ErrAccessDenied:
		e.Action = iamAction(op)
		e.Message = "not authorized to perform: " + e.Action
	case providers.ErrCredentials:
		e.Message = "the security token included in the request is expired"
	case providers.ErrNetwork:
		e.Message = "connection reset by peer"
	default:
		e.Message = "injected fault: " + f.Kind.String()
	}
	return e
}

// iamAction names the IAM action behind an operation, e.g.
// "Lambda.ListFunctions" -> "lambda:ListFunctions".
func iamAction(op string) string {
	svc, name, _ := strings.Cut(op, ".")
	switch svc {
	case "CloudWatch":
		svc = "cloudwatch"
	case "Logs":
		svc = "logs"
	default:
		svc = strings.ToLower(svc)
	}
	return svc + ":" + name
}

// asksPercentile reports whether a query of req asks for a percentile.
func asksPercentile(req providers.MetricRequest) bool {
	for _, q := range req.Queries {
		if k, ok := parseStat(q.Stat); ok && k.name == "p" {
			return true
		}
	}
	return false
}
