package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

func TestKillSwitch(t *testing.T) {
	a, c := newAccount(t, 2)
	ctx := t.Context()
	if _, err := a.PutReservedConcurrency(ctx, "checkout-api", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Invoke(ctx, providers.InvokeRequest{Function: "checkout-api"}); providers.KindOf(err) != providers.ErrThrottled {
		t.Errorf("Invoke after kill switch: %v, want throttled", err)
	}
	c.Advance(4 * time.Minute)
	after := base.Truncate(time.Minute).Add(time.Minute)
	end := c.Now().Truncate(time.Minute)
	inv := series(t, a, lambdaQuery("i", "Invocations", "Sum", "FunctionName", "checkout-api"), after, end)
	thr := series(t, a, lambdaQuery("t", "Throttles", "Sum", "FunctionName", "checkout-api"), after, end)
	if len(inv) != 0 {
		t.Errorf("invocations after the kill switch: %v", inv)
	}
	if len(thr) != 3 {
		t.Fatalf("throttles in %d minutes, want 3", len(thr))
	}
	for m, v := range thr {
		if v < 100 {
			t.Errorf("%s: %v throttles, want all traffic", m.Format("15:04"), v)
		}
	}
	if _, err := a.DeleteReservedConcurrency(ctx, "checkout-api"); err != nil {
		t.Fatal(err)
	}
	d, _ := a.GetFunction(ctx, "checkout-api")
	if d.Function.Reserved != nil {
		t.Errorf("reserved after delete = %v", *d.Function.Reserved)
	}
}

func TestReservationLimits(t *testing.T) {
	a, _ := newAccount(t, 2)
	ctx := t.Context()
	_, err := a.PutReservedConcurrency(ctx, "checkout-api", 900)
	wantKind(t, err, providers.ErrInvalid)
	if !strings.Contains(err.Error(), "UnreservedConcurrentExecution below its minimum value of [100]") {
		t.Errorf("message %q lacks AWS's wording", err)
	}
	_, err = a.PutReservedConcurrency(ctx, "no-such-function", 1)
	wantKind(t, err, providers.ErrNotFound)
	before, _ := a.AccountSettings(ctx)
	if _, err := a.PutReservedConcurrency(ctx, "geo-lookup", 50); err != nil {
		t.Fatal(err)
	}
	after, _ := a.AccountSettings(ctx)
	if before.UnreservedConcurrency-after.UnreservedConcurrency != 50 || after.ConcurrencyLimit != 1000 || after.FunctionCount != 48 {
		t.Errorf("account settings %+v -> %+v", before, after)
	}
}

func TestProvisionedConcurrency(t *testing.T) {
	a, c := newAccount(t, 2)
	ctx := t.Context()
	if _, err := a.PutProvisionedConcurrency(ctx, "checkout-api", "live", 5); err != nil {
		t.Fatal(err)
	}
	if _, err := a.PutProvisionedConcurrency(ctx, "checkout-api", "prev", 5000); err != nil {
		t.Fatal(err)
	}
	_, err := a.PutProvisionedConcurrency(ctx, "checkout-api", "$LATEST", 5)
	wantKind(t, err, providers.ErrInvalid)
	_, err = a.PutProvisionedConcurrency(ctx, "checkout-api", "nope", 5)
	wantKind(t, err, providers.ErrNotFound)
	_, err = a.PutProvisionedConcurrency(ctx, "image-resize", "1", 5)
	wantKind(t, err, providers.ErrNotFound)

	status := func() map[string]providers.ProvisionedConfig {
		d, err := a.GetFunction(ctx, "checkout-api")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]providers.ProvisionedConfig{}
		for _, p := range d.Provisioned {
			out[p.Qualifier] = p
		}
		return out
	}
	if s := status(); s["live"].Status != "IN_PROGRESS" || s["prev"].Status != "IN_PROGRESS" {
		t.Errorf("right after the request: %+v", s)
	}
	c.Advance(50 * time.Second)
	if s := status(); s["live"].Allocated == 0 || s["live"].Allocated >= 5 && s["live"].Status == "IN_PROGRESS" {
		t.Errorf("half way: %+v", s["live"])
	}
	c.Advance(2 * time.Minute)
	s := status()
	if s["live"].Status != "READY" || s["live"].Allocated != 5 {
		t.Errorf("after two minutes: %+v, want READY 5", s["live"])
	}
	if s["prev"].Status != "FAILED" || s["prev"].StatusReason == "" {
		t.Errorf("over-asking: %+v, want FAILED with a reason", s["prev"])
	}
	c.Advance(2 * time.Minute)
	end := c.Now().Truncate(time.Minute)
	pc := series(t, a, providers.MetricQuery{Key: "p", Namespace: providers.NamespaceLambda, Metric: "ProvisionedConcurrentExecutions", Stat: "Maximum", Period: time.Minute,
		Dimensions: dims("FunctionName", "checkout-api", "Resource", "checkout-api:live")}, end.Add(-time.Minute), end)
	if v := pc[end.Add(-time.Minute)]; v < 1 || v > 5 {
		t.Errorf("ProvisionedConcurrentExecutions = %v, want 1..5", v)
	}
	if _, err := a.DeleteProvisionedConcurrency(ctx, "checkout-api", "live"); err != nil {
		t.Fatal(err)
	}
	_, err = a.DeleteProvisionedConcurrency(ctx, "checkout-api", "live")
	wantKind(t, err, providers.ErrNotFound)
}

func TestUpdateConfigurationRestartsEnvironments(t *testing.T) {
	a, c := newAccount(t, 4)
	ctx := t.Context()
	mem := 2048
	if _, err := a.UpdateFunctionConfiguration(ctx, "orders-consumer", providers.FunctionConfigUpdate{MemoryMB: &mem}); err != nil {
		t.Fatal(err)
	}
	d, _ := a.GetFunction(ctx, "orders-consumer")
	if d.Function.LastUpdateStatus != "InProgress" || d.Function.MemoryMB != 2048 || !d.Function.LastModified.Equal(base) {
		t.Errorf("right after: %+v", d.Function)
	}
	_, err := a.UpdateFunctionConfiguration(ctx, "orders-consumer", providers.FunctionConfigUpdate{MemoryMB: &mem})
	wantKind(t, err, providers.ErrConflict)
	bad := 64
	_, err = a.UpdateFunctionConfiguration(ctx, "orders-consumer", providers.FunctionConfigUpdate{MemoryMB: &bad})
	wantKind(t, err, providers.ErrInvalid)
	c.Advance(10 * time.Second)
	if d, _ := a.GetFunction(ctx, "orders-consumer"); d.Function.LastUpdateStatus != "Successful" {
		t.Errorf("after 10 s: %s", d.Function.LastUpdateStatus)
	}
	c.Advance(2 * time.Minute)
	next := base.Truncate(time.Minute).Add(time.Minute)
	evs := allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/orders-consumer", Start: next, End: next.Add(time.Minute), Pattern: "REPORT"})
	cold := 0
	for _, e := range evs {
		if !strings.Contains(e.Message, "Memory Size: 2048 MB") {
			t.Fatalf("REPORT after the update still shows the old memory: %q", e.Message)
		}
		if strings.Contains(e.Message, "Init Duration") {
			cold++
		}
	}
	if cold == 0 {
		t.Error("no cold starts in the minute after a configuration change")
	}
}

func TestPublishAndAlias(t *testing.T) {
	a, c := newAccount(t, 4)
	ctx := t.Context()
	r, err := a.PublishVersion(ctx, "auth-authorizer", "unchanged")
	if err != nil || r.Result != "3" {
		t.Fatalf("publishing unchanged code: %+v %v, want version 3 again", r, err)
	}
	if _, err := a.UpdateFunctionCode(ctx, "auth-authorizer", providers.CodeSource{S3Bucket: "acme-artifacts", S3Key: "auth/v4.zip"}); err != nil {
		t.Fatal(err)
	}
	_, err = a.PublishVersion(ctx, "auth-authorizer", "too early")
	wantKind(t, err, providers.ErrConflict)
	_, err = a.UpdateFunctionCode(ctx, "pdf-renderer-fn", providers.CodeSource{S3Bucket: "b", S3Key: "k"})
	wantKind(t, err, providers.ErrInvalid)
	c.Advance(10 * time.Second)
	r, err = a.PublishVersion(ctx, "auth-authorizer", "release 4")
	if err != nil || r.Result != "4" || r.RequestID == "" {
		t.Fatalf("publish: %+v %v, want version 4", r, err)
	}

	// Move checkout-api:live fully to version 5: the canary's share goes
	// to 100% from the next minute.
	if _, err := a.UpdateAlias(ctx, "checkout-api", "live", "5", nil); err != nil {
		t.Fatal(err)
	}
	_, err = a.UpdateAlias(ctx, "checkout-api", "live", "9", nil)
	wantKind(t, err, providers.ErrNotFound)
	_, err = a.UpdateAlias(ctx, "checkout-api", "live", "4", map[string]float64{"5": 1.5})
	wantKind(t, err, providers.ErrInvalid)
	c.Advance(3 * time.Minute)
	end := c.Now().Truncate(time.Minute)
	start := base.Truncate(time.Minute).Add(time.Minute)
	v4 := series(t, a, lambdaQuery("4", "Invocations", "Sum", "FunctionName", "checkout-api", "Resource", "checkout-api:live", "ExecutedVersion", "4"), start, end)
	v5 := series(t, a, lambdaQuery("5", "Invocations", "Sum", "FunctionName", "checkout-api", "Resource", "checkout-api:live", "ExecutedVersion", "5"), start, end)
	all := series(t, a, lambdaQuery("a", "Invocations", "Sum", "FunctionName", "checkout-api"), start, end)
	if len(v4) != 0 || len(v5) != 2 {
		t.Fatalf("after moving the alias: v4 %v, v5 %v", v4, v5)
	}
	for m, v := range all {
		if v5[m] != v {
			t.Errorf("%s: v5 %v of %v", m.Format("15:04"), v5[m], v)
		}
	}
	d, _ := a.GetFunction(ctx, "checkout-api")
	for _, al := range d.Aliases {
		if al.Name == "live" && (al.FunctionVersion != "5" || al.AdditionalWeights != nil) {
			t.Errorf("live = %+v", al)
		}
	}
}

func TestEventSourceToggle(t *testing.T) {
	a, c := newAccount(t, 4)
	ctx := t.Context()
	d, _ := a.GetFunction(ctx, "ddb-stream-projector")
	id := d.EventSources[0].UUID
	r, err := a.SetEventSourceEnabled(ctx, id, false)
	if err != nil || r.Result != "Disabling" {
		t.Fatalf("disable: %+v %v", r, err)
	}
	_, err = a.SetEventSourceEnabled(ctx, id, true)
	wantKind(t, err, providers.ErrConflict)
	_, err = a.SetEventSourceEnabled(ctx, "00000000-0000-0000-0000-000000000000", true)
	wantKind(t, err, providers.ErrNotFound)
	c.Advance(10 * time.Second)
	if d, _ := a.GetFunction(ctx, "ddb-stream-projector"); d.EventSources[0].State != "Disabled" {
		t.Errorf("state after 10 s: %s", d.EventSources[0].State)
	}
	c.Advance(20 * time.Minute)
	start := base.Truncate(time.Minute).Add(time.Minute)
	end := c.Now().Truncate(time.Minute)
	if inv := series(t, a, lambdaQuery("i", "Invocations", "Sum", "FunctionName", "ddb-stream-projector"), start, end); len(inv) != 0 {
		t.Errorf("invocations while disabled: %v", inv)
	}
	if _, err := a.SetEventSourceEnabled(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	c.Advance(3 * time.Minute)
	resumed := end.Add(time.Minute)
	age := series(t, a, lambdaQuery("a", "IteratorAge", "Maximum", "FunctionName", "ddb-stream-projector"), resumed, resumed.Add(time.Minute))
	if age[resumed] < 10*60*1000 {
		t.Errorf("IteratorAge right after resuming = %v ms, want the backlog of ~20 minutes", age[resumed])
	}
}

func TestInvoke(t *testing.T) {
	a, c := newAccount(t, 9)
	twin, ctw := newAccount(t, 9)
	ctx := t.Context()
	res, err := a.Invoke(ctx, providers.InvokeRequest{Function: "checkout-api", Qualifier: "live", Payload: []byte(`{"cart":"c1"}`), Tail: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || (res.ExecutedVersion != "4" && res.ExecutedVersion != "5") || res.RequestID == "" {
		t.Errorf("result %+v", res)
	}
	if len(res.LogTail) > 4096 || !strings.Contains(res.LogTail, "START RequestId: "+res.RequestID) || !strings.Contains(res.LogTail, "REPORT RequestId: "+res.RequestID) {
		t.Errorf("log tail %q", res.LogTail)
	}
	failed := 0
	for range 40 {
		r, err := a.Invoke(ctx, providers.InvokeRequest{Function: "payments-webhook"})
		if err != nil {
			t.Fatal(err)
		}
		if r.FunctionError == "Unhandled" {
			failed++
			if !strings.Contains(string(r.Payload), `"errorType"`) || !strings.Contains(string(r.Payload), `"trace"`) {
				t.Errorf("error payload %s", r.Payload)
			}
		}
	}
	if failed == 0 || failed == 40 {
		t.Errorf("%d of 40 payments-webhook invocations failed", failed)
	}
	if r, _ := a.Invoke(ctx, providers.InvokeRequest{Function: "email-dispatch", Type: providers.InvokeAsync}); r.StatusCode != 202 {
		t.Errorf("async status %d", r.StatusCode)
	}
	if r, _ := a.Invoke(ctx, providers.InvokeRequest{Function: "email-dispatch", Type: providers.InvokeDryRun}); r.StatusCode != 204 {
		t.Errorf("dry run status %d", r.StatusCode)
	}
	_, err = a.Invoke(ctx, providers.InvokeRequest{Function: "checkout-api", Qualifier: "nope"})
	wantKind(t, err, providers.ErrNotFound)

	// The invocation shows in the logs right away and in the metrics once
	// its minute has ended.
	evs := allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/checkout-api", Start: base.Add(-time.Minute), Pattern: res.RequestID})
	if len(evs) < 3 {
		t.Errorf("%d log lines of the invocation", len(evs))
	}
	c.Advance(time.Minute)
	ctw.Advance(time.Minute)
	m := base.Truncate(time.Minute)
	got := series(t, a, lambdaQuery("i", "Invocations", "Sum", "FunctionName", "payments-webhook"), m, m.Add(time.Minute))
	want := series(t, twin, lambdaQuery("i", "Invocations", "Sum", "FunctionName", "payments-webhook"), m, m.Add(time.Minute))
	if got[m] != want[m]+40 {
		t.Errorf("payments-webhook invocations %v, want %v + 40 invoked", got[m], want[m])
	}
}
