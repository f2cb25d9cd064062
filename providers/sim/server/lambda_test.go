package server_test

import (
	"encoding/base64"
	"errors"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func TestLambdaListFunctions(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	var want []providers.Function
	for marker := ""; ; {
		pg, err := e.acct.ListFunctions(ctx(t), marker)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, pg.Functions...)
		if marker = pg.Next; marker == "" {
			break
		}
	}
	var got []types.FunctionConfiguration
	pages := 0
	for p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(20)}); p.HasMorePages(); {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, out.Functions...)
	}
	if len(got) != len(want) || pages != (len(want)+19)/20 {
		t.Fatalf("got %d functions in %d pages, want %d in %d", len(got), pages, len(want), (len(want)+19)/20)
	}
	for i, f := range got {
		w := want[i]
		if aws.ToString(f.FunctionName) != w.Name || aws.ToString(f.FunctionArn) != w.ARN || int(aws.ToInt32(f.MemorySize)) != w.MemoryMB ||
			int(aws.ToInt32(f.Timeout)) != w.TimeoutSec || string(f.Runtime) != w.Runtime || string(f.PackageType) != w.PackageType ||
			f.LoggingConfig == nil || aws.ToString(f.LoggingConfig.LogGroup) != w.LogGroup || string(f.LoggingConfig.LogFormat) != w.LogFormat {
			t.Fatalf("function %d = %+v, want %+v", i, f, w)
		}
		lm, err := time.Parse("2006-01-02T15:04:05.000-0700", aws.ToString(f.LastModified))
		if err != nil || !lm.Equal(w.LastModified.Truncate(time.Millisecond)) {
			t.Fatalf("%s LastModified = %q (%v), want %v", w.Name, aws.ToString(f.LastModified), err, w.LastModified)
		}
		if len(w.Env) > 0 && (f.Environment == nil || f.Environment.Variables[w.Env[0].Name] != w.Env[0].Value) {
			t.Fatalf("%s environment = %+v, want %+v", w.Name, f.Environment, w.Env)
		}
	}
	// The sim's own page size goes through unchanged.
	out, err := c.ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
	if err != nil || len(out.Functions) != 48 || out.NextMarker != nil {
		t.Fatalf("one page: %d functions, marker %v, err %v", len(out.Functions), out.NextMarker, err)
	}
	_, err = c.ListFunctions(ctx(t), &lambda.ListFunctionsInput{Marker: aws.String("bogus!")})
	wantErr[*types.InvalidParameterValueException](t, err, "bad marker")
}

func TestLambdaGetFunction(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	out := must(t, c.GetFunction, &lambda.GetFunctionInput{FunctionName: aws.String("image-resize")})
	if out.Concurrency == nil || aws.ToInt32(out.Concurrency.ReservedConcurrentExecutions) != 10 {
		t.Fatalf("image-resize concurrency = %+v, want 10", out.Concurrency)
	}
	if aws.ToString(out.Code.RepositoryType) != "S3" || aws.ToString(out.Code.Location) == "" || len(out.Tags) == 0 {
		t.Fatalf("code %+v tags %v", out.Code, out.Tags)
	}
	d, _ := e.acct.GetFunction(ctx(t), "image-resize")
	if !maps.Equal(out.Tags, d.Function.Tags) || aws.ToString(out.Configuration.CodeSha256) != d.CodeSHA256 {
		t.Fatalf("tags %v sha %s, want %v %s", out.Tags, aws.ToString(out.Configuration.CodeSha256), d.Function.Tags, d.CodeSHA256)
	}

	img := must(t, c.GetFunction, &lambda.GetFunctionInput{FunctionName: aws.String("pdf-renderer-fn")})
	d, _ = e.acct.GetFunction(ctx(t), "pdf-renderer-fn")
	if aws.ToString(img.Code.ImageUri) != d.ImageURI || d.ImageURI == "" || img.Configuration.PackageType != types.PackageTypeImage || img.Concurrency != nil {
		t.Fatalf("image function: code %+v, want %s", img.Code, d.ImageURI)
	}

	// A qualifier resolves through the alias to its version.
	live, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("live")})
	if err != nil || aws.ToString(live.Version) != "4" || !strings.HasSuffix(aws.ToString(live.FunctionArn), ":live") {
		t.Fatalf("checkout-api:live = %v %v, %v", aws.ToString(live.Version), aws.ToString(live.FunctionArn), err)
	}
	v3, err := c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("checkout-api:3")})
	if err != nil || aws.ToString(v3.Configuration.Version) != "3" {
		t.Fatalf("checkout-api:3: %v", err)
	}

	_, err = c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("no-such-fn")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || !strings.Contains(aws.ToString(nf.Message), "no-such-fn") {
		t.Fatalf("missing function: %v", err)
	}
	wantAPIError(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("nope")})
	wantErr[*types.ResourceNotFoundException](t, err, "missing qualifier")
}

func TestLambdaVersionsAliasesAccount(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	vs := must(t, c.ListVersionsByFunction, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("checkout-api")})
	var names []string
	for _, v := range vs.Versions {
		names = append(names, aws.ToString(v.Version))
	}
	if strings.Join(names, ",") != "$LATEST,1,2,3,4,5" {
		t.Fatalf("versions = %v", names)
	}
	as := must(t, c.ListAliases, &lambda.ListAliasesInput{FunctionName: aws.String("checkout-api")})
	got := map[string]types.AliasConfiguration{}
	for _, a := range as.Aliases {
		got[aws.ToString(a.Name)] = a
	}
	live := got["live"]
	if aws.ToString(live.FunctionVersion) != "4" || live.RoutingConfig == nil || live.RoutingConfig.AdditionalVersionWeights["5"] != 0.1 ||
		aws.ToString(got["prev"].FunctionVersion) != "3" || aws.ToString(live.RevisionId) == "" {
		t.Fatalf("aliases = %+v", got)
	}
	a, err := c.GetAlias(ctx(t), &lambda.GetAliasInput{FunctionName: aws.String("checkout-api"), Name: aws.String("prev")})
	if err != nil || aws.ToString(a.FunctionVersion) != "3" {
		t.Fatalf("GetAlias prev: %v", err)
	}
	_, err = c.GetAlias(ctx(t), &lambda.GetAliasInput{FunctionName: aws.String("checkout-api"), Name: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", http.StatusNotFound)

	st := must(t, c.GetAccountSettings, &lambda.GetAccountSettingsInput{})
	want, _ := e.acct.AccountSettings(ctx(t))
	if int(st.AccountLimit.ConcurrentExecutions) != want.ConcurrencyLimit ||
		int(aws.ToInt32(st.AccountLimit.UnreservedConcurrentExecutions)) != want.UnreservedConcurrency ||
		int(st.AccountUsage.FunctionCount) != want.FunctionCount || st.AccountUsage.TotalCodeSize != want.CodeSizeUsed {
		t.Fatalf("account settings = %+v %+v, want %+v", st.AccountLimit, st.AccountUsage, want)
	}
	tags, err := c.ListTags(ctx(t), &lambda.ListTagsInput{Resource: live.AliasArn})
	if err != nil || len(tags.Tags) == 0 {
		t.Fatalf("ListTags: %v %v", tags, err)
	}
}

func TestLambdaConcurrency(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	fn := aws.String("cart-service")
	put, err := c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: fn, ReservedConcurrentExecutions: aws.Int32(7)})
	if err != nil || aws.ToInt32(put.ReservedConcurrentExecutions) != 7 {
		t.Fatalf("put: %v", err)
	}
	get, err := c.GetFunctionConcurrency(ctx(t), &lambda.GetFunctionConcurrencyInput{FunctionName: fn})
	if err != nil || aws.ToInt32(get.ReservedConcurrentExecutions) != 7 {
		t.Fatalf("get after put: %+v %v", get, err)
	}
	must(t, c.DeleteFunctionConcurrency, &lambda.DeleteFunctionConcurrencyInput{FunctionName: fn})
	get, err = c.GetFunctionConcurrency(ctx(t), &lambda.GetFunctionConcurrencyInput{FunctionName: fn})
	if err != nil || get.ReservedConcurrentExecutions != nil {
		t.Fatalf("get after delete: %+v %v", get.ReservedConcurrentExecutions, err)
	}
	_, err = c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: fn, ReservedConcurrentExecutions: aws.Int32(100000)})
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) || !strings.Contains(aws.ToString(ipv.Message), "UnreservedConcurrentExecution") {
		t.Fatalf("too much reserved: %v", err)
	}

	// Provisioned concurrency.
	pcs, err := c.ListProvisionedConcurrencyConfigs(ctx(t), &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("search-indexer")})
	if err != nil || len(pcs.ProvisionedConcurrencyConfigs) != 1 {
		t.Fatalf("list provisioned: %+v %v", pcs, err)
	}
	pc := pcs.ProvisionedConcurrencyConfigs[0]
	if pc.Status != types.ProvisionedConcurrencyStatusEnumReady || aws.ToInt32(pc.RequestedProvisionedConcurrentExecutions) != 20 ||
		!strings.HasSuffix(aws.ToString(pc.FunctionArn), ":prod") {
		t.Fatalf("search-indexer provisioned = %+v", pc)
	}
	pp, err := c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("checkout-api"), Qualifier: aws.String("prev"), ProvisionedConcurrentExecutions: aws.Int32(3),
	})
	if err != nil || pp.Status != types.ProvisionedConcurrencyStatusEnumInProgress || aws.ToInt32(pp.RequestedProvisionedConcurrentExecutions) != 3 {
		t.Fatalf("put provisioned: %+v %v", pp, err)
	}
	gp, err := c.GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("prev")})
	if err != nil || aws.ToInt32(gp.RequestedProvisionedConcurrentExecutions) != 3 {
		t.Fatalf("get provisioned: %v", err)
	}
	must(t, c.DeleteProvisionedConcurrencyConfig, &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("prev")})
	_, err = c.GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("prev")})
	wantErr[*types.ProvisionedConcurrencyConfigNotFoundException](t, err, "get deleted provisioned")
	_, err = c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("checkout-api"), Qualifier: aws.String("$LATEST"), ProvisionedConcurrentExecutions: aws.Int32(3),
	})
	wantErr[*types.InvalidParameterValueException](t, err, "provisioned on $LATEST")
}

func TestLambdaEventSourceMappings(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	all := must(t, c.ListEventSourceMappings, &lambda.ListEventSourceMappingsInput{})
	fns := map[string]types.EventSourceMappingConfiguration{}
	for _, m := range all.EventSourceMappings {
		fns[aws.ToString(m.FunctionArn)[strings.LastIndexByte(aws.ToString(m.FunctionArn), ':')+1:]] = m
	}
	for _, fn := range []string{"orders-consumer", "search-indexer", "ddb-stream-projector"} {
		if m, ok := fns[fn]; !ok || aws.ToString(m.State) != "Enabled" || aws.ToString(m.UUID) == "" {
			t.Fatalf("mapping of %s = %+v (all: %d)", fn, m, len(all.EventSourceMappings))
		}
	}
	one, err := c.ListEventSourceMappings(ctx(t), &lambda.ListEventSourceMappingsInput{FunctionName: aws.String("orders-consumer")})
	if err != nil || len(one.EventSourceMappings) != 1 || aws.ToInt32(one.EventSourceMappings[0].BatchSize) != 10 {
		t.Fatalf("orders-consumer mappings: %+v %v", one, err)
	}
	id := fns["search-indexer"].UUID
	up, err := c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: id, Enabled: aws.Bool(false)})
	if err != nil || aws.ToString(up.State) != "Disabling" {
		t.Fatalf("disable: %+v %v", up, err)
	}
	e.clock.Advance(10 * time.Second)
	got, err := c.GetEventSourceMapping(ctx(t), &lambda.GetEventSourceMappingInput{UUID: id})
	if err != nil || aws.ToString(got.State) != "Disabled" {
		t.Fatalf("after disable: %+v %v", got, err)
	}
	_, err = c.UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: aws.String("nope"), Enabled: aws.Bool(true)})
	wantErr[*types.ResourceNotFoundException](t, err, "missing mapping")
}

func TestLambdaDeploy(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	fn := aws.String("checkout-api")
	cfg := must(t, c.GetFunctionConfiguration, &lambda.GetFunctionConfigurationInput{FunctionName: fn})
	_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: fn, MemorySize: aws.Int32(2048), RevisionId: aws.String("stale")})
	wantErr[*types.PreconditionFailedException](t, err, "stale revision")
	up, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: fn, MemorySize: aws.Int32(2048), RevisionId: cfg.RevisionId})
	if err != nil || aws.ToInt32(up.MemorySize) != 2048 || up.LastUpdateStatus != types.LastUpdateStatusInProgress {
		t.Fatalf("update configuration: %+v %v", up, err)
	}
	_, err = c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: fn, Timeout: aws.Int32(20)})
	wantErr[*types.ResourceConflictException](t, err, "update in progress")
	wantAPIError(t, err, "ResourceConflictException", http.StatusConflict)
	e.clock.Advance(10 * time.Second)

	code, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: fn, ZipFile: []byte("PK\x03\x04")})
	if err != nil || code.LastUpdateStatus != types.LastUpdateStatusInProgress {
		t.Fatalf("update code: %v", err)
	}
	e.clock.Advance(10 * time.Second)
	pub, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: fn, Description: aws.String("v6")})
	if err != nil || aws.ToString(pub.Version) != "6" || aws.ToInt32(pub.MemorySize) != 2048 {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	_, err = c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: fn, CodeSha256: aws.String("abc")})
	wantErr[*types.PreconditionFailedException](t, err, "publish with stale sha")

	// Moving live keeps its canary when RoutingConfig is absent; an empty
	// weights map removes it.
	al, err := c.UpdateAlias(ctx(t), &lambda.UpdateAliasInput{FunctionName: fn, Name: aws.String("live"), FunctionVersion: aws.String("3")})
	if err != nil || aws.ToString(al.FunctionVersion) != "3" || al.RoutingConfig == nil || al.RoutingConfig.AdditionalVersionWeights["5"] != 0.1 {
		t.Fatalf("move live: %+v %v", al, err)
	}
	al, err = c.UpdateAlias(ctx(t), &lambda.UpdateAliasInput{FunctionName: fn, Name: aws.String("live"), FunctionVersion: aws.String("6"),
		RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{}}})
	if err != nil || aws.ToString(al.FunctionVersion) != "6" || al.RoutingConfig != nil {
		t.Fatalf("promote: %+v %v", al, err)
	}
	_, err = c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("pdf-renderer-fn"), ImageUri: aws.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/pdf:9")})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLambdaInvoke(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	out := must(t, c.Invoke, &lambda.InvokeInput{FunctionName: aws.String("checkout-api"), Payload: []byte(`{"cart":"c-1"}`), LogType: types.LogTypeTail})
	log, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if out.StatusCode != 200 || aws.ToString(out.ExecutedVersion) != "$LATEST" || len(out.Payload) == 0 || !strings.Contains(string(log), "REPORT RequestId") {
		t.Fatalf("invoke = %d %q %q log %q", out.StatusCode, aws.ToString(out.ExecutedVersion), out.Payload, log)
	}
	live, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("checkout-api"), Qualifier: aws.String("live")})
	if err != nil || (aws.ToString(live.ExecutedVersion) != "4" && aws.ToString(live.ExecutedVersion) != "5") || live.LogResult != nil {
		t.Fatalf("invoke live: %v %v", aws.ToString(live.ExecutedVersion), err)
	}
	async, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("email-dispatch"), InvocationType: types.InvocationTypeEvent})
	if err != nil || async.StatusCode != 202 || len(async.Payload) != 0 {
		t.Fatalf("async invoke: %+v %v", async, err)
	}
	dry, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("email-dispatch"), InvocationType: types.InvocationTypeDryRun})
	if err != nil || dry.StatusCode != 204 {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	failed := false
	for range 40 {
		out := must(t, c.Invoke, &lambda.InvokeInput{FunctionName: aws.String("payments-webhook")})
		if aws.ToString(out.FunctionError) == "Unhandled" && strings.Contains(string(out.Payload), "errorType") {
			failed = true
			break
		}
	}
	if !failed {
		t.Fatal("payments-webhook never returned FunctionError")
	}

	// The kill switch: reserved concurrency 0 throttles every invocation.
	must(t, c.PutFunctionConcurrency, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("geo-lookup"), ReservedConcurrentExecutions: aws.Int32(0)})
	_, err = c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("geo-lookup")})
	var tm *types.TooManyRequestsException
	if !errors.As(err, &tm) || tm.Reason != types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded || aws.ToString(tm.RetryAfterSeconds) != "1" {
		t.Fatalf("killed function: %v (%+v)", err, tm)
	}
}

func TestLambdaFaults(t *testing.T) {
	e := newEnv(t)
	c := e.lambda()
	e.acct.SetFault("Lambda.ListFunctions", sim.Fault{Kind: providers.ErrThrottled})
	_, err := c.ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
	var tm *types.TooManyRequestsException
	if !errors.As(err, &tm) || aws.ToString(tm.RetryAfterSeconds) != "1" || tm.Reason != types.ThrottleReasonCallerRateLimitExceeded {
		t.Fatalf("throttled: %v (%+v)", err, tm)
	}
	wantAPIError(t, err, "TooManyRequestsException", http.StatusTooManyRequests)

	// Denied access and expired credentials: TestFaultsOnTheWire.
	e.acct.SetFault("Lambda.ListFunctions", sim.Fault{Kind: providers.ErrNetwork})
	_, err = c.ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
	if err == nil || strings.Contains(err.Error(), "api error") {
		t.Fatalf("network fault: %v", err)
	}
	e.acct.SetFault("Lambda.ListFunctions", sim.Fault{})

	// Operations served without a sim method consult their own fault.
	e.acct.SetFault("Lambda.GetFunctionConfiguration", sim.Fault{Kind: providers.ErrThrottled})
	if _, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("geo-lookup")}); !errors.As(err, &tm) {
		t.Fatalf("GetFunctionConfiguration under fault: %v", err)
	}
	if _, err := c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("geo-lookup")}); err != nil {
		t.Fatalf("GetFunction is not under the fault: %v", err)
	}

	// Latency delays the answer.
	e.acct.SetFault("Lambda.GetAccountSettings", sim.Fault{Latency: 150 * time.Millisecond})
	start := time.Now()
	if _, err := c.GetAccountSettings(ctx(t), &lambda.GetAccountSettingsInput{}); err != nil || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("latency: %v after %v", err, time.Since(start))
	}
}

// TestLambdaPaths checks the routes a hand-written client might use:
// trailing slashes, and unknown routes answered as JSON errors.
func TestLambdaPaths(t *testing.T) {
	e := newEnv(t)
	hc := &http.Client{Transport: e.tr}
	for path, want := range map[string]int{
		"/2015-03-31/functions/":                         200,
		"/2015-03-31/functions":                          200,
		"/2015-03-31/functions/checkout-api/":            200,
		"/2015-03-31/functions/checkout-api/aliases/":    200,
		"/2019-09-30/functions/checkout-api/concurrency": 200,
		"/2016-08-19/account-settings/":                  200,
		"/2015-03-31/event-source-mappings/":             200,
		"/2015-03-31/nothing-here":                       404,
	} {
		resp, err := hc.Get(e.srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || !strings.HasPrefix(string(b), "{") {
			t.Errorf("GET %s = %d %.80s, want %d", path, resp.StatusCode, b, want)
		}
		if want != 200 && resp.Header.Get("X-Amzn-Errortype") == "" {
			t.Errorf("GET %s: no X-Amzn-ErrorType", path)
		}
	}
}

// BenchmarkServerListFunctions is one ListFunctions page (50 functions)
// through the real SDK client: signing, HTTP over loopback, routing, the
// sim, JSON both ways.
func BenchmarkServerListFunctions(b *testing.B) {
	e := newEnv(b)
	c := e.lambda()
	in := &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)}
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.ListFunctions(b.Context(), in)
		if err != nil || len(out.Functions) != 48 {
			b.Fatalf("%d functions, %v", len(out.Functions), err)
		}
	}
}
