package sim

import (
	"context"
	"strings"
	"time"

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
}

// SetFault installs f for op, replacing any previous fault; the zero Fault
// clears it.
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
	a.mu.Unlock()
	if !ok || (!f.Until.IsZero() && !a.now().Before(f.Until)) {
		return Fault{}, false
	}
	return f, true
}

// begin is the preamble of every operation: it honours cancellation,
// counts the call and applies the operation's fault.
func (a *Account) begin(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.countCall(op)
	f, ok := a.activeFault(op)
	if !ok {
		return nil
	}
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
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
