package sim

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// mutate appends a modified copy of f's current configuration, effective
// from now. fn runs under the lock and must not call anything that locks.
func (a *Account) mutate(f *function, now time.Time, fn func(cur, next *fnConfig) error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	cur := f.tl.latest()
	next := cur.clone()
	next.from = now
	if now.Before(cur.from) {
		next.from = cur.from // a clock that went backwards never reorders history
	}
	if err := fn(cur, next); err != nil {
		return err
	}
	f.tl = f.tl.with(next)
	return nil
}

func (a *Account) errLocked(kind providers.ErrorKind, op, rid, format string, args ...any) error {
	return &providers.Error{Kind: kind, Op: op, RequestID: rid, Message: fmt.Sprintf(format, args...)}
}

// minUnreserved is the concurrency AWS keeps unreserved in every account.
const minUnreserved = 100

// PutReservedConcurrency reserves n concurrent executions for a function;
// 0 throttles every invocation (the kill switch).
func (a *Account) PutReservedConcurrency(ctx context.Context, function string, n int) (providers.Receipt, error) {
	const op = "Lambda.PutFunctionConcurrency"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	if n < 0 {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: ReservedConcurrentExecutions must be >= 0")
	}
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		if a.concurrencyLimit()-a.reservedLocked(f)-n < minUnreserved {
			return a.errLocked(providers.ErrInvalid, op, rid,
				"InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", minUnreserved)
		}
		next.reserved = n
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid, Result: "reserved concurrency " + strconv.Itoa(n),
		Applied: map[string]string{providers.AppliedReserved: strconv.Itoa(n)}}, nil
}

// DeleteReservedConcurrency returns a function to the unreserved pool.
func (a *Account) DeleteReservedConcurrency(ctx context.Context, function string) (providers.Receipt, error) {
	f, rid, now, err := a.prepare(ctx, "Lambda.DeleteFunctionConcurrency", function)
	if err != nil {
		return providers.Receipt{}, err
	}
	_ = a.mutate(f, now, func(cur, next *fnConfig) error { next.reserved = -1; return nil })
	return providers.Receipt{RequestID: rid, Result: "unreserved"}, nil
}

// PutProvisionedConcurrency starts allocating n environments on an alias
// or version: IN_PROGRESS for one to two minutes of simulated time, then
// READY, or FAILED when the account cannot spare the concurrency.
func (a *Account) PutProvisionedConcurrency(ctx context.Context, function, qualifier string, n int) (providers.Receipt, error) {
	const op = "Lambda.PutProvisionedConcurrencyConfig"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	if qualifier == "" || qualifier == "$LATEST" {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	}
	if n < 1 {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: ProvisionedConcurrentExecutions must be >= 1")
	}
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		_, isAlias := cur.alias(qualifier)
		_, isVersion := cur.version(qualifier)
		if !isAlias && !isVersion {
			return a.errLocked(providers.ErrNotFound, op, rid, "ResourceNotFoundException: Function not found: %s:%s", f.arn, qualifier)
		}
		if cur.reserved >= 0 && n > cur.reserved {
			return a.errLocked(providers.ErrInvalid, op, rid, "InvalidParameterValueException: Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
		}
		avail := a.concurrencyLimit() - a.reservedLocked(nil) - minUnreserved
		for _, g := range a.fns {
			if g == f {
				continue
			}
			for _, p := range g.tl.latest().pcs {
				if !p.failed {
					avail -= p.requested
				}
			}
		}
		pc := pcConfig{qualifier: qualifier, requested: n, at: now,
			readyAt: now.Add(time.Duration(60+hash(a.seed, f.key, uint64(now.UnixNano()))%60) * time.Second)}
		if n > avail {
			pc.failed = true
			pc.reason = "Insufficient unreserved concurrency available in the account to allocate the requested provisioned concurrency."
		}
		next.pcs = append(next.pcs[:0:0], pc)
		for _, p := range cur.pcs {
			if p.qualifier != qualifier {
				next.pcs = append(next.pcs, p)
			}
		}
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid, Result: fmt.Sprintf("provisioned concurrency %d on %s", n, qualifier),
		Applied: map[string]string{providers.AppliedProvisioned: strconv.Itoa(n)}}, nil
}

// DeleteProvisionedConcurrency removes the configuration on a qualifier.
func (a *Account) DeleteProvisionedConcurrency(ctx context.Context, function, qualifier string) (providers.Receipt, error) {
	const op = "Lambda.DeleteProvisionedConcurrencyConfig"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		next.pcs = next.pcs[:0:0]
		for _, p := range cur.pcs {
			if p.qualifier != qualifier {
				next.pcs = append(next.pcs, p)
			}
		}
		if len(next.pcs) == len(cur.pcs) {
			return a.errLocked(providers.ErrNotFound, op, rid, "ProvisionedConcurrencyConfigNotFoundException: No Provisioned Concurrency Config found for this function")
		}
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid}, nil
}

// updateWindow is how long LastUpdateStatus stays InProgress.
func (a *Account) updateWindow(f *function, now time.Time) time.Duration {
	return time.Duration(3000+hash(f.key, uint64(now.UnixNano()))%4000) * time.Millisecond
}

func (a *Account) conflict(op, rid string, f *function) error {
	return a.errLocked(providers.ErrConflict, op, rid, "ResourceConflictException: The operation cannot be performed at this time. An update is in progress for resource: %s", f.arn)
}

// UpdateFunctionConfiguration changes memory and/or timeout. The function
// is InProgress for a few seconds and its environments restart (cold
// starts follow).
func (a *Account) UpdateFunctionConfiguration(ctx context.Context, function string, u providers.FunctionConfigUpdate) (providers.Receipt, error) {
	const op = "Lambda.UpdateFunctionConfiguration"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	switch {
	case u.MemoryMB == nil && u.TimeoutSec == nil:
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: nothing to update")
	case u.MemoryMB != nil && (*u.MemoryMB < 128 || *u.MemoryMB > 10240):
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: MemorySize must be between 128 and 10240 MB")
	case u.TimeoutSec != nil && (*u.TimeoutSec < 1 || *u.TimeoutSec > 900):
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: Timeout must be between 1 and 900 seconds")
	}
	var answer map[string]string
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		if now.Before(cur.updateDone) {
			return a.conflict(op, rid, f)
		}
		if u.MemoryMB != nil {
			next.memoryMB = *u.MemoryMB
		}
		if u.TimeoutSec != nil {
			next.timeoutSec = *u.TimeoutSec
		}
		next.gen++
		next.modified = now
		next.updateDone = now.Add(a.updateWindow(f, now))
		// Lambda answers with the whole new configuration.
		answer = map[string]string{providers.AppliedMemoryMB: strconv.Itoa(next.memoryMB), providers.AppliedTimeoutSec: strconv.Itoa(next.timeoutSec)}
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid, Applied: answer}, nil
}

// PublishVersion snapshots $LATEST as the next version. As in Lambda,
// publishing unchanged code and configuration returns the latest version
// instead of a new one.
func (a *Account) PublishVersion(ctx context.Context, function, description string) (providers.Receipt, error) {
	const op = "Lambda.PublishVersion"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	var result string
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		if now.Before(cur.updateDone) {
			return a.conflict(op, rid, f)
		}
		n := len(cur.versions)
		if n > 0 {
			last := cur.versions[n-1]
			if last.code.sha == cur.code.sha && last.memoryMB == cur.memoryMB && last.timeoutSec == cur.timeoutSec {
				result = last.name
				return nil
			}
		}
		result = strconv.Itoa(n + 1)
		next.versions = append(next.versions, version{
			name: result, desc: description, memoryMB: cur.memoryMB, timeoutSec: cur.timeoutSec, code: cur.code, modified: now,
		})
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid, Result: result}, nil
}

// UpdateAlias points an alias at a version, optionally with one weighted
// additional version; traffic in later minutes follows.
func (a *Account) UpdateAlias(ctx context.Context, function, aliasName, ver string, weights map[string]float64) (providers.Receipt, error) {
	const op = "Lambda.UpdateAlias"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	if len(weights) > 1 {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: only one additional version may be weighted")
	}
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		idx := -1
		for i, al := range cur.aliases {
			if al.name == aliasName {
				idx = i
			}
		}
		if idx < 0 {
			return a.errLocked(providers.ErrNotFound, op, rid, "ResourceNotFoundException: Alias not found: %s:%s", f.arn, aliasName)
		}
		if _, ok := cur.version(ver); !ok {
			return a.errLocked(providers.ErrNotFound, op, rid, "ResourceNotFoundException: Function not found: %s:%s", f.arn, ver)
		}
		al := next.aliases[idx]
		al.version, al.extra, al.weight = ver, "", 0
		for v, w := range weights {
			if _, ok := cur.version(v); !ok || v == ver || w <= 0 || w >= 1 {
				return a.errLocked(providers.ErrInvalid, op, rid, "InvalidParameterValueException: invalid additional version weight %s=%g", v, w)
			}
			al.extra, al.weight = v, w
		}
		al.revision = uuid(hash(f.key, uint64(now.UnixNano())), hash(f.key, uint64(len(next.versions))))
		next.aliases[idx] = al
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid, Result: aliasName + " -> " + ver, Applied: map[string]string{providers.AppliedVersion: ver}}, nil
}

// UpdateFunctionCode deploys new code to $LATEST: an image for image
// functions, an S3 object for zip functions.
func (a *Account) UpdateFunctionCode(ctx context.Context, function string, code providers.CodeSource) (providers.Receipt, error) {
	const op = "Lambda.UpdateFunctionCode"
	f, rid, now, err := a.prepare(ctx, op, function)
	if err != nil {
		return providers.Receipt{}, err
	}
	if f.spec.runtime == "" && code.ImageURI == "" {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: Please provide ImageUri when updating a function with packageType Image.")
	}
	if f.spec.runtime != "" && (code.S3Bucket == "" || code.S3Key == "") {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterValueException: Please provide S3Bucket and S3Key when updating a function with packageType Zip.")
	}
	err = a.mutate(f, now, func(cur, next *fnConfig) error {
		if now.Before(cur.updateDone) {
			return a.conflict(op, rid, f)
		}
		next.code = a.codeRev(f, 100+next.gen)
		if code.ImageURI != "" {
			next.code.image = code.ImageURI
		}
		next.gen++
		next.modified = now
		next.updateDone = now.Add(a.updateWindow(f, now))
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	return providers.Receipt{RequestID: rid}, nil
}

// SetEventSourceEnabled enables or disables an event source mapping. It
// passes through Enabling/Disabling for a few seconds; a paused stream
// builds a backlog that shows in IteratorAge once resumed.
func (a *Account) SetEventSourceEnabled(ctx context.Context, id string, enabled bool) (providers.Receipt, error) {
	const op = "Lambda.UpdateEventSourceMapping"
	if err := a.begin(ctx, op); err != nil {
		return providers.Receipt{}, err
	}
	f, ok := a.esms[id]
	if !ok {
		return providers.Receipt{}, a.fail(providers.ErrNotFound, op, "ResourceNotFoundException: The resource you requested does not exist. (Service: Lambda, Status Code: 404)")
	}
	rid, now := a.requestID(), a.now()
	err := a.mutate(f, now, func(cur, next *fnConfig) error {
		if now.Before(cur.esmAt.Add(esmSettle)) {
			return a.errLocked(providers.ErrConflict, op, rid, "ResourceInUseException: Cannot update the event source mapping %s because it is in use.", id)
		}
		if cur.esmEnabled == enabled {
			return nil
		}
		next.esmEnabled, next.esmAt = enabled, now
		if !enabled {
			next.esmOffAt = now
		}
		return nil
	})
	if err != nil {
		return providers.Receipt{}, err
	}
	state := "Disabling"
	if enabled {
		state = "Enabling"
	}
	return providers.Receipt{RequestID: rid, Result: state}, nil
}

// prepare is the common start of a Lambda action.
func (a *Account) prepare(ctx context.Context, op, function string) (*function, string, time.Time, error) {
	f, err := a.beginFunction(ctx, op, function)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	return f, a.requestID(), a.now(), nil
}

// UpdateService scales a service and/or starts a new deployment (a new
// task definition revision, or the same one forced).
func (a *Account) UpdateService(ctx context.Context, u providers.ServiceUpdate) (providers.Receipt, error) {
	const op = "ECS.UpdateService"
	if err := a.begin(ctx, op); err != nil {
		return providers.Receipt{}, err
	}
	rid := a.requestID()
	if u.Desired != nil && *u.Desired < 0 {
		return providers.Receipt{}, a.fail(providers.ErrInvalid, op, "InvalidParameterException: desiredCount must be >= 0")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.ecsLocked()
	now := a.now()
	cl, err := a.cluster(op, m, u.Cluster)
	if err != nil {
		return providers.Receipt{}, err
	}
	s := cl.byName[u.Service]
	if s == nil {
		return providers.Receipt{}, a.errLocked(providers.ErrNotFound, op, rid, "ServiceNotFoundException: Service not found.")
	}
	rev := s.primary().rev
	if u.TaskDefinition != "" {
		fam, r, ok := m.parseTaskDef(u.TaskDefinition)
		if !ok || fam != s.fam {
			return providers.Receipt{}, a.errLocked(providers.ErrInvalid, op, rid, "ClientException: TaskDefinition not found or not of family %s.", s.fam.name)
		}
		rev = r
	}
	if u.Desired != nil {
		s.desired = *u.Desired
		s.desiredHist = append(s.desiredHist, desiredAt{at: now, n: s.desired})
		s.primary().desired = s.desired
		s.primary().updated = now
	}
	result := ""
	if rev != s.primary().rev || u.ForceNewDeployment {
		result = s.redeploy(now, rev).id
	}
	s.nextWake = gridCeil(now.Add(time.Nanosecond))
	// ECS answers with the service as it now is.
	answer := map[string]string{providers.AppliedDesired: strconv.Itoa(s.desired)}
	if u.TaskDefinition != "" {
		answer[providers.AppliedTaskDefinition] = a.tdARN(s.fam, rev)
	}
	return providers.Receipt{RequestID: rid, Result: result, Applied: answer}, nil
}

// StopTask stops a task with a reason; the scheduler replaces it.
func (a *Account) StopTask(ctx context.Context, cluster, task, reason string) (providers.Receipt, error) {
	const op = "ECS.StopTask"
	return inCluster(a, ctx, op, cluster, func(cl *ecsCluster, now time.Time) (providers.Receipt, error) {
		rid := a.requestID()
		for _, s := range cl.services {
			for _, t := range s.tasks {
				if t.id != task && a.arnPrefix("ecs")+"task/"+cl.name+"/"+t.id != task {
					continue
				}
				if reason == "" {
					reason = "Task stopped by user"
				}
				if t.live(now) {
					s.stop(t, now, "UserInitiated", reason, 0)
					s.nextWake = gridCeil(now.Add(time.Nanosecond))
				}
				return providers.Receipt{RequestID: rid, Result: t.id}, nil
			}
		}
		return providers.Receipt{}, a.errLocked(providers.ErrNotFound, op, rid, "InvalidParameterException: The referenced task was not found.")
	})
}
