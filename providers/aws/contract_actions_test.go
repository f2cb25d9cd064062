package aws_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// The action half of the contract suite: each action is made, then its
// effect is read back through the same Provider.

func contractInvoke(t *testing.T, p *awsprov.Provider, fx fixture) {
	res, err := p.Invoke(testCtx(t, 60*time.Second), providers.InvokeRequest{
		Function: fx.invokeFn, Type: providers.InvokeSync, Payload: []byte(`{"virga":"contract"}`), Tail: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.RequestID == "" || len(res.Payload) == 0 {
		t.Errorf("result = %+v", res)
	}
	async, err := p.Invoke(testCtx(t, 60*time.Second), providers.InvokeRequest{Function: fx.invokeFn, Type: providers.InvokeAsync, Payload: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if async.StatusCode != 202 {
		t.Errorf("async status %d, want 202", async.StatusCode)
	}
}

func contractReserved(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	r, err := p.PutReservedConcurrency(ctx, fx.mutFn, 7)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestID == "" || !strings.Contains(r.Result, "7") || r.Applied[providers.AppliedReserved] != "7" {
		t.Errorf("receipt = %+v", r)
	}
	d, err := p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if d.Function.Reserved == nil || *d.Function.Reserved != 7 {
		t.Errorf("reserved after put = %v, want 7", d.Function.Reserved)
	}
	if _, err := p.DeleteReservedConcurrency(ctx, fx.mutFn); err != nil {
		t.Fatal(err)
	}
	d, err = p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if d.Function.Reserved != nil || !d.Function.ReservedKnown {
		t.Errorf("reserved after delete = %v (known %v), want unreserved", d.Function.Reserved, d.Function.ReservedKnown)
	}
}

// retryConflict repeats an action while the function is being updated, as
// a user would after "update in progress", moving the backend's clock on.
func retryConflict(t *testing.T, b backendUnderTest, call func() (providers.Receipt, error)) providers.Receipt {
	t.Helper()
	for i := 0; ; i++ {
		r, err := call()
		if providers.KindOf(err) != providers.ErrConflict || i == 20 {
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if b.advance != nil {
			b.advance(2 * time.Second)
		} else {
			time.Sleep(500 * time.Millisecond)
		}
	}
}

func contractPublish(t *testing.T, p *awsprov.Provider, b backendUnderTest) {
	fx := b.fx
	ctx := testCtx(t, 60*time.Second)
	before, err := p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	mem := before.Function.MemoryMB + 64
	if _, err := p.UpdateFunctionConfiguration(ctx, fx.mutFn, providers.FunctionConfigUpdate{MemoryMB: &mem}); err != nil {
		t.Fatal(err)
	}
	r := retryConflict(t, b, func() (providers.Receipt, error) { return p.PublishVersion(ctx, fx.mutFn, "virga contract test") })
	if _, err := strconv.Atoi(r.Result); err != nil || r.RequestID == "" {
		t.Fatalf("receipt = %+v, want a version number", r)
	}
	after, err := p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if after.Function.MemoryMB != mem {
		t.Errorf("memory = %d, want %d", after.Function.MemoryMB, mem)
	}
	if !slices.ContainsFunc(after.Versions, func(v providers.FunctionVersion) bool { return v.Version == r.Result }) {
		t.Errorf("published version %s not in %+v", r.Result, after.Versions)
	}
	if len(after.Versions) <= len(before.Versions) {
		t.Errorf("versions %d -> %d: nothing was published", len(before.Versions), len(after.Versions))
	}
}

func contractUpdateAlias(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 60*time.Second)
	d, err := p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Versions) < 2 {
		t.Fatalf("%s has %d versions, need 2", fx.mutFn, len(d.Versions))
	}
	target, extra := d.Versions[len(d.Versions)-1].Version, d.Versions[len(d.Versions)-2].Version
	weights := map[string]float64{extra: 0.25}
	r, err := p.UpdateAlias(ctx, fx.mutFn, fx.mutAlias, target, weights)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestID == "" || r.Result != fx.mutAlias+" -> "+target {
		t.Errorf("receipt = %+v", r)
	}
	d, err = p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	al, _ := findAlias(d.Aliases, fx.mutAlias)
	if al.FunctionVersion != target || !maps.Equal(al.AdditionalWeights, weights) {
		t.Errorf("alias after update = %+v, want %s with %v", al, target, weights)
	}
	if _, err := p.UpdateAlias(ctx, fx.mutFn, fx.mutAlias, target, nil); err != nil {
		t.Fatal(err)
	}
	d, err = p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if al, _ := findAlias(d.Aliases, fx.mutAlias); al.FunctionVersion != target || len(al.AdditionalWeights) != 0 {
		t.Errorf("alias after clearing the canary = %+v", al)
	}
}

func contractUpdateService(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	s := service(t, p, fx.cluster, fx.service)
	desired := s.Desired + 1
	r, err := p.UpdateService(ctx, providers.ServiceUpdate{Cluster: fx.cluster, Service: fx.service, Desired: &desired})
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestID == "" || r.Result != "" || r.Applied[providers.AppliedDesired] != strconv.Itoa(desired) {
		t.Errorf("scale receipt = %+v, want no deployment and desired %d answered", r, desired)
	}
	if got := service(t, p, fx.cluster, fx.service); got.Desired != desired {
		t.Errorf("desired = %d, want %d", got.Desired, desired)
	}

	r, err = p.UpdateService(ctx, providers.ServiceUpdate{Cluster: fx.cluster, Service: fx.service, ForceNewDeployment: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Result == "" {
		t.Fatalf("redeploy receipt = %+v, want the new deployment id", r)
	}
	got := service(t, p, fx.cluster, fx.service)
	i := slices.IndexFunc(got.Deployments, func(d providers.Deployment) bool { return d.Status == "PRIMARY" })
	if i < 0 || got.Deployments[i].ID != r.Result {
		t.Errorf("primary deployment after redeploy = %+v, want %s", got.Deployments, r.Result)
	}

	_, err = p.UpdateService(ctx, providers.ServiceUpdate{Cluster: fx.cluster, Service: "virga-no-such-service", Desired: &desired})
	if providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("update of a missing service: %v, want ErrNotFound", err)
	}
}

func contractStopTask(t *testing.T, p *awsprov.Provider, fx fixture) {
	ts := tasks(t, p, fx)
	i := slices.IndexFunc(ts, func(task providers.Task) bool { return task.DesiredStatus == "RUNNING" })
	if i < 0 {
		t.Fatal("no running task to stop")
	}
	victim := ts[i]
	const reason = "virga contract test"
	r, err := p.StopTask(testCtx(t, 30*time.Second), fx.cluster, victim.ID, reason)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestID == "" || r.Result != victim.ID {
		t.Errorf("receipt = %+v, want task id %s", r, victim.ID)
	}
	ts = tasks(t, p, fx)
	i = slices.IndexFunc(ts, func(task providers.Task) bool { return task.ID == victim.ID })
	if i < 0 {
		t.Fatalf("stopped task %s no longer listed", victim.ID)
	}
	if got := ts[i]; got.DesiredStatus != "STOPPED" || got.StoppedReason != reason {
		t.Errorf("task after stop: desired %s reason %q", got.DesiredStatus, got.StoppedReason)
	}
}

func contractProvisioned(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	r, err := p.PutProvisionedConcurrency(ctx, fx.mutFn, fx.mutAlias, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestID == "" {
		t.Errorf("receipt = %+v", r)
	}
	d, err := p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(d.Provisioned, func(c providers.ProvisionedConfig) bool { return c.Qualifier == fx.mutAlias })
	if i < 0 || d.Provisioned[i].Requested != 2 {
		t.Fatalf("provisioned after put = %+v", d.Provisioned)
	}
	if _, err := p.DeleteProvisionedConcurrency(ctx, fx.mutFn, fx.mutAlias); err != nil {
		t.Fatal(err)
	}
	d, err = p.GetFunction(ctx, fx.mutFn)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(d.Provisioned, func(c providers.ProvisionedConfig) bool { return c.Qualifier == fx.mutAlias }) {
		t.Errorf("provisioned after delete = %+v", d.Provisioned)
	}
	_, err = p.DeleteProvisionedConcurrency(ctx, fx.mutFn, fx.mutAlias)
	if providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
}

func contractEventSource(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	d, err := p.GetFunction(ctx, fx.eventSourceFn)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.EventSources) == 0 {
		t.Fatal("no event source")
	}
	uuid := d.EventSources[0].UUID
	r, err := p.SetEventSourceEnabled(ctx, uuid, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Result != "Disabling" && r.Result != "Disabled" {
		t.Errorf("receipt = %+v", r)
	}
	d, err = p.GetFunction(ctx, fx.eventSourceFn)
	if err != nil {
		t.Fatal(err)
	}
	if st := d.EventSources[0].State; st != "Disabling" && st != "Disabled" {
		t.Errorf("state after disable = %s", st)
	}
}

// contractReadOnly opens a read-only Provider on the same backend: reads
// work, every action is refused.
func contractReadOnly(t *testing.T, b backendUnderTest) {
	fx := b.fx
	p := b.open(t, func(c *awsprov.Config) { c.ReadOnly = true })
	ctx := testCtx(t, 30*time.Second)
	if _, err := p.ListFunctions(ctx, ""); err != nil {
		t.Fatalf("read in read-only mode: %v", err)
	}
	if _, err := p.ListServices(ctx, fx.cluster); err != nil {
		t.Fatalf("read in read-only mode: %v", err)
	}
	one := 1
	for name, err := range map[string]error{
		"Invoke":                 second(p.Invoke(ctx, providers.InvokeRequest{Function: fx.invokeFn})),
		"PutReservedConcurrency": second(p.PutReservedConcurrency(ctx, fx.mutFn, 1)),
		"PublishVersion":         second(p.PublishVersion(ctx, fx.mutFn, "")),
		"UpdateService":          second(p.UpdateService(ctx, providers.ServiceUpdate{Cluster: fx.cluster, Service: fx.service, Desired: &one})),
		"StopTask":               second(p.StopTask(ctx, fx.cluster, "any", "")),
	} {
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Kind != providers.ErrReadOnly {
			t.Errorf("%s in read-only mode: %v", name, err)
		}
	}
	for _, c := range p.Stats().Calls {
		if !strings.HasPrefix(c.Operation, "List") && !strings.HasPrefix(c.Operation, "Describe") {
			t.Errorf("read-only provider called %s.%s", c.Service, c.Operation)
		}
	}
}

func second[T any](_ T, err error) error { return err }
