package sim_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func service(t *testing.T, a *sim.Account, cluster, name string) providers.Service {
	t.Helper()
	svcs, err := a.ListServices(t.Context(), cluster)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no service %s/%s", cluster, name)
	return providers.Service{}
}

func hasEvent(s providers.Service, substr string) int {
	n := 0
	for _, e := range s.Events {
		if strings.Contains(e.Message, substr) {
			n++
		}
	}
	return n
}

func TestECSAtStart(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	cls, err := a.ListClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]providers.Cluster{}
	services := 0
	for _, cl := range cls {
		names[cl.Name] = cl
		services += cl.ActiveServices
	}
	if names["prod-api"].ContainerInsights != "enabled" || names["prod-workers"].ContainerInsights != "disabled" || names["staging"].Name == "" || services != 14 {
		t.Fatalf("clusters %+v", cls)
	}

	// catalog-api: a deployment in progress that completes.
	cat := service(t, a, "prod-api", "catalog-api")
	if cat.RolloutState != "IN_PROGRESS" || len(cat.Deployments) != 2 || cat.Deployments[1].Status != "ACTIVE" {
		t.Fatalf("catalog-api at start: %s, %+v", cat.RolloutState, cat.Deployments)
	}
	if cat.Deployments[0].Pending+cat.Deployments[0].Running == 0 || cat.Deployments[1].Running == 0 {
		t.Errorf("catalog-api deployments at start: %+v", cat.Deployments)
	}
	for i, e := range cat.Events[1:] {
		if e.CreatedAt.After(cat.Events[i].CreatedAt) {
			t.Fatal("events are not newest first")
		}
	}
	c.Advance(6 * time.Minute)
	cat = service(t, a, "prod-api", "catalog-api")
	if cat.RolloutState != "COMPLETED" || len(cat.Deployments) != 1 || cat.Running != cat.Desired || hasEvent(cat, "deployment completed.") == 0 {
		t.Errorf("catalog-api after 6 minutes: %s %+v", cat.RolloutState, cat.Deployments)
	}

	// pdf-renderer: the bad revision failed and was rolled back.
	pdf := service(t, a, "prod-workers", "pdf-renderer")
	defs, err := a.ListTaskDefinitions(ctx, "pdf-renderer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(pdf.TaskDefinition, ":"+strconv.Itoa(len(defs)-1)) || pdf.RolloutState != "COMPLETED" {
		t.Errorf("pdf-renderer runs %s (%s), want the revision before the bad %s", pdf.TaskDefinition, pdf.RolloutState, defs[0])
	}
	failed := false
	for _, d := range pdf.Deployments {
		if d.RolloutState == "FAILED" && d.RolloutReason == "ECS deployment circuit breaker: tasks failed to start." {
			failed = true
		}
	}
	if !failed || hasEvent(pdf, "deployment failed: tasks failed to start.") == 0 || hasEvent(pdf, "rolling back to deployment ecs-svc/") == 0 {
		t.Errorf("pdf-renderer deployments %+v", pdf.Deployments)
	}
	tasks, err := a.ListTasks(ctx, "prod-workers", "pdf-renderer")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]int{}
	for _, tk := range tasks {
		codes[tk.StopCode]++
		if len(tk.ID) != 32 || !strings.HasPrefix(tk.StartedBy, "ecs-svc/") || !strings.HasPrefix(tk.AZ, "us-east-1") {
			t.Errorf("task %+v", tk)
		}
	}
	if codes["TaskFailedToStart"]+codes["EssentialContainerExited"] < 3 {
		t.Errorf("stop codes of pdf-renderer tasks: %v", codes)
	}
	// The failed task's logs show why it crashed.
	evs := allEvents(t, a, providers.LogQuery{Group: "/ecs/pdf-renderer", Start: base.Add(-20 * time.Minute), End: c.Now(), Pattern: "CHROMIUM_PATH"})
	if len(evs) == 0 {
		t.Error("no crash lines from the bad revision")
	}
	// The firelens sidecar has no log group of its own.
	td, err := a.DescribeTaskDefinition(ctx, service(t, a, "prod-api", "graphql-gateway").TaskDefinition)
	if err != nil {
		t.Fatal(err)
	}
	firelens := false
	for _, ct := range td.Containers {
		if ct.LogDriver == "awsfirelens" {
			firelens = ct.LogOptions["awslogs-group"] == ""
		}
	}
	if !firelens {
		t.Errorf("graphql-gateway containers %+v", td.Containers)
	}
}

func TestECSScaling(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	n := 8
	if _, err := a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-api", Service: "checkout-web", Desired: &n}); err != nil {
		t.Fatal(err)
	}
	c.Advance(3 * time.Minute)
	s := service(t, a, "prod-api", "checkout-web")
	if s.Desired != 8 || s.Running != 8 || hasEvent(s, "has started 2 tasks") == 0 {
		t.Fatalf("scaled out: desired %d running %d", s.Desired, s.Running)
	}
	n = 4
	if _, err := a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-api", Service: "checkout-web", Desired: &n}); err != nil {
		t.Fatal(err)
	}
	c.Advance(2 * time.Minute)
	s = service(t, a, "prod-api", "checkout-web")
	if s.Running != 4 || hasEvent(s, "has stopped 4 running tasks") == 0 {
		t.Errorf("scaled in: running %d", s.Running)
	}
	bad := -1
	_, err := a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-api", Service: "checkout-web", Desired: &bad})
	wantKind(t, err, providers.ErrInvalid)
	_, err = a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "nope", Service: "checkout-web", Desired: &n})
	wantKind(t, err, providers.ErrNotFound)
	ci := series(t, a, providers.MetricQuery{Key: "d", Namespace: providers.NamespaceContainerInsights, Metric: "DesiredTaskCount", Stat: "Average", Period: time.Minute,
		Dimensions: dims("ClusterName", "prod-api", "ServiceName", "checkout-web")}, base.Add(-time.Minute), c.Now())
	if ci[base.Truncate(time.Minute).Add(2*time.Minute)] != 8 {
		t.Errorf("DesiredTaskCount %v", ci)
	}
	if cpu := series(t, a, providers.MetricQuery{Key: "c", Namespace: providers.NamespaceContainerInsights, Metric: "CpuUtilized", Stat: "Average", Period: time.Minute,
		Dimensions: dims("ClusterName", "prod-workers")}, base.Add(-time.Hour), c.Now()); len(cpu) != 0 {
		t.Error("Container Insights data for a cluster without it")
	}
}

func TestECSForceAndBadRevision(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	r, err := a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-api", Service: "cart-api", ForceNewDeployment: true})
	if err != nil || !strings.HasPrefix(r.Result, "ecs-svc/") {
		t.Fatalf("force: %+v %v", r, err)
	}
	s := service(t, a, "prod-api", "cart-api")
	if s.RolloutState != "IN_PROGRESS" || s.Deployments[0].ID != r.Result || s.Deployments[1].Status != "ACTIVE" {
		t.Fatalf("after force: %+v", s.Deployments)
	}
	c.Advance(5 * time.Minute)
	s = service(t, a, "prod-api", "cart-api")
	if s.RolloutState != "COMPLETED" || len(s.Deployments) != 1 || s.Running != s.Desired ||
		hasEvent(s, "(deployment "+r.Result+") deployment completed.") != 1 || hasEvent(s, "has stopped 4 running tasks") == 0 {
		t.Errorf("after 5 minutes: %s %+v", s.RolloutState, s.Deployments)
	}

	// Setting the known-bad revision again trips the circuit breaker again.
	defs, _ := a.ListTaskDefinitions(ctx, "pdf-renderer")
	before := hasEvent(service(t, a, "prod-workers", "pdf-renderer"), "deployment failed")
	if _, err := a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-workers", Service: "pdf-renderer", TaskDefinition: defs[0]}); err != nil {
		t.Fatal(err)
	}
	c.Advance(5 * time.Minute)
	pdf := service(t, a, "prod-workers", "pdf-renderer")
	if hasEvent(pdf, "deployment failed") != before+1 || pdf.TaskDefinition != defs[1] || pdf.RolloutState != "COMPLETED" || pdf.Running != pdf.Desired {
		t.Errorf("bad revision: %s %s %+v", pdf.TaskDefinition, pdf.RolloutState, pdf.Deployments)
	}
	_, err = a.UpdateService(ctx, providers.ServiceUpdate{Cluster: "prod-workers", Service: "pdf-renderer", TaskDefinition: "pdf-renderer:999"})
	wantKind(t, err, providers.ErrInvalid)
}

func TestECSStopTask(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	tasks, err := a.ListTasks(ctx, "prod-workers", "event-router")
	if err != nil {
		t.Fatal(err)
	}
	victim := tasks[0]
	if _, err := a.StopTask(ctx, "prod-workers", victim.ARN, "debugging a leak"); err != nil {
		t.Fatal(err)
	}
	_, err = a.StopTask(ctx, "prod-workers", "ffffffffffffffffffffffffffffffff", "")
	wantKind(t, err, providers.ErrNotFound)
	c.Advance(90 * time.Second)
	tasks, _ = a.ListTasks(ctx, "prod-workers", "event-router")
	running := 0
	for _, tk := range tasks {
		if tk.ID == victim.ID && (tk.LastStatus != "STOPPED" || tk.StopCode != "UserInitiated" || tk.StoppedReason != "debugging a leak" || tk.StoppedAt.IsZero()) {
			t.Errorf("stopped task %+v", tk)
		}
		if tk.LastStatus == "RUNNING" {
			running++
		}
	}
	if running != 2 {
		t.Errorf("%d running after the replacement, want 2", running)
	}
	evs := allEvents(t, a, providers.LogQuery{Group: "/ecs/event-router", Start: base, End: c.Now(), StreamPrefix: "ecs/event-router/" + victim.ID})
	if len(evs) == 0 || !strings.Contains(evs[len(evs)-1].Message, "Server stopped") {
		t.Errorf("last line of the stopped task: %v", evs[max(0, len(evs)-1):])
	}
}

// TestECSNaturalEvents checks that image-pipeline is OOM-killed now and
// then and that its memory climbs before each kill.
func TestECSNaturalEvents(t *testing.T) {
	a, c := newAccount(t, 1)
	ooms := 0
	for range 12 {
		c.Advance(30 * time.Minute)
		tasks, err := a.ListTasks(t.Context(), "prod-workers", "image-pipeline")
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range tasks {
			if tk.StoppedReason == "OutOfMemoryError: Container killed due to memory usage" {
				if *tk.Containers[0].ExitCode != 137 {
					t.Errorf("OOM exit code %d", *tk.Containers[0].ExitCode)
				}
				ooms++
			}
		}
	}
	if ooms == 0 {
		t.Fatal("no OOM kill of image-pipeline in six hours")
	}
	evs := allEvents(t, a, providers.LogQuery{Group: "/ecs/image-pipeline", Start: base, End: c.Now(), Pattern: "java.lang.OutOfMemoryError"})
	if len(evs) == 0 {
		t.Error("no OutOfMemoryError lines before the kills")
	}
	if s := service(t, a, "prod-api", "checkout-web"); hasEvent(s, "has reached a steady state.") < 2 {
		t.Error("no periodic steady-state messages")
	}
}
