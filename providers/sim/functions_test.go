package sim_test

// The simulated account's Lambda functions: the fixed ones the demo
// relies on, and what each action does to them.

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestSpecialFunctions checks the fixed resources the demo relies on.
func TestSpecialFunctions(t *testing.T) {
	a, c := newAccount(t, 1)
	ctx := t.Context()
	get := func(name string) providers.FunctionDetail {
		t.Helper()
		d, err := a.GetFunction(ctx, name)
		if err != nil {
			t.Fatalf("GetFunction(%s): %v", name, err)
		}
		return d
	}

	co := get("checkout-api")
	if len(co.Versions) != 6 { // $LATEST + 1..5
		t.Errorf("checkout-api has %d versions, want $LATEST and 1..5", len(co.Versions))
	}
	aliases := map[string]providers.Alias{}
	for _, al := range co.Aliases {
		aliases[al.Name] = al
	}
	if live := aliases["live"]; live.FunctionVersion != "4" || live.AdditionalWeights["5"] != 0.1 {
		t.Errorf("checkout-api:live = %+v, want 4 with 10%% to 5", live)
	}
	if aliases["prev"].FunctionVersion != "3" {
		t.Errorf("checkout-api:prev = %+v, want 3", aliases["prev"])
	}

	ir := get("image-resize")
	if ir.Function.Reserved == nil || *ir.Function.Reserved != 10 || !ir.Function.ReservedKnown {
		t.Errorf("image-resize reserved = %v, want 10", ir.Function.Reserved)
	}

	si := get("search-indexer")
	if len(si.Provisioned) != 1 || si.Provisioned[0].Qualifier != "prod" || si.Provisioned[0].Requested != 20 || si.Provisioned[0].Status != "READY" {
		t.Errorf("search-indexer provisioned = %+v, want prod 20 READY", si.Provisioned)
	}
	if len(si.EventSources) != 1 || si.EventSources[0].SourceKind != "Kinesis" {
		t.Errorf("search-indexer event sources = %+v, want Kinesis", si.EventSources)
	}
	for name, kind := range map[string]string{"orders-consumer": "SQS", "ddb-stream-projector": "DynamoDB"} {
		if es := get(name).EventSources; len(es) != 1 || es[0].SourceKind != kind || es[0].State != "Enabled" {
			t.Errorf("%s event sources = %+v, want one enabled %s", name, es, kind)
		}
	}

	custom, jsonFmt, secrets, imgs, reserved := 0, 0, 0, 0, 0
	runtimes := map[string]bool{}
	archs := map[string]bool{}
	p, err := a.ListFunctions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Functions {
		if strings.HasPrefix(f.LogGroup, "/custom/platform/") {
			custom++
		}
		if f.LogFormat == "JSON" {
			jsonFmt++
		}
		if f.PackageType == "Image" && f.Runtime == "" {
			imgs++
		}
		runtimes[f.Runtime] = true
		archs[f.Architecture] = true
		for _, e := range f.Env {
			switch e.Name {
			case "DB_PASSWORD", "STRIPE_SECRET_KEY", "API_TOKEN", "JWT_SIGNING_KEY":
				secrets++
			}
		}
		if f.ReservedKnown {
			t.Errorf("%s: ListFunctions must not claim to know reserved concurrency", f.Name)
		}
		if d := get(f.Name); d.Function.Reserved != nil {
			reserved++
		}
	}
	if custom < 3 || jsonFmt < 3 || secrets < 4 || imgs < 3 || reserved < 3 {
		t.Errorf("custom groups %d, JSON %d, secrets %d, images %d, reserved %d: want several of each", custom, jsonFmt, secrets, imgs, reserved)
	}
	for _, rt := range []string{"nodejs20.x", "nodejs22.x", "python3.12", "python3.13", "java21", "provided.al2023", "dotnet8", ""} {
		if !runtimes[rt] {
			t.Errorf("no function with runtime %q", rt)
		}
	}
	if !archs["arm64"] || !archs["x86_64"] {
		t.Errorf("architectures %v, want both", archs)
	}

	// Behaviour over the last hour.
	c.Advance(2 * time.Hour)
	end := c.Now().Truncate(time.Minute)
	start := end.Add(-60 * time.Minute)
	sum := func(fn, metric string, kv ...string) float64 {
		total := 0.0
		for _, v := range series(t, a, lambdaQuery("q", metric, "Sum", append([]string{"FunctionName", fn}, kv...)...), start, end) {
			total += v
		}
		return total
	}
	if inv, errs := sum("payments-webhook", "Invocations"), sum("payments-webhook", "Errors"); errs/inv < 0.25 || errs/inv > 0.45 {
		t.Errorf("payments-webhook error rate %.2f, want 0.30-0.40", errs/inv)
	}
	v4 := sum("checkout-api", "Errors", "Resource", "checkout-api:live", "ExecutedVersion", "4") / sum("checkout-api", "Invocations", "Resource", "checkout-api:live", "ExecutedVersion", "4")
	v5 := sum("checkout-api", "Errors", "Resource", "checkout-api:live", "ExecutedVersion", "5") / sum("checkout-api", "Invocations", "Resource", "checkout-api:live", "ExecutedVersion", "5")
	if v5 < 3*v4 {
		t.Errorf("checkout-api canary error rate %.4f vs %.4f: version 5 should error more", v5, v4)
	}
	p99 := series(t, a, lambdaQuery("p", "Duration", "p99", "FunctionName", "report-generator"), start, end)
	high := 0
	for _, v := range p99 {
		if v > 0.75*60000 {
			high++
		}
		if v > 60000 {
			t.Errorf("report-generator p99 %.0f ms above its 60 s timeout", v)
		}
	}
	if high < len(p99)/3 {
		t.Errorf("report-generator p99 close to timeout in %d of %d minutes", high, len(p99))
	}
	if n := sum("clickstream-ingest", "Invocations"); n < 60*1000 {
		t.Errorf("clickstream-ingest %v invocations an hour, want very high traffic", n)
	}
	util := series(t, a, providers.MetricQuery{Key: "u", Namespace: providers.NamespaceLambda, Metric: "ProvisionedConcurrencyUtilization", Stat: "Maximum", Period: time.Minute,
		Dimensions: dims("FunctionName", "search-indexer", "Resource", "search-indexer:prod")}, start, end)
	if len(util) == 0 {
		t.Error("search-indexer:prod has no ProvisionedConcurrencyUtilization")
	}
	for _, v := range util {
		if v < 0 || v > 1 {
			t.Errorf("utilisation %v outside 0..1", v)
		}
	}
	if len(series(t, a, lambdaQuery("ia", "IteratorAge", "Maximum", "FunctionName", "search-indexer"), start, end)) == 0 {
		t.Error("search-indexer has no IteratorAge")
	}
	if len(series(t, a, lambdaQuery("ae", "AsyncEventAge", "Average", "FunctionName", "email-dispatch"), start, end)) == 0 {
		t.Error("email-dispatch has no AsyncEventAge")
	}
	if s := series(t, a, lambdaQuery("x", "NoSuchMetric", "Sum", "FunctionName", "checkout-api"), start, end); len(s) != 0 {
		t.Error("an unknown metric has data")
	}

	// thumbnail-worker uses nearly all its memory; legacy-cron prints
	// hostile lines.
	evs := allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/thumbnail-worker", Start: end.Add(-5 * time.Minute), End: end, Pattern: "REPORT"})
	for _, e := range evs {
		_, used, _ := strings.Cut(e.Message, "Max Memory Used: ")
		used, _, _ = strings.Cut(used, " MB")
		if n, err := strconv.Atoi(used); err != nil || n < 850 || n > 1024 {
			t.Errorf("thumbnail-worker REPORT %q: want max memory used close to 1024 MB", e.Message)
			break
		}
	}
	hostile, long := 0, 0
	evs = allEvents(t, a, providers.LogQuery{Group: "/aws/lambda/legacy-cron", Start: end.Add(-24 * time.Hour), End: end})
	for _, e := range evs {
		if strings.ContainsAny(e.Message, "\x1b\u202e\u009b") {
			hostile++
		}
		if len(e.Message) > 64<<10 {
			long++
		}
	}
	if hostile < 10 || long == 0 {
		t.Errorf("legacy-cron: %d hostile lines and %d long ones in a day", hostile, long)
	}
}

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
