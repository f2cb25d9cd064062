package sim_test

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
