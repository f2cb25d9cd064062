package sim

import (
	"fmt"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// svcKind decides a service's log lines and whether it sits behind a
// load balancer.
type svcKind uint8

const (
	svcWeb svcKind = iota
	svcWorker
)

// natural is the kind of unplanned event a service suffers now and then.
type natural uint8

const (
	natNone natural = iota
	natOOM
	natELB
	natHealth
	natSpot
	natCrash
)

// svcSpec is the fixed description of an ECS service.
type svcSpec struct {
	name      string
	cluster   string
	kind      svcKind
	lang      lang
	desired   int
	cpu, mem  int
	health    bool    // container health check
	spot      bool    // FARGATE_SPOT capacity provider
	firelens  bool    // a sidecar logs through awsfirelens
	sidecar   string  // an extra awslogs sidecar
	rpm       float64 // access-log lines per task per minute
	cpuBase   float64 // typical CPU utilisation, percent
	memBase   float64 // typical memory utilisation, percent
	nat       natural
	natPerH   float64 // chance per hour of a natural event
	noBreaker bool
	exec      bool // enableExecuteCommand: ECS Exec allowed on its tasks
}

func (s *svcSpec) lb() bool { return s.kind == svcWeb }

func ecsCatalogue() []svcSpec {
	return []svcSpec{
		{name: "checkout-web", cluster: "prod-api", lang: langNode, desired: 6, cpu: 1024, mem: 2048, rpm: 90, cpuBase: 38, memBase: 52, nat: natELB, natPerH: 0.12, sidecar: "datadog-agent", exec: true},
		{name: "catalog-api", cluster: "prod-api", lang: langJava, desired: 4, cpu: 1024, mem: 3072, rpm: 70, cpuBase: 45, memBase: 61},
		{name: "cart-api", cluster: "prod-api", lang: langGo, desired: 4, cpu: 512, mem: 1024, rpm: 110, cpuBase: 22, memBase: 30, exec: true},
		{name: "auth-service", cluster: "prod-api", lang: langNode, desired: 3, cpu: 512, mem: 1024, rpm: 150, cpuBase: 30, memBase: 44, health: true, nat: natHealth, natPerH: 0.1, exec: true},
		{name: "graphql-gateway", cluster: "prod-api", lang: langNode, desired: 4, cpu: 1024, mem: 2048, rpm: 130, cpuBase: 41, memBase: 48, firelens: true},
		{name: "search-frontend", cluster: "prod-api", lang: langNode, desired: 2, cpu: 512, mem: 1024, rpm: 60, cpuBase: 18, memBase: 35},
		{name: "pdf-renderer", cluster: "prod-workers", kind: svcWorker, lang: langPython, desired: 3, cpu: 2048, mem: 4096, cpuBase: 55, memBase: 58},
		{name: "email-worker", cluster: "prod-workers", kind: svcWorker, lang: langPython, desired: 2, cpu: 256, mem: 512, cpuBase: 12, memBase: 40, exec: true},
		{name: "image-pipeline", cluster: "prod-workers", kind: svcWorker, lang: langJava, desired: 3, cpu: 2048, mem: 4096, cpuBase: 62, memBase: 70, nat: natOOM, natPerH: 0.35},
		{name: "billing-reconciler", cluster: "prod-workers", kind: svcWorker, lang: langJava, desired: 2, cpu: 1024, mem: 2048, cpuBase: 25, memBase: 55, spot: true, nat: natSpot, natPerH: 0.15},
		{name: "event-router", cluster: "prod-workers", kind: svcWorker, lang: langGo, desired: 2, cpu: 256, mem: 512, cpuBase: 15, memBase: 22},
		{name: "checkout-web", cluster: "staging", lang: langNode, desired: 1, cpu: 512, mem: 1024, rpm: 6, cpuBase: 8, memBase: 40, exec: true},
		{name: "catalog-api", cluster: "staging", lang: langJava, desired: 1, cpu: 512, mem: 2048, rpm: 4, cpuBase: 10, memBase: 55, noBreaker: true, exec: true},
		{name: "pdf-renderer", cluster: "staging", kind: svcWorker, lang: langPython, desired: 1, cpu: 1024, mem: 2048, cpuBase: 6, memBase: 35},
	}
}

// generatedService invents service i for large accounts, in clusters of
// up to 100 services named after teams.
func generatedService(seed uint64, i int) svcSpec {
	h := func(k uint64) uint64 { return hash(seed, tagECS, uint64(i), k) }
	team := teamWords[(i/100)%len(teamWords)]
	s := svcSpec{
		name:    pick(h(1), nounWords[:]) + "-" + pick(h(2), roleWords[:]) + "-" + strconv.Itoa(i+1),
		cluster: "prod-" + team,
		kind:    svcKind(h(3) % 2),
		lang:    lang(h(4) % 5),
		desired: 1 + int(h(5)%6),
		cpu:     pick(h(6), []int{256, 512, 1024, 2048}),
		cpuBase: 5 + 60*unit(h(8)),
		memBase: 20 + 55*unit(h(9)),
		rpm:     5 + 100*unit(h(10)),
	}
	s.mem = s.cpu * 2
	s.exec = h(12)%2 == 0
	if h(11)%10 == 0 {
		s.nat, s.natPerH = natCrash, 0.05
	}
	return s
}

// family is a task definition family. Revisions are generated on demand
// from the service's spec, so thousands of services cost nothing until
// described.
type family struct {
	name   string
	latest int
	bad    map[int]bool // revisions that fail to start: the "known bad" ones
	spec   *svcSpec
	group  string // awslogs group of its containers
}

func (m *ecsModel) taskDef(fam *family, rev int, a *Account) providers.TaskDefinition {
	s := fam.spec
	tag := "1." + strconv.Itoa(rev) + ".0"
	if fam.bad[rev] {
		tag = "2.14.0-rc1"
	}
	opts := func(prefix string) map[string]string {
		return map[string]string{"awslogs-group": fam.group, "awslogs-region": a.cfg.Region, "awslogs-stream-prefix": prefix}
	}
	td := providers.TaskDefinition{
		ARN: a.arnPrefix("ecs") + "task-definition/" + fam.name + ":" + strconv.Itoa(rev), Family: fam.name, Revision: rev,
		CPU: strconv.Itoa(s.cpu), Memory: strconv.Itoa(s.mem),
	}
	appCPU, appMem := s.cpu, s.mem
	if s.sidecar != "" || s.firelens {
		appCPU, appMem = s.cpu*3/4, s.mem*3/4
	}
	app := providers.ContainerDefinition{
		Name: s.name, Image: fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:%s", a.cfg.Account, a.cfg.Region, s.name, tag),
		Essential: true, CPU: appCPU, Memory: appMem, LogDriver: "awslogs", LogOptions: opts("ecs"),
	}
	if s.lb() {
		// A web service listens behind its load balancer and checks itself.
		app.Ports = []providers.PortMapping{{ContainerPort: 8080, HostPort: 8080, Protocol: "tcp"}}
		app.HealthCheck = &providers.HealthCheck{Command: []string{"CMD-SHELL", "curl -fsS http://localhost:8080/health || exit 1"},
			Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 60}
	}
	td.Containers = append(td.Containers, app)
	if s.sidecar != "" {
		td.Containers = append(td.Containers, providers.ContainerDefinition{
			Name: s.sidecar, Image: "public.ecr.aws/datadog/agent:7", CPU: s.cpu / 4, Memory: s.mem / 4,
			LogDriver: "awslogs", LogOptions: opts("ecs"),
			Ports: []providers.PortMapping{{ContainerPort: 8126, HostPort: 8126, Protocol: "tcp"}},
		})
	}
	if s.firelens {
		td.Containers = append(td.Containers,
			providers.ContainerDefinition{
				Name: "otel-collector", Image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1",
				CPU: s.cpu / 8, Memory: s.mem / 8, LogDriver: "awsfirelens",
				LogOptions: map[string]string{"Name": "datadog", "Host": "http-intake.logs.datadoghq.com", "TLS": "on", "provider": "ecs"},
			},
			providers.ContainerDefinition{
				Name: "log-router", Image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", Essential: true,
				CPU: s.cpu / 8, Memory: s.mem / 8, LogDriver: "awslogs", LogOptions: opts("firelens"),
			})
	}
	return td
}

// ecsModel is the whole ECS state, guarded by Account.mu.
type ecsModel struct {
	advanced time.Time // every service's state is complete up to here
	clusters []*ecsCluster
	byName   map[string]*ecsCluster
	families map[string]*family
	groups   map[string]*ecsService
}

type ecsCluster struct {
	name     string
	arn      string
	insights string
	services []*ecsService
	byName   map[string]*ecsService
}

type desiredAt struct {
	at time.Time
	n  int
}

type ecsService struct {
	spec        *svcSpec
	cl          *ecsCluster
	fam         *family
	key         uint64
	name, arn   string
	tg          string // target group ARN, for web services
	created     time.Time
	desired     int
	desiredHist []desiredAt
	deps        []*ecsDeployment // PRIMARY first
	events      []providers.ServiceEvent
	tasks       []*ecsTask // live and stopped within the last hour
	history     []*ecsTask // every task of the last days, for logs and metrics
	nextWake    time.Time
	steadyNext  time.Time
	nextLaunch  time.Time // launch backoff after failures
	natNext     time.Time // next unplanned event
	dirty       bool      // tasks changed since the last steady-state message
	region      string    // for availability zone names
	seq         uint64    // counter for ids drawn by this service
}

type ecsDeployment struct {
	id       string
	rev      int
	status   string // PRIMARY, ACTIVE, INACTIVE
	rollout  string // IN_PROGRESS, COMPLETED, FAILED
	reason   string
	desired  int
	failed   int
	created  time.Time
	updated  time.Time
	inactive time.Time // when it became INACTIVE; FAILED ones stay visible an hour
}

// Task fates, decided at launch: the model writes a task's future when
// it starts it, and the service's steps react as that future arrives.
const (
	fateOK uint8 = iota
	fateFailStart
	fateCrash
)

type ecsTask struct {
	id          string
	svc         *ecsService
	dep         *ecsDeployment
	rev         int
	az          string
	fate        uint8
	counted     bool // its failure was counted against the deployment
	registered  bool // registered with the load balancer
	created     time.Time
	started     time.Time // zero: never runs
	healthyAt   time.Time
	unhealthyAt time.Time
	stopping    time.Time // desired status became STOPPED
	stopped     time.Time
	stopCode    string
	reason      string
	ctrReason   string
	exit        int
	hasExit     bool
	startedBy   string
}

// lastStatus is the task's ECS lastStatus at t.
func (t *ecsTask) lastStatus(at time.Time) string {
	switch {
	case !t.stopped.IsZero() && !at.Before(t.stopped):
		return "STOPPED"
	case !t.stopping.IsZero() && !at.Before(t.stopping):
		if t.svc.spec.lb() && !t.started.IsZero() && !at.Before(t.started) {
			return "DEACTIVATING"
		}
		return "STOPPING"
	case !t.started.IsZero() && !at.Before(t.started):
		return "RUNNING"
	case at.Before(t.created.Add(8 * time.Second)):
		return "PROVISIONING"
	}
	return "PENDING"
}

// live says the task counts toward the service: not told to stop.
func (t *ecsTask) live(at time.Time) bool {
	return (t.stopping.IsZero() || at.Before(t.stopping)) && (t.stopped.IsZero() || at.Before(t.stopped))
}

func (t *ecsTask) health(at time.Time) string {
	s := t.svc.spec
	if !s.lb() && !s.health {
		return "UNKNOWN"
	}
	switch {
	case !t.unhealthyAt.IsZero() && !at.Before(t.unhealthyAt):
		return "UNHEALTHY"
	case !t.healthyAt.IsZero() && !at.Before(t.healthyAt) && t.lastStatus(at) == "RUNNING":
		return "HEALTHY"
	}
	return "UNKNOWN"
}

func (s *ecsService) primary() *ecsDeployment { return s.deps[0] }

// draw returns a fresh hash for this service; the counter makes every
// draw distinct and the order of draws is deterministic.
func (s *ecsService) draw() uint64 {
	s.seq++
	return hash(s.key, tagTask, s.seq)
}

func (s *ecsService) deploymentID() string {
	h := s.draw()
	return "ecs-svc/" + strconv.FormatUint(1e18+h%(9e18), 10)
}
