package shared_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// The real provider is what virga serve puts behind a Cache.
var _ shared.Upstream = (*awsprov.Provider)(nil)

// newWireCache is a Cache in front of the real provider talking to the
// simulated account's wire server, as `virga serve --demo` runs: the SDK
// and Kubernetes walls are the real ones.
func newWireCache(t *testing.T) (*shared.Cache, *sim.Account) {
	t.Helper()
	acct := sim.New(sim.Config{Seed: 1, Now: time.Now})
	srv, err := server.Start(acct)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	p, err := awsprov.New(ctx(t), awsprov.Config{
		Region: "us-east-1", EndpointURL: srv.URL(), AccessKeyID: "test", SecretAccessKey: "test",
		CallTimeout: 10 * time.Second, NoKubeconfig: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	c := shared.New(p, shared.Config{})
	t.Cleanup(c.Close)
	return c, acct
}

// guardLog records the actions a guard was asked about.
type guardLog struct {
	mu  sync.Mutex
	ops []string
}

func (g *guardLog) guard(_ context.Context, op string) error {
	g.mu.Lock()
	g.ops = append(g.ops, op)
	g.mu.Unlock()
	return nil
}

func (g *guardLog) asked() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.ops)
}

// TestViewerCannotActOnKubernetes: a viewer's pod delete, deployment
// scale and restart are refused by the wall, as its AWS actions are: no
// request reaches the cluster and no rate budget is spent, even after the
// viewer tries to lift its wall. An operator's action on the same cache
// goes through once and passes its guard.
func TestViewerCannotActOnKubernetes(t *testing.T) {
	c, acct := newWireCache(t)
	var vg, og guardLog
	viewer := c.View(shared.ViewOptions{ReadOnly: true, Guard: vg.guard})
	operator := c.View(shared.ViewOptions{Guard: og.guard})
	viewer.SetReadOnly(false)
	pods, err := viewer.ListPods(ctx(t), "prod-eks", "default")
	if err != nil || len(pods) == 0 {
		t.Fatalf("the viewer's read: %d pods, %v", len(pods), err)
	}
	if _, err := viewer.DeletePod(ctx(t), "prod-eks", "default", pods[0].Name); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("viewer delete: %v", err)
	}
	if _, err := viewer.ScaleDeployment(ctx(t), "prod-eks", "default", "hello-api", 3); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("viewer scale: %v", err)
	}
	if _, err := viewer.RestartDeployment(ctx(t), "prod-eks", "default", "hello-api"); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("viewer restart: %v", err)
	}
	if _, err := viewer.PutReservedConcurrency(ctx(t), "image-resize", 1); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("viewer reserve: %v", err)
	}
	if m := acct.Mutations(); len(m) != 0 {
		t.Fatalf("a viewer changed the account: %v", m)
	}
	if got := vg.asked(); len(got) != 0 {
		t.Fatalf("the viewer's refused actions spent its budget: %v", got)
	}

	if _, err := operator.ScaleDeployment(ctx(t), "prod-eks", "default", "hello-api", 3); err != nil {
		t.Fatalf("operator scale: %v", err)
	}
	if m := acct.Mutations(); len(m) != 1 || m["Kubernetes.ScaleDeployment"] != 1 {
		t.Fatalf("mutations: %v, want one scale", m)
	}
	if got := og.asked(); !slices.Equal(got, []string{"Kubernetes.ScaleDeployment"}) {
		t.Fatalf("the operator's guard was asked %v", got)
	}
}

// TestOneResourceReadsShared: one service, one task and the API documents
// of `virga describe` are shared by sessions like the lists, each caller
// gets its own bytes, and a change forgets the document it changed.
func TestOneResourceReadsShared(t *testing.T) {
	c, acct := newWireCache(t)
	a, b := c.View(shared.ViewOptions{ReadOnly: true}), c.View(shared.ViewOptions{})
	svcs, err := a.ListServices(ctx(t), "prod-api")
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services: %v, %v", svcs, err)
	}
	tasks, err := a.ListTasks(ctx(t), "prod-api", "")
	if err != nil || len(tasks) == 0 {
		t.Fatalf("tasks: %v, %v", tasks, err)
	}
	var calls []int
	for _, v := range []*shared.View{a, b} {
		if s, err := v.GetService(ctx(t), "prod-api", svcs[0].Name); err != nil || s.Name != svcs[0].Name {
			t.Fatalf("GetService: %+v, %v", s, err)
		}
		if tk, err := v.GetTask(ctx(t), "prod-api", tasks[0].ID); err != nil || tk.ARN != tasks[0].ARN {
			t.Fatalf("GetTask: %+v, %v", tk, err)
		}
		calls = append(calls, acct.TotalCalls())
	}
	if calls[1] != calls[0] {
		t.Fatalf("the second session reading the same service and task made %d calls", calls[1]-calls[0])
	}

	fn := providers.DescribeRequest{Kind: providers.DescribeFunction, Name: "image-resize"}
	docA, err := a.Describe(ctx(t), fn)
	if err != nil {
		t.Fatal(err)
	}
	gets := acct.Calls("Lambda.GetFunction")
	clear(docA) // the first session's copy is its own
	docB, err := b.Describe(ctx(t), fn)
	if err != nil || !json.Valid(docB) {
		t.Fatalf("the second session's document: %q, %v", docB, err)
	}
	if n := acct.Calls("Lambda.GetFunction"); n != gets {
		t.Fatalf("the second session's describe called GetFunction (%d calls, was %d)", n, gets)
	}
	if _, err := b.PutReservedConcurrency(ctx(t), "image-resize", 4); err != nil {
		t.Fatal(err)
	}
	docA, err = a.Describe(ctx(t), fn)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Concurrency struct{ ReservedConcurrentExecutions *int }
	}
	if err := json.Unmarshal(docA, &doc); err != nil || doc.Concurrency.ReservedConcurrentExecutions == nil || *doc.Concurrency.ReservedConcurrentExecutions != 4 {
		t.Fatalf("after the change the document says %s (%v)", docA, err)
	}

	d, err := a.Diagnose(ctx(t))
	if err != nil || len(d.Checks) == 0 || d.Identity.Account == "" {
		t.Fatalf("doctor through a view: %+v, %v", d, err)
	}
}
