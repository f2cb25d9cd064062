package sim

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// buildECS creates the clusters and services as they were two hours before
// start, then replays the scripted history (the failed pdf-renderer
// deployment, the catalog-api deployment still in progress) with the same
// stepping code that runs afterwards.
func (a *Account) buildECS() *ecsModel {
	specs := ecsCatalogue()
	if a.cfg.Services < len(specs) {
		specs = specs[:a.cfg.Services]
	}
	for i := len(specs); i < a.cfg.Services; i++ {
		specs = append(specs, generatedService(a.seed, i))
	}
	m := &ecsModel{byName: map[string]*ecsCluster{}, families: map[string]*family{}, groups: map[string]*ecsService{}}
	start0 := gridCeil(a.start.Add(-2 * time.Hour))
	m.advanced = start0
	day := 24 * time.Hour
	for i := range specs {
		sp := &specs[i]
		cl := m.byName[sp.cluster]
		if cl == nil {
			cl = &ecsCluster{name: sp.cluster, arn: a.arnPrefix("ecs") + "cluster/" + sp.cluster, insights: "disabled", byName: map[string]*ecsService{}}
			if sp.cluster == "prod-api" {
				cl.insights = "enabled"
			}
			m.byName[cl.name] = cl
			m.clusters = append(m.clusters, cl)
		}
		key := hash(a.seed, tagECS, hashString(cl.name+"/"+sp.name))
		famName := sp.name
		if sp.cluster == "staging" {
			famName = "staging-" + sp.name
		}
		fam := &family{name: famName, latest: 3 + int(key%37), spec: sp, group: "/ecs/" + famName, bad: map[int]bool{}}
		m.families[famName] = fam
		s := &ecsService{
			spec: sp, cl: cl, fam: fam, key: key, name: sp.name, region: a.cfg.Region,
			arn:     a.arnPrefix("ecs") + "service/" + cl.name + "/" + sp.name,
			created: a.past.Add(-time.Duration(30+key%370) * day),
			desired: sp.desired,
		}
		if sp.lb() {
			tgName := cl.name + "-" + sp.name
			if len(tgName) > 32 {
				tgName = tgName[:32]
			}
			s.tg = a.arnPrefix("elasticloadbalancing") + "targetgroup/" + tgName + "/" + hex32(key, 0)[:16]
		}
		rev := fam.latest
		scripted := sp.cluster == "prod-workers" && sp.name == "pdf-renderer" || sp.cluster == "prod-api" && sp.name == "catalog-api"
		if scripted {
			rev = fam.latest - 1
		}
		if sp.cluster == "prod-workers" && sp.name == "pdf-renderer" {
			fam.bad[fam.latest] = true
		}
		deployed := a.start.Add(-time.Duration(1+key>>8%19)*day - time.Duration(key>>16%86400)*time.Second).Truncate(time.Second)
		if deployed.Before(s.created) {
			deployed = s.created.Add(time.Hour)
		}
		s.desiredHist = []desiredAt{{at: s.created, n: s.desired}}
		d := &ecsDeployment{
			id: s.deploymentID(), rev: rev, status: "PRIMARY", rollout: "COMPLETED", desired: s.desired,
			created: deployed, updated: deployed.Add(4 * time.Minute),
		}
		d.reason = "ECS deployment " + d.id + " completed."
		s.deps = []*ecsDeployment{d}
		s.seedTasks(d, deployed, start0)
		s.natNext = s.nextNatural(start0)
		s.nextWake = start0
		cl.services = append(cl.services, s)
		cl.byName[s.name] = s
		m.groups[fam.group] = s
	}
	script := func(at time.Time, cluster, name string) {
		m.advanceTo(at)
		if s := m.service(cluster, name); s != nil {
			s.redeploy(at, s.fam.latest)
		}
	}
	script(a.start.Add(-14*time.Minute), "prod-workers", "pdf-renderer")
	script(a.start.Add(-70*time.Second), "prod-api", "catalog-api")
	m.advanceTo(a.start)
	return m
}

// seedTasks creates the tasks and events of a service that has been
// steady since its last deployment.
func (s *ecsService) seedTasks(d *ecsDeployment, deployed, start0 time.Time) {
	var ts []*ecsTask
	for k := 0; k < s.desired; k++ {
		h := s.draw()
		created := deployed.Add(time.Duration(k) * 2 * time.Second)
		if s.spec.nat != natNone {
			// Services that lose tasks now and then have younger ones.
			created = start0.Add(-time.Duration(h>>8%(36*3600)) * time.Second)
		}
		t := &ecsTask{
			id: hex32(h, mix(h)), svc: s, dep: d, rev: d.rev, az: s.region + azNames[h%3],
			created: created, started: created.Add(time.Duration(25+h>>4%20) * time.Second), startedBy: d.id,
			registered: s.spec.lb(),
		}
		if s.spec.lb() || s.spec.health {
			t.healthyAt = t.started.Add(30 * time.Second)
		}
		ts = append(ts, t)
	}
	s.tasks, s.history = ts, slices.Clone(ts)
	if len(ts) > 0 {
		s.event(deployed, "has started %d tasks: %s.", len(ts), taskList(ts))
		if s.spec.lb() {
			s.event(deployed.Add(time.Minute), "registered %d targets in (target-group %s)", len(ts), s.tg)
		}
	}
	done := deployed.Add(4 * time.Minute)
	s.event(done, "(deployment %s) deployment completed.", d.id)
	at := done
	for !at.After(start0) {
		s.event(at, "has reached a steady state.")
		at = at.Add(6*time.Hour + time.Duration(s.draw()%1800)*time.Second)
	}
	s.steadyNext = at
}

func (m *ecsModel) service(cluster, name string) *ecsService {
	if cl := m.byName[cluster]; cl != nil {
		return cl.byName[name]
	}
	return nil
}

// redeploy starts a new PRIMARY deployment of revision rev.
func (s *ecsService) redeploy(at time.Time, rev int) *ecsDeployment {
	old := s.primary()
	if old.status == "PRIMARY" {
		old.status = "ACTIVE"
		old.updated = at
	}
	d := &ecsDeployment{id: s.deploymentID(), rev: rev, status: "PRIMARY", rollout: "IN_PROGRESS", desired: s.desired, created: at, updated: at}
	s.deps = append([]*ecsDeployment{d}, s.deps...)
	s.nextLaunch = time.Time{}
	s.nextWake = gridCeil(at.Add(time.Nanosecond))
	return d
}

// ListClusters lists the clusters with their counts.
func (a *Account) ListClusters(ctx context.Context) ([]providers.Cluster, error) {
	if err := a.begin(ctx, "ECS.ListClusters"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.ecsLocked()
	now := a.now()
	out := make([]providers.Cluster, 0, len(m.clusters))
	for _, cl := range m.clusters {
		c := providers.Cluster{
			Name: cl.name, ARN: cl.arn, Status: "ACTIVE", ActiveServices: len(cl.services),
			ContainerInsights: cl.insights, CapacityProviders: []string{"FARGATE", "FARGATE_SPOT"},
		}
		for _, s := range cl.services {
			for _, t := range s.tasks {
				switch t.lastStatus(now) {
				case "RUNNING":
					c.RunningTasks++
				case "PENDING", "PROVISIONING":
					c.PendingTasks++
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func (a *Account) cluster(op string, m *ecsModel, name string) (*ecsCluster, error) {
	if i := strings.LastIndexByte(name, '/'); i >= 0 && strings.HasPrefix(name, "arn:") {
		name = name[i+1:]
	}
	if cl := m.byName[name]; cl != nil {
		return cl, nil
	}
	return nil, &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: "ClusterNotFoundException: Cluster not found."}
}

// inCluster runs do on a cluster of the model under the lock, at the
// clock's current reading, once the call's own faults have had their say:
// the start every call about one cluster shares.
func inCluster[T any](a *Account, ctx context.Context, op, cluster string, do func(cl *ecsCluster, now time.Time) (T, error)) (T, error) {
	var zero T
	if err := a.begin(ctx, op); err != nil {
		return zero, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cl, err := a.cluster(op, a.ecsLocked(), cluster)
	if err != nil {
		return zero, err
	}
	return do(cl, a.now())
}

// ListServices describes every service of a cluster.
func (a *Account) ListServices(ctx context.Context, cluster string) ([]providers.Service, error) {
	return inCluster(a, ctx, "ECS.ListServices", cluster, func(cl *ecsCluster, now time.Time) ([]providers.Service, error) {
		out := make([]providers.Service, 0, len(cl.services))
		for _, s := range cl.services {
			out = append(out, a.describeService(s, now))
		}
		return out, nil
	})
}

func (a *Account) tdARN(fam *family, rev int) string {
	return a.arnPrefix("ecs") + "task-definition/" + fam.name + ":" + strconv.Itoa(rev)
}

func (a *Account) describeService(s *ecsService, now time.Time) providers.Service {
	p := s.primary()
	out := providers.Service{
		Cluster: s.cl.name, Name: s.name, ARN: s.arn, Status: "ACTIVE", Desired: s.desired,
		LaunchType: "FARGATE", TaskDefinition: a.tdARN(s.fam, p.rev), TaskDefFamily: s.fam.name,
		TaskDefRevision: p.rev, RolloutState: p.rollout, RolloutReason: p.reason,
		CircuitBreaker: !s.spec.noBreaker, Rollback: !s.spec.noBreaker, CreatedAt: s.created,
	}
	if s.spec.spot {
		// A capacity provider strategy leaves launchType empty, as ECS does.
		out.LaunchType = ""
	}
	for _, d := range s.deps {
		pd := providers.Deployment{
			ID: d.id, Status: d.status, TaskDefinition: a.tdARN(s.fam, d.rev), Desired: d.desired,
			Failed: d.failed, RolloutState: d.rollout, RolloutReason: d.reason, CreatedAt: d.created, UpdatedAt: d.updated,
		}
		if d.status != "PRIMARY" {
			pd.Desired = 0
		}
		for _, t := range s.tasks {
			if t.dep != d {
				continue
			}
			switch t.lastStatus(now) {
			case "RUNNING":
				pd.Running++
			case "PENDING", "PROVISIONING":
				pd.Pending++
			}
		}
		if d.status != "INACTIVE" {
			out.Running += pd.Running
			out.Pending += pd.Pending
		}
		out.Deployments = append(out.Deployments, pd)
	}
	out.Events = make([]providers.ServiceEvent, len(s.events))
	for i, e := range s.events {
		out.Events[len(s.events)-1-i] = e
	}
	return out
}

// ListTasks lists running, pending and recently stopped tasks of a
// cluster, of one service when service is not empty, newest first.
func (a *Account) ListTasks(ctx context.Context, cluster, service string) ([]providers.Task, error) {
	const op = "ECS.ListTasks"
	return inCluster(a, ctx, op, cluster, func(cl *ecsCluster, now time.Time) ([]providers.Task, error) {
		var out []providers.Task
		for _, s := range cl.services {
			if service != "" && s.name != service && s.arn != service {
				continue
			}
			for _, t := range s.tasks {
				if t.created.After(now) || (!t.stopped.IsZero() && now.Sub(t.stopped) >= time.Hour) {
					continue
				}
				out = append(out, a.describeTask(t, now))
			}
		}
		if service != "" && cl.byName[service] == nil && !slices.ContainsFunc(cl.services, func(s *ecsService) bool { return s.arn == service }) {
			return nil, &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: "ServiceNotFoundException: Service not found."}
		}
		slices.SortStableFunc(out, func(x, y providers.Task) int {
			if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(x.ID, y.ID)
		})
		return out, nil
	})
}

func (a *Account) describeTask(t *ecsTask, now time.Time) providers.Task {
	s := t.svc
	status := t.lastStatus(now)
	pt := providers.Task{
		Cluster: s.cl.name, ARN: a.arnPrefix("ecs") + "task/" + s.cl.name + "/" + t.id, ID: t.id, Service: s.name,
		TaskDefinition: a.tdARN(s.fam, t.rev), TaskDefRevision: t.rev, LastStatus: status, DesiredStatus: "RUNNING",
		Health: t.health(now), LaunchType: "FARGATE", CreatedAt: t.created, CPU: strconv.Itoa(s.spec.cpu),
		Memory: strconv.Itoa(s.spec.mem), AZ: t.az, StartedBy: t.startedBy, ExecEnabled: s.spec.exec,
	}
	if !t.started.IsZero() && !now.Before(t.started) {
		pt.StartedAt = t.started
	}
	if !t.stopping.IsZero() && !now.Before(t.stopping) {
		pt.DesiredStatus = "STOPPED"
		pt.StopCode, pt.StoppedReason = t.stopCode, t.reason
	}
	if status == "STOPPED" {
		pt.StoppedAt = t.stopped
	}
	td := a.ecs.taskDef(s.fam, t.rev, a)
	for i, c := range td.Containers {
		pc := providers.Container{Name: c.Name, Image: c.Image, LastStatus: status, Health: "UNKNOWN"}
		switch status {
		case "PROVISIONING", "PENDING":
			pc.LastStatus = "PENDING"
		case "DEACTIVATING", "STOPPING":
			pc.LastStatus = "RUNNING"
		}
		if i == 0 {
			pc.Health = pt.Health
			if status == "STOPPED" {
				if t.hasExit {
					code := t.exit
					pc.ExitCode = &code
				}
				pc.Reason = t.ctrReason
				if t.fate == fateFailStart {
					pc.Reason = t.reason
				}
			}
		} else if status == "STOPPED" && t.hasExit {
			zero := 0
			pc.ExitCode = &zero
		}
		pt.Containers = append(pt.Containers, pc)
	}
	return pt
}

// parseTaskDef accepts an ARN, "family:revision" or "family" (latest).
func (m *ecsModel) parseTaskDef(ref string) (*family, int, bool) {
	if i := strings.Index(ref, "task-definition/"); i >= 0 {
		ref = ref[i+len("task-definition/"):]
	}
	name, revStr, hasRev := strings.Cut(ref, ":")
	fam := m.families[name]
	if fam == nil {
		return nil, 0, false
	}
	if !hasRev {
		return fam, fam.latest, true
	}
	rev, err := strconv.Atoi(revStr)
	if err != nil || rev < 1 || rev > fam.latest {
		return nil, 0, false
	}
	return fam, rev, true
}

// DescribeTaskDefinition reads a task definition by ARN or family:revision.
func (a *Account) DescribeTaskDefinition(ctx context.Context, arn string) (providers.TaskDefinition, error) {
	const op = "ECS.DescribeTaskDefinition"
	if err := a.begin(ctx, op); err != nil {
		return providers.TaskDefinition{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.ecsLocked()
	fam, rev, ok := m.parseTaskDef(arn)
	if !ok {
		return providers.TaskDefinition{}, &providers.Error{Kind: providers.ErrNotFound, Op: op, Message: "ClientException: Unable to describe task definition."}
	}
	return m.taskDef(fam, rev, a), nil
}

// ListTaskDefinitions lists a family's revisions, newest first.
func (a *Account) ListTaskDefinitions(ctx context.Context, family string) ([]string, error) {
	if err := a.begin(ctx, "ECS.ListTaskDefinitions"); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	fam := a.ecsLocked().families[family]
	if fam == nil {
		return []string{}, nil
	}
	out := make([]string, 0, fam.latest)
	for rev := fam.latest; rev >= 1; rev-- {
		out = append(out, a.tdARN(fam, rev))
	}
	return out, nil
}
