package aws_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// backendUnderTest is one AWS look-alike the contract suite runs the
// Provider against: moto, or the simulated account's wire server.
type backendUnderTest struct {
	name string
	// open returns a Provider on the backend; mutate adjusts its config.
	open func(t *testing.T, mutate func(*awsprov.Config)) *awsprov.Provider
	// advance moves the backend's clock forward, for a backend whose clock
	// the test owns; nil means waiting in real time.
	advance func(time.Duration)
	// failPercentiles makes GetMetricData fail with HTTP 500 when a query
	// asks for a percentile, as moto does of its own when it holds data
	// for the metric (nil: the backend does so already).
	failPercentiles func()
	fx              fixture
}

// fixture names what a backend holds before the suite starts, and which
// optional capabilities it has.
type fixture struct {
	account string // STS account id

	functions    []string // must all be listed
	minFunctions int      // listed in total, at least (more than 50 forces paging)
	fn           string   // a function with published versions and an alias
	versions     []string // published versions of fn, at least these
	alias        string
	aliasVersion string
	aliasWeights map[string]float64
	reservedFn   string // a function with reserved concurrency
	reserved     int
	invokeFn     string

	mutFn    string // the function the action tests change
	mutAlias string // an alias of mutFn

	cluster          string
	service          string // a service of cluster with running tasks
	insights         string // the cluster's Container Insights setting
	stoppedTask      bool   // a STOPPED task of service exists before the suite
	taskLogGroup     string // awslogs-group of the service's first container, "" = any
	serviceFiltering bool   // ListTasks honours serviceName
	// sparseECS says the backend leaves out what moto does: createdAt of
	// services and tasks, task-level cpu and memory, a cluster's active
	// service count.
	sparseECS bool

	logGroup         string
	logStart, logEnd time.Time
	logEvents        int // events in [logStart, logEnd]; 0 = some

	metric                 providers.MetricQuery
	metricStart, metricEnd time.Time
	metricValues           []float64 // exact values; nil = some positive value

	// Optional capabilities (moto lacks them).
	accountSettings bool
	provisionedFn   string // a function with provisioned concurrency on provisionedQ
	provisionedQ    string
	provisionedN    int
	eventSourceFn   string // a function with an event source mapping
	codeFn          string // a function UpdateFunctionCode may change, with code
	code            providers.CodeSource
	tailGroup       string // a busy log group for Live Tail

	// unavailable are the IAM actions of the reads the backend does not
	// offer, in virga doctor's order.
	unavailable []string
}

// runContract checks the Provider against b. Subtests run in order: reads
// first, then actions that read their effect back.
func runContract(t *testing.T, b backendUnderTest) {
	p := b.open(t, nil)
	fx := b.fx

	t.Run("identity", func(t *testing.T) {
		id, err := p.Identity(testCtx(t, 20*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if id.Account != fx.account || id.Region != "us-east-1" || id.ARN == "" {
			t.Errorf("identity = %+v, want account %s", id, fx.account)
		}
	})

	t.Run("doctor", func(t *testing.T) { contractDoctor(t, p, fx) })
	t.Run("functions/list pages", func(t *testing.T) { contractListFunctions(t, p, fx) })
	t.Run("functions/detail", func(t *testing.T) { contractFunctionDetail(t, p, fx) })
	t.Run("functions/reserved concurrency", func(t *testing.T) {
		ctx := testCtx(t, 20*time.Second)
		r, err := p.ReservedConcurrency(ctx, fx.reservedFn)
		if err != nil || r == nil || *r != fx.reserved {
			t.Errorf("%s: reserved %v, %v; want %d", fx.reservedFn, r, err, fx.reserved)
		}
		if r, err := p.ReservedConcurrency(ctx, fx.fn); err != nil || r != nil {
			t.Errorf("%s: reserved %v, %v; want none", fx.fn, r, err)
		}
		if _, err := p.ReservedConcurrency(ctx, "virga-no-such-function"); providers.KindOf(err) != providers.ErrNotFound {
			t.Errorf("missing function: got %v, want ErrNotFound", err)
		}
	})
	t.Run("functions/not found", func(t *testing.T) {
		_, err := p.GetFunction(testCtx(t, 20*time.Second), "virga-no-such-function")
		if providers.KindOf(err) != providers.ErrNotFound {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	if fx.accountSettings {
		t.Run("functions/account settings", func(t *testing.T) {
			s, err := p.AccountSettings(testCtx(t, 20*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if s.ConcurrencyLimit <= 0 || s.UnreservedConcurrency <= 0 || s.UnreservedConcurrency > s.ConcurrencyLimit || s.FunctionCount < fx.minFunctions {
				t.Errorf("settings = %+v", s)
			}
		})
	}

	t.Run("ecs/clusters", func(t *testing.T) { contractClusters(t, p, fx) })
	t.Run("ecs/services", func(t *testing.T) { contractServices(t, p, fx) })
	t.Run("ecs/services of a missing cluster", func(t *testing.T) {
		_, err := p.ListServices(testCtx(t, 20*time.Second), "virga-no-such-cluster")
		if providers.KindOf(err) != providers.ErrNotFound {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("ecs/tasks", func(t *testing.T) { contractTasks(t, p, fx) })
	t.Run("ecs/task definitions", func(t *testing.T) { contractTaskDefinitions(t, p, fx) })
	t.Run("ecs/one resource and describe", func(t *testing.T) { contractOne(t, p, fx) })

	t.Run("logs/filter pages", func(t *testing.T) { contractFilterLogs(t, p, fx) })
	t.Run("logs/windows and newest streams", func(t *testing.T) { contractLogWindows(t, p, fx) })
	t.Run("metrics/values", func(t *testing.T) { contractMetrics(t, p, fx) })
	t.Run("metrics/split at 500", func(t *testing.T) { contractMetricSplit(t, p, fx) })
	t.Run("metrics/a failing query fails alone", func(t *testing.T) {
		if b.failPercentiles != nil {
			b.failPercentiles()
		}
		contractMetricIsolation(t, b.open(t, nil), fx)
	})
	if fx.tailGroup != "" {
		t.Run("logs/live tail", func(t *testing.T) { contractTail(t, p, fx) })
	}

	t.Run("actions/invoke", func(t *testing.T) { contractInvoke(t, p, fx) })
	t.Run("actions/reserved concurrency", func(t *testing.T) { contractReserved(t, p, fx) })
	t.Run("actions/publish version", func(t *testing.T) { contractPublish(t, p, b) })
	t.Run("actions/update alias", func(t *testing.T) { contractUpdateAlias(t, p, fx) })
	t.Run("actions/update service", func(t *testing.T) { contractUpdateService(t, p, fx) })
	t.Run("actions/stop task", func(t *testing.T) { contractStopTask(t, p, fx) })
	if fx.provisionedFn != "" {
		t.Run("actions/provisioned concurrency", func(t *testing.T) { contractProvisioned(t, p, fx) })
	}
	if fx.eventSourceFn != "" {
		t.Run("actions/event source", func(t *testing.T) { contractEventSource(t, p, fx) })
	}
	if fx.codeFn != "" {
		t.Run("actions/update code", func(t *testing.T) {
			r, err := p.UpdateFunctionCode(testCtx(t, 20*time.Second), fx.codeFn, fx.code)
			if err != nil {
				t.Fatal(err)
			}
			if r.RequestID == "" {
				t.Errorf("receipt = %+v", r)
			}
		})
	}

	t.Run("read-only", func(t *testing.T) { contractReadOnly(t, b) })

	t.Run("stats", func(t *testing.T) {
		st := p.Stats()
		calls := map[string]providers.CallStat{}
		for _, c := range st.Calls {
			calls[c.Service+"."+c.Operation] = c
		}
		for _, op := range []string{"Lambda.ListFunctions", "Lambda.GetFunction", "ECS.DescribeServices", "ECS.DescribeTasks",
			"CloudWatch.GetMetricData", "Logs.FilterLogEvents", "STS.GetCallerIdentity"} {
			if c := calls[op]; c.Calls == 0 || c.Attempts < c.Calls {
				t.Errorf("%s: %+v", op, c)
			}
		}
		if st.MetricsRequested < 501 {
			t.Errorf("MetricsRequested = %d", st.MetricsRequested)
		}
	})
}

func contractListFunctions(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 60*time.Second)
	var all []providers.Function
	marker, pages := "", 0
	for {
		page, err := p.ListFunctions(ctx, marker)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		if len(page.Functions) > 50 {
			t.Errorf("page %d has %d functions, more than 50", pages, len(page.Functions))
		}
		all = append(all, page.Functions...)
		if page.Next == "" || pages > 100 {
			break
		}
		marker = page.Next
	}
	if len(all) < fx.minFunctions {
		t.Errorf("listed %d functions in %d pages, want at least %d", len(all), pages, fx.minFunctions)
	}
	if fx.minFunctions > 50 && pages < 2 {
		t.Errorf("%d functions came in %d page(s)", len(all), pages)
	}
	byName := map[string]providers.Function{}
	for _, f := range all {
		if _, dup := byName[f.Name]; dup {
			t.Errorf("function %s listed twice", f.Name)
		}
		byName[f.Name] = f
		if f.ARN == "" || f.MemoryMB <= 0 || f.TimeoutSec <= 0 || f.LogGroup == "" || f.ReservedKnown ||
			(f.PackageType != "Zip" && f.PackageType != "Image") || f.LastModified.IsZero() {
			t.Errorf("function %+v", f)
		}
		if !slices.IsSortedFunc(f.Env, func(a, b providers.EnvVar) int { return strings.Compare(a.Name, b.Name) }) {
			t.Errorf("%s: environment not sorted", f.Name)
		}
	}
	for _, name := range fx.functions {
		if _, ok := byName[name]; !ok {
			t.Errorf("function %s not listed", name)
		}
	}
}

func contractFunctionDetail(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 60*time.Second)
	d, err := p.GetFunction(ctx, fx.fn)
	if err != nil {
		t.Fatal(err)
	}
	if d.Function.Name != fx.fn || !d.Function.ReservedKnown || d.CodeSHA256 == "" {
		t.Errorf("function = %+v, sha %q", d.Function, d.CodeSHA256)
	}
	versions := map[string]bool{}
	for _, v := range d.Versions {
		if v.Version == "$LATEST" {
			t.Errorf("$LATEST listed among versions")
		}
		versions[v.Version] = true
	}
	for _, v := range fx.versions {
		if !versions[v] {
			t.Errorf("version %s missing from %v", v, d.Versions)
		}
	}
	al, ok := findAlias(d.Aliases, fx.alias)
	if !ok {
		t.Fatalf("alias %s missing from %+v", fx.alias, d.Aliases)
	}
	if al.FunctionVersion != fx.aliasVersion || !maps.Equal(al.AdditionalWeights, fx.aliasWeights) || al.ARN == "" {
		t.Errorf("alias = %+v, want version %s weights %v", al, fx.aliasVersion, fx.aliasWeights)
	}
	for _, w := range d.Warnings {
		if fx.provisionedFn != "" || !strings.HasPrefix(w, "provisioned concurrency: ") {
			t.Errorf("unexpected warning %q", w)
		}
	}

	r, err := p.GetFunction(ctx, fx.reservedFn)
	if err != nil {
		t.Fatal(err)
	}
	if r.Function.Reserved == nil || *r.Function.Reserved != fx.reserved {
		t.Errorf("%s reserved = %v, want %d", fx.reservedFn, r.Function.Reserved, fx.reserved)
	}

	if fx.provisionedFn != "" {
		pd, err := p.GetFunction(ctx, fx.provisionedFn)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(pd.Provisioned, func(c providers.ProvisionedConfig) bool { return c.Qualifier == fx.provisionedQ })
		if i < 0 || pd.Provisioned[i].Requested != fx.provisionedN || pd.Provisioned[i].Status == "" {
			t.Errorf("provisioned = %+v, want %d on %s", pd.Provisioned, fx.provisionedN, fx.provisionedQ)
		}
		if len(pd.Warnings) != 0 {
			t.Errorf("warnings %v", pd.Warnings)
		}
	}
	if fx.eventSourceFn != "" {
		ed, err := p.GetFunction(ctx, fx.eventSourceFn)
		if err != nil {
			t.Fatal(err)
		}
		if len(ed.EventSources) == 0 || ed.EventSources[0].UUID == "" || ed.EventSources[0].SourceKind == "" || ed.EventSources[0].State == "" {
			t.Errorf("event sources = %+v", ed.EventSources)
		}
	}
}

func findAlias(as []providers.Alias, name string) (providers.Alias, bool) {
	i := slices.IndexFunc(as, func(a providers.Alias) bool { return a.Name == name })
	if i < 0 {
		return providers.Alias{}, false
	}
	return as[i], true
}

func contractClusters(t *testing.T, p *awsprov.Provider, fx fixture) {
	cs, err := p.ListClusters(testCtx(t, 30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(cs, func(c providers.Cluster) bool { return c.Name == fx.cluster })
	if i < 0 {
		t.Fatalf("cluster %s not in %+v", fx.cluster, cs)
	}
	c := cs[i]
	if c.ARN == "" || c.Status != "ACTIVE" || c.ContainerInsights != fx.insights || (c.ActiveServices < 1 && !fx.sparseECS) {
		t.Errorf("cluster = %+v, want insights %q", c, fx.insights)
	}
}

// service reads one service back.
func service(t *testing.T, p *awsprov.Provider, cluster, name string) providers.Service {
	t.Helper()
	svcs, err := p.ListServices(testCtx(t, 30*time.Second), cluster)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(svcs, func(s providers.Service) bool { return s.Name == name })
	if i < 0 {
		t.Fatalf("service %s/%s not listed", cluster, name)
	}
	return svcs[i]
}

func contractServices(t *testing.T, p *awsprov.Provider, fx fixture) {
	s := service(t, p, fx.cluster, fx.service)
	if s.Cluster != fx.cluster || s.ARN == "" || s.Status != "ACTIVE" || s.TaskDefFamily == "" || s.TaskDefRevision < 1 ||
		!strings.Contains(s.TaskDefinition, "task-definition/"+s.TaskDefFamily+":") || len(s.Deployments) == 0 || (s.CreatedAt.IsZero() && !fx.sparseECS) {
		t.Errorf("service = %+v", s)
	}
	primaries := 0
	for _, d := range s.Deployments {
		if d.Status == "PRIMARY" {
			primaries++
		}
	}
	if primaries != 1 {
		t.Errorf("%d PRIMARY deployments in %+v", primaries, s.Deployments)
	}
}

// tasks lists a service's tasks, keeping only that service's when the
// backend ignores the serviceName filter.
func tasks(t *testing.T, p *awsprov.Provider, fx fixture) []providers.Task {
	t.Helper()
	ts, err := p.ListTasks(testCtx(t, 30*time.Second), fx.cluster, fx.service)
	if err != nil {
		t.Fatal(err)
	}
	out := ts[:0:0]
	for _, task := range ts {
		if task.Service != fx.service {
			if fx.serviceFiltering {
				t.Errorf("task %s of service %q listed for %q", task.ID, task.Service, fx.service)
			}
			continue
		}
		out = append(out, task)
	}
	return out
}

func contractTasks(t *testing.T, p *awsprov.Provider, fx fixture) {
	ts := tasks(t, p, fx)
	running, stopped := 0, 0
	for _, task := range ts {
		if task.ARN == "" || !strings.HasSuffix(task.ARN, "/"+task.ID) || task.Cluster != fx.cluster || task.TaskDefRevision < 1 ||
			len(task.Containers) == 0 || task.Containers[0].Name == "" || task.LastStatus == "" {
			t.Errorf("task = %+v", task)
		}
		if !fx.sparseECS && (task.CreatedAt.IsZero() || task.CPU == "" || task.Memory == "") {
			t.Errorf("task = %+v", task)
		}
		switch task.DesiredStatus {
		case "RUNNING":
			running++
		case "STOPPED":
			stopped++
		}
	}
	if running == 0 {
		t.Errorf("no running task in %d tasks", len(ts))
	}
	if fx.stoppedTask && stopped == 0 {
		t.Errorf("no stopped task in %d tasks", len(ts))
	}
	if !slices.IsSortedFunc(ts, func(a, b providers.Task) int { return b.CreatedAt.Compare(a.CreatedAt) }) {
		t.Errorf("tasks not newest first")
	}
	if _, err := p.ListTasks(testCtx(t, 30*time.Second), "virga-no-such-cluster", ""); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("tasks of a missing cluster: %v, want ErrNotFound", err)
	}
}

func contractTaskDefinitions(t *testing.T, p *awsprov.Provider, fx fixture) {
	s := service(t, p, fx.cluster, fx.service)
	ctx := testCtx(t, 30*time.Second)
	td, err := p.DescribeTaskDefinition(ctx, s.TaskDefinition)
	if err != nil {
		t.Fatal(err)
	}
	if td.ARN != s.TaskDefinition || td.Family != s.TaskDefFamily || td.Revision != s.TaskDefRevision || len(td.Containers) == 0 {
		t.Fatalf("task definition = %+v", td)
	}
	c := td.Containers[0]
	if c.Name == "" || c.Image == "" || c.LogDriver == "" {
		t.Errorf("container = %+v", c)
	}
	if fx.taskLogGroup != "" && (c.LogDriver != "awslogs" || c.LogOptions["awslogs-group"] != fx.taskLogGroup) {
		t.Errorf("container logs = %s %v, want awslogs to %s", c.LogDriver, c.LogOptions, fx.taskLogGroup)
	}
	// Both fixtures' service is a web service: a port and a health check.
	if len(c.Ports) == 0 || c.Ports[0].ContainerPort == 0 || c.Ports[0].Protocol == "" {
		t.Errorf("container ports = %+v", c.Ports)
	}
	if hc := c.HealthCheck; hc == nil || len(hc.Command) < 2 || hc.Interval == 0 || hc.Retries == 0 {
		t.Errorf("container health check = %+v", c.HealthCheck)
	}
	before := callsOf(p, "ECS", "DescribeTaskDefinition")
	again, err := p.DescribeTaskDefinition(ctx, s.TaskDefinition)
	if err != nil || again.ARN != td.ARN {
		t.Fatalf("second read: %+v, %v", again, err)
	}
	if after := callsOf(p, "ECS", "DescribeTaskDefinition"); after != before {
		t.Errorf("a task definition revision was read twice (%d -> %d calls)", before, after)
	}

	revs, err := p.ListTaskDefinitions(ctx, s.TaskDefFamily)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) == 0 || !slices.Contains(revs, s.TaskDefinition) {
		t.Fatalf("revisions %v lack %s", revs, s.TaskDefinition)
	}
	last := 1 << 30
	for _, arn := range revs {
		fam, rev, _ := strings.Cut(arn[strings.LastIndexByte(arn, '/')+1:], ":")
		n, _ := strconv.Atoi(rev)
		if fam != s.TaskDefFamily || n >= last {
			t.Errorf("revisions not one family newest first: %v", revs)
			break
		}
		last = n
	}
}

func callsOf(p *awsprov.Provider, service, op string) int {
	for _, c := range p.Stats().Calls {
		if c.Service == service && c.Operation == op {
			return c.Calls
		}
	}
	return 0
}

func contractFilterLogs(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 60*time.Second)
	q := providers.LogQuery{Group: fx.logGroup, Start: fx.logStart, End: fx.logEnd, Limit: 10_000}
	whole, err := p.FilterLogEvents(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for whole.NextToken != "" {
		q.NextToken = whole.NextToken
		more, err := p.FilterLogEvents(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		whole.Events, whole.NextToken = append(whole.Events, more.Events...), more.NextToken
	}
	if fx.logEvents > 0 && len(whole.Events) != fx.logEvents {
		t.Errorf("%d events, want %d", len(whole.Events), fx.logEvents)
	}
	if len(whole.Events) < 3 {
		t.Fatalf("only %d events in %s: nothing to page", len(whole.Events), fx.logGroup)
	}

	limit := max(2, len(whole.Events)/4)
	q = providers.LogQuery{Group: fx.logGroup, Start: fx.logStart, End: fx.logEnd, Limit: limit}
	var paged []providers.LogEvent
	pages := 0
	for {
		page, err := p.FilterLogEvents(ctx, q)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		if len(page.Events) > limit {
			t.Errorf("page of %d events, limit %d", len(page.Events), limit)
		}
		if !slices.IsSortedFunc(page.Events, func(a, b providers.LogEvent) int { return a.Timestamp.Compare(b.Timestamp) }) {
			t.Errorf("page %d not sorted by time", pages)
		}
		paged = append(paged, page.Events...)
		if page.NextToken == "" || pages > 1000 {
			break
		}
		q.NextToken = page.NextToken
	}
	if pages < 2 {
		t.Errorf("%d events with limit %d came in one page", len(paged), limit)
	}
	ids := func(evs []providers.LogEvent) []string {
		out := make([]string, len(evs))
		for i, e := range evs {
			if e.ID == "" || e.Group != fx.logGroup || e.Stream == "" || e.Timestamp.Before(fx.logStart) || e.Timestamp.After(fx.logEnd) {
				t.Errorf("event %+v", e)
			}
			out[i] = e.ID
		}
		slices.Sort(out)
		return out
	}
	wholeIDs, pagedIDs := ids(whole.Events), ids(paged)
	if len(slices.Compact(slices.Clone(pagedIDs))) != len(pagedIDs) {
		t.Errorf("paging returned duplicate events")
	}
	if !slices.Equal(wholeIDs, pagedIDs) {
		t.Errorf("paged events (%d) differ from one read (%d)", len(pagedIDs), len(wholeIDs))
	}
}

func contractMetrics(t *testing.T, p *awsprov.Provider, fx fixture) {
	res, err := p.GetMetricData(testCtx(t, 30*time.Second), providers.MetricRequest{
		Queries: []providers.MetricQuery{fx.metric}, Start: fx.metricStart, End: fx.metricEnd,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Calls != 1 || len(res.Series) != 1 {
		t.Fatalf("result = %+v", res)
	}
	s := res.Series[0]
	if s.Key != fx.metric.Key || s.Status != "Complete" || len(s.Timestamps) != len(s.Values) {
		t.Errorf("series = %+v", s)
	}
	if !slices.IsSortedFunc(s.Timestamps, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Errorf("timestamps not oldest first: %v", s.Timestamps)
	}
	if fx.metricValues != nil {
		if !slices.Equal(s.Values, fx.metricValues) {
			t.Errorf("values = %v, want %v", s.Values, fx.metricValues)
		}
		return
	}
	if !slices.ContainsFunc(s.Values, func(v float64) bool { return v > 0 }) {
		t.Errorf("no positive value in %v", s.Values)
	}
}

func contractMetricSplit(t *testing.T, p *awsprov.Provider, fx fixture) {
	qs := make([]providers.MetricQuery, 501)
	for i := range qs {
		qs[i] = fx.metric
		qs[i].Key = fmt.Sprintf("%s/Invocations #%d", fx.metric.Key, i)
	}
	res, err := p.GetMetricData(testCtx(t, 60*time.Second), providers.MetricRequest{Queries: qs, Start: fx.metricStart, End: fx.metricEnd})
	if err != nil {
		t.Fatal(err)
	}
	if res.Calls != 2 || len(res.Series) != len(qs) {
		t.Fatalf("%d calls, %d series; want 2 calls, %d series", res.Calls, len(res.Series), len(qs))
	}
	for i, s := range res.Series {
		if s.Key != qs[i].Key {
			t.Fatalf("series %d has key %q, want %q", i, s.Key, qs[i].Key)
		}
	}
	if first, last := res.Series[0], res.Series[500]; !slices.Equal(first.Values, last.Values) || len(first.Values) == 0 {
		t.Errorf("the same metric differs across calls: %v vs %v", first.Values, last.Values)
	}
}

// contractMetricIsolation: a percentile query that makes the backend
// answer HTTP 500 fails alone, as an InternalError series saying so; the
// sums beside it keep their values; the next request leaves it out and
// takes a single call.
func contractMetricIsolation(t *testing.T, p *awsprov.Provider, fx fixture) {
	sum := fx.metric
	sum.Key = "sum"
	errs := fx.metric
	errs.Key, errs.Metric = "errors", "Errors"
	pct := fx.metric
	pct.Key, pct.Stat = "p95", "p95"
	req := providers.MetricRequest{Queries: []providers.MetricQuery{sum, pct, errs}, Start: fx.metricStart, End: fx.metricEnd}
	for round := range 2 {
		res, err := p.GetMetricData(testCtx(t, 60*time.Second), req)
		if err != nil {
			t.Fatalf("round %d: the whole request failed: %v", round, err)
		}
		if len(res.Series) != 3 {
			t.Fatalf("round %d: %d series", round, len(res.Series))
		}
		s, bad, e := res.Series[0], res.Series[1], res.Series[2]
		if s.Key != "sum" || s.Status != "Complete" || !slices.ContainsFunc(s.Values, func(v float64) bool { return v > 0 }) {
			t.Errorf("round %d: sum = %+v, want its data", round, s)
		}
		if fx.metricValues != nil && !slices.Equal(s.Values, fx.metricValues) {
			t.Errorf("round %d: sum values = %v, want %v", round, s.Values, fx.metricValues)
		}
		if e.Key != "errors" || e.Status != "Complete" {
			t.Errorf("round %d: errors = %+v", round, e)
		}
		if bad.Key != "p95" || bad.Status != "InternalError" || !strings.Contains(bad.Message, "CloudWatch answered HTTP 500") {
			t.Errorf("round %d: p95 = %+v, want InternalError saying CloudWatch answered HTTP 500", round, bad)
		}
		if round == 1 && res.Calls != 1 {
			t.Errorf("the second request took %d calls, want 1 (the failing query left out)", res.Calls)
		}
	}
}

func contractTail(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	ch, err := p.Tail(ctx, providers.TailRequest{Groups: []string{fx.tailGroup}})
	if err != nil {
		t.Fatal(err)
	}
	var b providers.LogBatch
	select {
	case b = <-ch:
	case <-time.After(20 * time.Second):
		t.Fatal("no live tail batch within 20s")
	}
	if b.Err != nil || len(b.Events) == 0 {
		t.Fatalf("batch = %+v", b)
	}
	for _, e := range b.Events {
		if e.Group != fx.tailGroup || e.Stream == "" || e.Timestamp.IsZero() {
			t.Errorf("event %+v", e)
		}
	}
}
