package action

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// WatchTarget is what to read again after a change to see it take effect.
type WatchTarget uint8

// Watch targets.
const (
	WatchNone WatchTarget = iota
	// WatchFunction reads the function (GetFunction).
	WatchFunction
	// WatchService reads the service's cluster (ListServices).
	WatchService
	// WatchTasks lists the cluster's tasks again.
	WatchTasks
	// WatchKubeDeployment reads a Kubernetes deployment (of a pod, for a
	// deleted pod) in its namespace.
	WatchKubeDeployment
)

type watchSpec struct {
	target WatchTarget
	// until judges a fresh read; nil means the first read completes the
	// watch (the change is effective at once).
	until func(a Action, p Polled, r providers.Receipt) Progress
}

// Polled is a fresh read of what an action changed.
type Polled struct {
	Function *providers.FunctionDetail
	Service  *providers.Service
	// Services are all the services of the cluster read for Service,
	// for callers that show them.
	Services []providers.Service
	// KubeDeployment is the deployment an EKS change is watched through.
	KubeDeployment *providers.KubeDeployment
}

// Progress says how far a change has taken effect.
type Progress struct {
	Done   bool
	Failed bool
	Text   string
}

// Watch returns what to read after the change.
func (a Action) Watch() WatchTarget { return a.watch.target }

// Waits reports whether the change takes time to complete (allocation,
// an update, a rollout) so a caller should poll until Progress is Done.
func (a Action) Waits() bool { return a.watch.until != nil }

// Progress judges a fresh read after the change.
func (a Action) Progress(p Polled, r providers.Receipt) Progress {
	if a.watch.until == nil {
		return Progress{Done: true, Text: "done"}
	}
	if what := p.lacks(a.watch.target); what != "" {
		return Progress{Text: "waiting for " + what}
	}
	return a.watch.until(a, p, r)
}

// lacks names what a read of target did not bring back yet ("the
// function"), "" when it holds it: until judges only complete reads.
func (p Polled) lacks(target WatchTarget) string {
	switch {
	case target == WatchFunction && p.Function == nil:
		return "the function"
	case target == WatchService && p.Service == nil:
		return "the service"
	case target == WatchKubeDeployment && p.KubeDeployment == nil:
		return "the deployment"
	}
	return ""
}

// Watcher follows a change until it settles: the TUI's targeted refresh
// after an action and the CLI's --wait both read with Poll every Every
// and judge each read with Next, so they agree on when a change is done,
// failed or taking too long.
type Watcher struct {
	act     Action
	rc      providers.Receipt
	started time.Time
	limit   time.Duration
	last    string
}

// NewWatcher follows a, which answered rc, from now; it gives up after
// limit.
func NewWatcher(a Action, rc providers.Receipt, now time.Time, limit time.Duration) *Watcher {
	return &Watcher{act: a, rc: rc, started: now, limit: limit}
}

// Action is the change followed.
func (w *Watcher) Action() Action { return w.act }

// Limit is how long the watcher follows the change.
func (w *Watcher) Limit() time.Duration { return w.limit }

// Every is the wait between reads: faster than a normal refresh, slower
// for ECS, whose tasks take tens of seconds to start or drain.
func (w *Watcher) Every() time.Duration {
	if w.act.Watch() == WatchService {
		return 3 * time.Second
	}
	return 2 * time.Second
}

// Polls reports whether b can read what the watch follows.
func (w *Watcher) Polls(b providers.Backend) bool {
	switch w.act.Watch() {
	case WatchFunction:
		_, ok := b.(providers.FunctionReader)
		return ok
	case WatchService:
		return true
	case WatchKubeDeployment:
		_, ok := b.(providers.DeploymentLister)
		return ok && w.act.WatchedDeployment() != ""
	}
	return false
}

// Poll reads again what the action changed: the function (GetFunction),
// the service's cluster (ListServices) or the Kubernetes deployment's
// namespace (ListDeployments).
func (w *Watcher) Poll(ctx context.Context, b providers.Backend) (Polled, error) {
	var p Polled
	r := w.act.Resource
	switch w.act.Watch() {
	case WatchFunction:
		fr, ok := b.(providers.FunctionReader)
		if !ok {
			return p, errors.New("cannot read functions")
		}
		d, err := fr.GetFunction(ctx, r.Function)
		if err != nil {
			return p, err
		}
		p.Function = &d
	case WatchService:
		svcs, err := b.ListServices(ctx, r.Cluster)
		if err != nil {
			return p, err
		}
		p.Services = svcs
		for i := range svcs {
			if svcs[i].Name == r.Service {
				p.Service = &svcs[i]
			}
		}
	case WatchKubeDeployment:
		return p, pollKubeDeployment(ctx, b, w.act, &p)
	}
	return p, nil
}

// Step is one read judged.
type Step struct {
	// Progress is how far the change is; after a failed read, the last
	// one known.
	Progress
	// Changed says Text differs from the previous read's: worth showing.
	Changed bool
	// GaveUp says the change is still in progress at the watcher's limit.
	GaveUp bool
	// Err is a failed read. The next read comes after Every; the change
	// itself is never retried.
	Err error
}

// Over reports whether the watch ends with this step.
func (s Step) Over() bool { return s.Done || s.GaveUp }

// Next judges a read (p, or the error it failed with) made at now.
func (w *Watcher) Next(p Polled, err error, now time.Time) Step {
	var st Step
	if err != nil {
		st.Err, st.Text = err, w.last
	} else {
		st.Progress = w.act.Progress(p, w.rc)
		st.Changed = st.Text != w.last
		w.last = st.Text
	}
	st.GaveUp = !st.Done && now.Sub(w.started) > w.limit
	return st
}

func untilProvisioned(a Action, p Polled, _ providers.Receipt) Progress {
	for _, pc := range p.Function.Provisioned {
		if pc.Qualifier != a.Resource.Qualifier {
			continue
		}
		text := fmt.Sprintf("provisioned %s: %d/%d allocated, %s", pc.Qualifier, pc.Allocated, pc.Requested, pc.Status)
		switch pc.Status {
		case "READY":
			return Progress{Done: true, Text: text}
		case "FAILED":
			if pc.StatusReason != "" {
				text += ": " + pc.StatusReason
			}
			return Progress{Done: true, Failed: true, Text: text}
		}
		return Progress{Text: text}
	}
	return Progress{Text: "provisioned " + a.Resource.Qualifier + ": not listed yet"}
}

func untilProvisionedGone(a Action, p Polled, _ providers.Receipt) Progress {
	for _, pc := range p.Function.Provisioned {
		if pc.Qualifier == a.Resource.Qualifier {
			return Progress{Text: "provisioned " + pc.Qualifier + ": still " + pc.Status}
		}
	}
	return Progress{Done: true, Text: "provisioned " + a.Resource.Qualifier + ": removed"}
}

func untilUpdated(_ Action, p Polled, _ providers.Receipt) Progress {
	switch s := p.Function.Function.LastUpdateStatus; s {
	case "Successful", "":
		return Progress{Done: true, Text: "update successful"}
	case "Failed":
		return Progress{Done: true, Failed: true, Text: "update failed"}
	default:
		return Progress{Text: "update " + s}
	}
}

func untilMapping(a Action, p Polled, _ providers.Receipt) Progress {
	for _, m := range p.Function.EventSources {
		if m.UUID != a.Resource.UUID {
			continue
		}
		text := "event source " + m.State
		if m.State == a.After {
			return Progress{Done: true, Text: text}
		}
		return Progress{Text: text}
	}
	return Progress{Done: true, Failed: true, Text: "event source mapping no longer listed"}
}

func untilDesired(a Action, p Polled, _ providers.Receipt) Progress {
	s := p.Service
	text := "tasks " + strconv.Itoa(s.Running) + "/" + strconv.Itoa(s.Desired) + " running, " + strconv.Itoa(s.Pending) + " pending"
	if s.Running == s.Desired && s.Pending == 0 {
		return Progress{Done: true, Text: text + ": converged"}
	}
	return Progress{Text: text}
}

// untilRollout follows the deployment the change started (the receipt
// names it; otherwise the primary one) until it completes or fails, and
// says when the circuit breaker rolled it back.
func untilRollout(_ Action, p Polled, r providers.Receipt) Progress {
	s := p.Service
	var dep *providers.Deployment
	for i := range s.Deployments {
		d := &s.Deployments[i]
		if r.Result != "" && d.ID == r.Result || r.Result == "" && d.Status == "PRIMARY" {
			dep = d
		}
	}
	if dep == nil {
		return Progress{Done: true, Failed: true, Text: "deployment replaced: now " + TaskDefName(s.TaskDefinition)}
	}
	old := 0
	for _, d := range s.Deployments {
		if d.ID != dep.ID && d.Status != "INACTIVE" {
			old += d.Running
		}
	}
	text := fmt.Sprintf("rollout %s %s: %d/%d new running, %d pending, %d failed, %d old draining",
		TaskDefName(dep.TaskDefinition), dep.RolloutState, dep.Running, dep.Desired, dep.Pending, dep.Failed, old)
	switch dep.RolloutState {
	case "COMPLETED":
		return Progress{Done: true, Text: fmt.Sprintf("rollout %s completed: %d/%d running", TaskDefName(dep.TaskDefinition), dep.Running, dep.Desired)}
	case "FAILED":
		reason := dep.RolloutReason
		if reason == "" {
			reason = "failed"
		}
		return Progress{Done: true, Failed: true, Text: "rollout " + TaskDefName(dep.TaskDefinition) + " failed: " + reason + "; service on " + TaskDefName(s.TaskDefinition)}
	}
	if dep.Status == "INACTIVE" {
		return Progress{Done: true, Failed: true, Text: "rollout " + TaskDefName(dep.TaskDefinition) + " stopped; service on " + TaskDefName(s.TaskDefinition)}
	}
	return Progress{Text: text}
}
