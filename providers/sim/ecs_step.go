package sim

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// The ECS model advances in fixed 5-second steps of simulated time. A
// service only wakes at steps where something can happen to it (a task
// transition it scheduled, a natural event, a periodic message), so a
// quiet service costs nothing however far the clock jumps. Every decision
// draws from the service's own counter-seeded stream, so the state after
// advancing to t depends only on the seed, the start, t and the actions.
const ecsStep = 5 * time.Second

// gridCeil is the first step at or after t.
func gridCeil(t time.Time) time.Time {
	g := t.Truncate(ecsStep)
	if g.Before(t) {
		g = g.Add(ecsStep)
	}
	return g
}

// ecsLocked returns the ECS model advanced to now; a.mu must be held.
func (a *Account) ecsLocked() *ecsModel {
	if a.ecs == nil {
		a.ecs = a.buildECS()
	}
	a.ecs.advanceTo(a.now())
	return a.ecs
}

func (m *ecsModel) advanceTo(t time.Time) {
	if !t.After(m.advanced) {
		return
	}
	// A jump of months is not worth replaying step by step.
	if t.Sub(m.advanced) > 30*24*time.Hour {
		m.advanced = t.Add(-30 * 24 * time.Hour)
	}
	for _, cl := range m.clusters {
		for _, s := range cl.services {
			if s.nextWake.Before(m.advanced) {
				s.nextWake = gridCeil(m.advanced)
			}
			for !s.nextWake.After(t) {
				at := s.nextWake
				s.step(at)
				s.nextWake = s.wakeAfter(at)
			}
		}
	}
	m.advanced = t
}

// event appends a service event; ECS keeps the latest 100.
func (s *ecsService) event(at time.Time, format string, args ...any) {
	h := s.draw()
	msg := "(service " + s.name + ") " + fmt.Sprintf(format, args...)
	s.events = append(s.events, providers.ServiceEvent{ID: uuid(h, mix(h)), CreatedAt: at, Message: msg})
	if n := len(s.events); n > 100 {
		s.events = append(s.events[:0:0], s.events[n-100:]...)
	}
}

func taskList(ts []*ecsTask) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = "(task " + t.id + ")"
	}
	return strings.Join(parts, " ")
}

// step applies everything due at `at`.
func (s *ecsService) step(at time.Time) {
	if !s.natNext.IsZero() && !s.natNext.After(at) {
		s.natural(at)
		s.natNext = s.nextNatural(at)
	}
	s.account(at)
	s.breaker(at)
	s.schedule(at)
	s.settle(at)
	if !s.steadyNext.IsZero() && !at.Before(s.steadyNext) && s.primary().rollout != "IN_PROGRESS" {
		s.event(at, "has reached a steady state.")
		s.steadyNext = at.Add(6*time.Hour + time.Duration(s.draw()%1800)*time.Second)
	}
	// ECS shows stopped tasks for about an hour.
	keep := s.tasks[:0]
	for _, t := range s.tasks {
		if t.stopped.IsZero() || at.Sub(t.stopped) < time.Hour {
			keep = append(keep, t)
		}
	}
	clear(s.tasks[len(keep):])
	s.tasks = keep
	if n := len(s.history); n > 400 {
		s.history = append(s.history[:0:0], s.history[n-300:]...)
	}
}

// account counts failed tasks against their deployment and registers
// newly running tasks with the load balancer.
func (s *ecsService) account(at time.Time) {
	registered := 0
	for _, t := range s.tasks {
		if t.fate != fateOK && !t.counted && !t.stopped.IsZero() && !t.stopped.After(at) {
			t.counted = true
			t.dep.failed++
			t.dep.updated = at
			if s.spec.noBreaker {
				s.nextLaunch = at.Add(time.Minute)
			}
		}
		if s.spec.lb() && !t.registered && t.fate == fateOK && !t.started.IsZero() && !t.started.After(at) && t.live(at) {
			t.registered = true
			registered++
		}
	}
	if registered > 0 {
		s.event(at, "registered %d targets in (target-group %s)", registered, s.tg)
	}
}

// breaker trips the deployment circuit breaker and rolls back.
func (s *ecsService) breaker(at time.Time) {
	p := s.primary()
	threshold := min(200, max(3, int(math.Ceil(0.5*float64(p.desired)))))
	if s.spec.noBreaker || p.rollout != "IN_PROGRESS" || p.failed < threshold {
		return
	}
	p.rollout, p.reason, p.updated = "FAILED", "ECS deployment circuit breaker: tasks failed to start.", at
	s.event(at, "deployment %s deployment failed: tasks failed to start.", p.id)
	var prev *ecsDeployment
	for _, d := range s.deps[1:] {
		if d.status == "ACTIVE" && d.rollout == "COMPLETED" && (prev == nil || d.created.After(prev.created)) {
			prev = d
		}
	}
	if prev == nil {
		return
	}
	s.event(at, "rolling back to deployment %s.", prev.id)
	p.status = "ACTIVE"
	prev.status, prev.rollout, prev.updated = "PRIMARY", "IN_PROGRESS", at
	prev.reason = "ECS deployment circuit breaker: rolling back to deploymentId " + prev.id + "."
	prev.desired = s.desired
	deps := []*ecsDeployment{prev}
	for _, d := range s.deps {
		if d != prev {
			deps = append(deps, d)
		}
	}
	s.deps = deps
	var stopped []*ecsTask
	for _, t := range s.tasks {
		if t.dep == p && t.live(at) {
			s.stop(t, at, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+prev.id+")", 0)
			stopped = append(stopped, t)
		}
	}
	if len(stopped) > 0 {
		s.event(at, "has stopped %d running tasks: %s.", len(stopped), taskList(stopped))
	}
}

// schedule launches missing tasks and stops surplus ones of the primary.
func (s *ecsService) schedule(at time.Time) {
	p := s.primary()
	var live []*ecsTask
	for _, t := range s.tasks {
		if t.dep == p && t.live(at) {
			live = append(live, t)
		}
	}
	switch {
	case len(live) < p.desired && !(p.rollout == "FAILED") && !at.Before(s.nextLaunch):
		s.launch(at, p, p.desired-len(live))
	case len(live) > p.desired:
		// Scale in: pending first, then unhealthy, then the newest.
		rank := func(t *ecsTask) int {
			switch {
			case t.lastStatus(at) != "RUNNING":
				return 0
			case t.health(at) == "UNHEALTHY":
				return 1
			}
			return 2
		}
		for i := 1; i < len(live); i++ {
			for j := i; j > 0; j-- {
				x, y := live[j-1], live[j]
				if rank(x) > rank(y) || (rank(x) == rank(y) && x.created.Before(y.created)) {
					live[j-1], live[j] = y, x
				}
			}
		}
		victims := live[:len(live)-p.desired]
		for _, t := range victims {
			s.stop(t, at, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+p.id+")", 0)
		}
		s.event(at, "has stopped %d running tasks: %s.", len(victims), taskList(victims))
		s.deregister(at, victims)
		s.dirty = true
	}
}

// settle drains older deployments once the primary is stable, retires
// drained ones and reports completion and steady state.
func (s *ecsService) settle(at time.Time) {
	p := s.primary()
	ready := 0
	live := 0
	for _, t := range s.tasks {
		if t.dep != p || !t.live(at) {
			continue
		}
		live++
		if t.lastStatus(at) == "RUNNING" && (t.health(at) == "HEALTHY" || (!s.spec.lb() && !s.spec.health)) {
			ready++
		}
	}
	if live != p.desired || ready != p.desired || p.rollout == "FAILED" {
		return
	}
	busy := false
	for _, d := range s.deps[1:] {
		if d.status == "INACTIVE" {
			continue
		}
		var drained []*ecsTask
		remaining := false
		for _, t := range s.tasks {
			if t.dep != d {
				continue
			}
			if t.live(at) {
				s.stop(t, at, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+p.id+")", 0)
				drained = append(drained, t)
			}
			if t.lastStatus(at) != "STOPPED" {
				remaining = true
			}
		}
		if len(drained) > 0 {
			s.event(at, "has stopped %d running tasks: %s.", len(drained), taskList(drained))
			s.deregister(at, drained)
		}
		if remaining {
			busy = true
		} else {
			d.status, d.inactive, d.updated = "INACTIVE", at, at
		}
	}
	// Retire inactive deployments; a FAILED one stays visible for an hour
	// so the rollback can still be seen.
	deps := s.deps[:1]
	for _, d := range s.deps[1:] {
		if d.status != "INACTIVE" || (d.rollout == "FAILED" && at.Sub(d.inactive) < time.Hour) {
			deps = append(deps, d)
		}
	}
	s.deps = deps
	if busy {
		return
	}
	if p.rollout == "IN_PROGRESS" {
		p.rollout, p.reason, p.updated = "COMPLETED", "ECS deployment "+p.id+" completed.", at
		s.event(at, "(deployment %s) deployment completed.", p.id)
		s.dirty = true
	}
	if s.dirty {
		s.event(at, "has reached a steady state.")
		s.dirty = false
		s.steadyNext = at.Add(6*time.Hour + time.Duration(s.draw()%1800)*time.Second)
	}
}

func (s *ecsService) deregister(at time.Time, ts []*ecsTask) {
	if !s.spec.lb() {
		return
	}
	n := 0
	for _, t := range ts {
		if t.registered {
			n++
		}
	}
	if n > 0 {
		s.event(at, "deregistered %d targets in (target-group %s)", n, s.tg)
	}
}

// stop tells a task to stop; it reaches STOPPED after the load balancer's
// deregistration delay (or a short grace period for workers).
func (s *ecsService) stop(t *ecsTask, at time.Time, code, reason string, exit int) {
	if !t.stopping.IsZero() && !t.stopping.After(at) {
		return
	}
	grace := 10 * time.Second
	if s.spec.lb() && t.lastStatus(at) == "RUNNING" {
		grace = 30 * time.Second
	}
	t.stopping, t.stopped = at, at.Add(grace)
	t.stopCode, t.reason = code, reason
	if t.started.After(at) {
		// Stopped before it ever ran: it never will, and never fails.
		t.started, t.healthyAt, t.fate = time.Time{}, time.Time{}, fateOK
	}
	if t.lastStatus(at) == "RUNNING" {
		t.exit, t.hasExit = exit, true
	}
	s.dirty = true
}

var azNames = [...]string{"a", "b", "c"}

// launch starts n tasks of deployment d, writing each task's future: when
// it runs, becomes healthy, or how a bad revision makes it fail.
func (s *ecsService) launch(at time.Time, d *ecsDeployment, n int) {
	var started []*ecsTask
	for range n {
		h := s.draw()
		t := &ecsTask{
			id: hex32(h, mix(h)), svc: s, dep: d, rev: d.rev, az: s.region + azNames[h%3],
			created: at, startedBy: d.id,
		}
		pull := time.Duration(20+h>>8%30) * time.Second
		switch {
		case !s.fam.bad[d.rev]:
			t.started = at.Add(pull)
			if s.spec.lb() || s.spec.health {
				t.healthyAt = t.started.Add(time.Duration(20+h>>16%30) * time.Second)
			}
		case h>>24%10 < 4:
			t.fate = fateFailStart
			t.stopping = at.Add(pull + 5*time.Second)
			t.stopped = t.stopping
			t.stopCode = "TaskFailedToStart"
			t.reason = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/" + s.name + "/chromium"
		default:
			t.fate = fateCrash
			t.started = at.Add(pull)
			t.stopping = t.started.Add(time.Duration(4+h>>32%12) * time.Second)
			t.stopped = t.stopping.Add(time.Second)
			t.stopCode, t.reason = "EssentialContainerExited", "Essential container in task exited"
			t.exit, t.hasExit = 1, true
		}
		s.tasks = append(s.tasks, t)
		s.history = append(s.history, t)
		started = append(started, t)
	}
	s.event(at, "has started %d tasks: %s.", n, taskList(started))
	s.dirty = true
}

// natural applies the service's unplanned event to one running task.
func (s *ecsService) natural(at time.Time) {
	var cands []*ecsTask
	for _, t := range s.tasks {
		if t.dep == s.primary() && t.live(at) && t.lastStatus(at) == "RUNNING" && t.fate == fateOK {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return
	}
	t := cands[s.draw()%uint64(len(cands))]
	switch s.spec.nat {
	case natOOM:
		reason := "OutOfMemoryError: Container killed due to memory usage"
		t.stopping, t.stopped = at, at.Add(time.Second)
		t.stopCode, t.reason, t.ctrReason, t.exit, t.hasExit = "EssentialContainerExited", reason, reason, 137, true
	case natCrash:
		t.stopping, t.stopped = at, at.Add(time.Second)
		t.stopCode, t.reason, t.exit, t.hasExit = "EssentialContainerExited", "Essential container in task exited", 1, true
	case natSpot:
		t.stopping, t.stopped = at, at.Add(2*time.Minute)
		t.stopCode, t.reason, t.exit, t.hasExit = "SpotInterruption", "Your Spot Task was interrupted.", 143, true
	case natELB:
		s.event(at, "port 8080 is unhealthy in target-group %s due to (reason Health checks failed).", s.tg)
		t.unhealthyAt = at
		s.stop(t, at.Add(10*time.Second), "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group "+s.tg+")", 143)
		s.event(at, "has stopped 1 running tasks: (task %s).", t.id)
		s.deregister(at, []*ecsTask{t})
	case natHealth:
		s.event(at, "(task %s) failed container health checks.", t.id)
		t.unhealthyAt = at
		s.stop(t, at, "ServiceSchedulerInitiated", "Task failed container health checks", 143)
		s.event(at, "has stopped 1 running tasks: (task %s).", t.id)
	}
	s.dirty = true
}

// nextNatural finds the service's next unplanned event after t: each hour
// holds one with the spec's probability, at a hash-chosen second.
func (s *ecsService) nextNatural(t time.Time) time.Time {
	if s.spec.nat == natNone || s.spec.natPerH <= 0 {
		return time.Time{}
	}
	h0 := floorDiv(t.Unix(), 3600)
	for hr := h0; hr < h0+72; hr++ {
		h := hash(s.key, tagNatural, uint64(hr))
		if unit(h) >= s.spec.natPerH {
			continue
		}
		at := time.Unix(hr*3600+int64((h>>20)%720)*5, 0).UTC()
		if at.After(t) {
			return at
		}
	}
	return time.Unix((h0+72)*3600, 0).UTC()
}

// wakeAfter is the next step after at where something is due.
func (s *ecsService) wakeAfter(at time.Time) time.Time {
	next := time.Time{}
	consider := func(t time.Time) {
		if t.IsZero() || !t.After(at) {
			return
		}
		if g := gridCeil(t); next.IsZero() || g.Before(next) {
			next = g
		}
	}
	for _, t := range s.tasks {
		consider(t.started)
		consider(t.healthyAt)
		consider(t.stopping)
		consider(t.stopped)
	}
	consider(s.steadyNext)
	consider(s.natNext)
	consider(s.nextLaunch)
	for _, d := range s.deps {
		if d.status == "INACTIVE" {
			consider(d.inactive.Add(time.Hour))
		}
	}
	if next.IsZero() {
		next = at.Add(24 * time.Hour)
	}
	return next
}
