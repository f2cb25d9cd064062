package aws_test

import (
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// These tests drive the real SDK clients against a loopback server that
// answers with the exact error shapes AWS sends, so the whole path (wire
// protocol, SDK error types, retries, mapping) is covered.

func TestErrorShapesOverTheWire(t *testing.T) {
	ssoConfig := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(ssoConfig, []byte("[profile ops]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n"+
		"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		reply    func(w http.ResponseWriter)
		call     func(p *awsprov.Provider) error
		profile  string
		kind     providers.ErrorKind
		message  string
		action   string
		retry    time.Duration
		requests int
	}{
		{
			name: "lambda 429 with Retry-After, user action",
			reply: func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "7")
				lambdaError(w, 429, "TooManyRequestsException", "Rate exceeded", map[string]any{"Reason": "CallerRateLimitExceeded"})
			},
			call: func(p *awsprov.Provider) error {
				return second(p.PutReservedConcurrency(testCtx(t, 10*time.Second), "orders", 5))
			},
			kind: providers.ErrThrottled, message: "CallerRateLimitExceeded", action: "lambda:PutFunctionConcurrency",
			retry: 7 * time.Second, requests: 1,
		},
		{
			name: "access denied is not retried",
			reply: func(w http.ResponseWriter) {
				lambdaError(w, 403, "AccessDeniedException", "User is not authorized", nil)
			},
			call: func(p *awsprov.Provider) error { return second(p.ListFunctions(testCtx(t, 10*time.Second), "")) },
			kind: providers.ErrAccessDenied, message: "not permitted: lambda:ListFunctions", action: "lambda:ListFunctions", requests: 1,
		},
		{
			name:  "ecs cluster not found",
			reply: func(w http.ResponseWriter) { jsonError(w, 400, "ClusterNotFoundException", "Cluster not found.") },
			call:  func(p *awsprov.Provider) error { return second(p.ListServices(testCtx(t, 10*time.Second), "nope")) },
			kind:  providers.ErrNotFound, message: "Cluster not found", action: "ecs:ListServices", requests: 1,
		},
		{
			name: "expired token, plain credentials",
			reply: func(w http.ResponseWriter) {
				jsonError(w, 400, "ExpiredTokenException", "The security token included in the request is expired")
			},
			call: func(p *awsprov.Provider) error { return second(p.ListClusters(testCtx(t, 10*time.Second))) },
			kind: providers.ErrCredentials, message: "credentials expired: run aws configure", requests: 1,
		},
		{
			name:    "expired token, sso profile",
			profile: "ops",
			reply: func(w http.ResponseWriter) {
				lambdaError(w, 403, "ExpiredTokenException", "The security token included in the request is expired", nil)
			},
			call: func(p *awsprov.Provider) error { return second(p.ListFunctions(testCtx(t, 10*time.Second), "")) },
			kind: providers.ErrCredentials, message: "credentials expired: run aws sso login --profile ops", requests: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.profile != "" {
				t.Setenv("AWS_CONFIG_FILE", ssoConfig)
			}
			f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) { tc.reply(w) })
			p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.Profile = tc.profile })
			err := tc.call(p)
			var pe *providers.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *providers.Error", err, err)
			}
			if pe.Kind != tc.kind || !strings.Contains(pe.Message, tc.message) {
				t.Errorf("got %v %q, want %v containing %q", pe.Kind, pe.Message, tc.kind, tc.message)
			}
			if tc.action != "" && pe.Action != tc.action {
				t.Errorf("Action = %q, want %q", pe.Action, tc.action)
			}
			if pe.RetryAfter != tc.retry {
				t.Errorf("RetryAfter = %v, want %v", pe.RetryAfter, tc.retry)
			}
			if pe.RequestID != "req-fake" {
				t.Errorf("RequestID = %q, want req-fake", pe.RequestID)
			}
			if n := len(f.requests()); n != tc.requests {
				t.Errorf("server got %d requests, want %d", n, tc.requests)
			}
		})
	}
}

// TestReadOnlyRefusesMutations checks the second wall: with ReadOnly,
// every mutating method (and Invoke) fails with ErrReadOnly and nothing
// reaches the server, while reads still work.
func TestReadOnlyRefusesMutations(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
	})
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.ReadOnly = true })
	ctx := testCtx(t, 10*time.Second)
	two := 2
	mutations := map[string]func() error{
		"Invoke": func() error {
			return second(p.Invoke(ctx, providers.InvokeRequest{Function: "f", Type: providers.InvokeSync}))
		},
		"PutReservedConcurrency":       func() error { return second(p.PutReservedConcurrency(ctx, "f", 1)) },
		"DeleteReservedConcurrency":    func() error { return second(p.DeleteReservedConcurrency(ctx, "f")) },
		"PutProvisionedConcurrency":    func() error { return second(p.PutProvisionedConcurrency(ctx, "f", "live", 1)) },
		"DeleteProvisionedConcurrency": func() error { return second(p.DeleteProvisionedConcurrency(ctx, "f", "live")) },
		"UpdateFunctionConfiguration": func() error {
			return second(p.UpdateFunctionConfiguration(ctx, "f", providers.FunctionConfigUpdate{MemoryMB: &two}))
		},
		"PublishVersion":        func() error { return second(p.PublishVersion(ctx, "f", "")) },
		"UpdateAlias":           func() error { return second(p.UpdateAlias(ctx, "f", "live", "2", map[string]float64{"3": 0.1})) },
		"UpdateFunctionCode":    func() error { return second(p.UpdateFunctionCode(ctx, "f", providers.CodeSource{ImageURI: "x"})) },
		"SetEventSourceEnabled": func() error { return second(p.SetEventSourceEnabled(ctx, "uuid", false)) },
		"UpdateService": func() error {
			return second(p.UpdateService(ctx, providers.ServiceUpdate{Cluster: "c", Service: "s", Desired: &two}))
		},
		"StopTask": func() error { return second(p.StopTask(ctx, "c", "t", "why")) },
	}
	for name, call := range mutations {
		err := call()
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Kind != providers.ErrReadOnly {
			t.Errorf("%s: got %v, want ErrReadOnly", name, err)
			continue
		}
		if !strings.HasPrefix(pe.Message, "read-only mode: ") || !strings.HasSuffix(pe.Message, " refused") {
			t.Errorf("%s: message %q", name, pe.Message)
		}
	}
	if got := f.requests(); len(got) != 0 {
		t.Fatalf("read-only mode sent %d requests: %v", len(got), got)
	}
	if st := p.Stats(); len(st.Calls) != 0 {
		t.Errorf("refused calls were counted: %+v", st.Calls)
	}
	if _, err := p.ListFunctions(ctx, ""); err != nil {
		t.Fatalf("a read failed in read-only mode: %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("read sent %d requests, want 1", n)
	}
}

// TestStatsCountsOperationsAndAttempts checks the accounting middleware
// with a server that throttles the first attempt and then answers.
func TestStatsCountsOperationsAndAttempts(t *testing.T) {
	var listCalls atomic.Int32
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "Lambda.ListFunctions":
			if listCalls.Add(1) == 1 {
				lambdaError(w, 429, "TooManyRequestsException", "Rate exceeded", nil)
				return
			}
			writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
		case "Lambda.PutFunctionConcurrency":
			lambdaError(w, 429, "TooManyRequestsException", "Rate exceeded", nil)
		case "ECS.ListClusters":
			jsonError(w, 400, "ClientException", "bad")
		case "CloudWatch.GetMetricData":
			writeJSON(w, 200, "application/x-amz-json-1.0", map[string]any{"MetricDataResults": []any{}})
		default:
			http.NotFound(w, r)
		}
	})
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.Now = func() time.Time { return since } })
	ctx := testCtx(t, 20*time.Second)

	if _, err := p.ListFunctions(ctx, ""); err != nil {
		t.Fatalf("ListFunctions after one throttle: %v", err)
	}
	if _, err := p.PutReservedConcurrency(ctx, "f", 1); providers.KindOf(err) != providers.ErrThrottled {
		t.Fatalf("PutReservedConcurrency: %v, want throttled", err)
	}
	if _, err := p.ListClusters(ctx); providers.KindOf(err) != providers.ErrInvalid {
		t.Fatalf("ListClusters: %v, want invalid", err)
	}
	q := providers.MetricQuery{Namespace: "AWS/Lambda", Metric: "Invocations", Stat: "Sum", Period: time.Minute}
	if _, err := p.GetMetricData(ctx, providers.MetricRequest{Queries: []providers.MetricQuery{q, q, q}, Start: since, End: since.Add(time.Hour)}); err != nil {
		t.Fatalf("GetMetricData: %v", err)
	}

	st := p.Stats()
	if !st.Since.Equal(since) {
		t.Errorf("Since = %v", st.Since)
	}
	want := []providers.CallStat{
		{Service: "CloudWatch", Operation: "GetMetricData", Calls: 1, Attempts: 1},
		{Service: "ECS", Operation: "ListClusters", Calls: 1, Attempts: 1, Errors: 1},
		{Service: "Lambda", Operation: "ListFunctions", Calls: 1, Attempts: 2},
		{Service: "Lambda", Operation: "PutFunctionConcurrency", Calls: 1, Attempts: 1, Throttles: 1},
	}
	if !slices.Equal(st.Calls, want) {
		t.Errorf("Calls =\n%+v\nwant\n%+v", st.Calls, want)
	}
	if st.MetricsRequested != 3 {
		t.Errorf("MetricsRequested = %d, want 3", st.MetricsRequested)
	}
}

// TestEndpointFromEnvironment checks AWS_ENDPOINT_URL and a per-service
// AWS_ENDPOINT_URL_<SERVICE> without Config.EndpointURL.
func TestEndpointFromEnvironment(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "ECS.ListClusters":
			writeJSON(w, 200, "application/x-amz-json-1.1", map[string]any{"clusterArns": []string{}})
		default:
			writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
		}
	}
	global, ecsOnly := newFakeAWS(t, ok), newFakeAWS(t, ok)
	t.Setenv("AWS_ENDPOINT_URL", global.URL())
	t.Setenv("AWS_ENDPOINT_URL_ECS", ecsOnly.URL())
	p := newProvider(t, "", nil)
	ctx := testCtx(t, 10*time.Second)
	if _, err := p.ListFunctions(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ListClusters(ctx); err != nil {
		t.Fatal(err)
	}
	if got := global.requests(); !slices.Equal(got, []string{"Lambda.ListFunctions"}) {
		t.Errorf("global endpoint got %v", got)
	}
	if got := ecsOnly.requests(); !slices.Equal(got, []string{"ECS.ListClusters"}) {
		t.Errorf("ECS endpoint got %v", got)
	}
}

func TestListFunctionsMapsFields(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		if r.URL.Query().Get("MaxItems") != "50" || r.URL.Query().Get("Marker") != "m1" {
			t.Errorf("query %v, want MaxItems=50 Marker=m1", r.URL.Query())
		}
		writeJSON(w, 200, "application/json", map[string]any{
			"NextMarker": "m2",
			"Functions": []any{
				map[string]any{
					"FunctionName": "orders", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:orders",
					"Runtime": "python3.12", "Handler": "app.handler", "MemorySize": 512, "Timeout": 30,
					"LastModified": "2024-01-02T03:04:05.000+0000", "CodeSize": 1234, "PackageType": "Zip",
					"Architectures": []string{"arm64"}, "Version": "$LATEST", "State": "Active", "LastUpdateStatus": "Successful",
					"Environment":   map[string]any{"Variables": map[string]string{"ZED": "1", "ALPHA": "2"}},
					"LoggingConfig": map[string]any{"LogFormat": "JSON", "LogGroup": "/custom/orders"},
				},
				map[string]any{"FunctionName": "img", "PackageType": "Image", "MemorySize": 128, "Timeout": 3},
			},
		})
	})
	p := newProvider(t, f.URL(), nil)
	page, err := p.ListFunctions(testCtx(t, 10*time.Second), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if page.Next != "m2" || len(page.Functions) != 2 {
		t.Fatalf("page = %+v", page)
	}
	o := page.Functions[0]
	if o.Name != "orders" || o.Runtime != "python3.12" || o.MemoryMB != 512 || o.TimeoutSec != 30 ||
		o.Architecture != "arm64" || o.LogGroup != "/custom/orders" || o.LogFormat != "JSON" || o.ReservedKnown ||
		o.CodeSize != 1234 || o.State != "Active" || o.PackageType != "Zip" {
		t.Errorf("orders = %+v", o)
	}
	if !o.LastModified.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("LastModified = %v", o.LastModified)
	}
	if !slices.Equal(o.Env, []providers.EnvVar{{Name: "ALPHA", Value: "2"}, {Name: "ZED", Value: "1"}}) {
		t.Errorf("Env = %v, want sorted", o.Env)
	}
	img := page.Functions[1]
	if img.LogGroup != "/aws/lambda/img" || img.LogFormat != "Text" || img.Architecture != "x86_64" || img.Version != "$LATEST" {
		t.Errorf("img defaults = %+v", img)
	}
}

func TestInvokeOverTheWire(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		if r.Header.Get("X-Amz-Log-Type") != "Tail" || r.Header.Get("X-Amz-Invocation-Type") != "RequestResponse" {
			t.Errorf("headers %v", r.Header)
		}
		if r.URL.Query().Get("Qualifier") != "live" {
			t.Errorf("qualifier %q", r.URL.RawQuery)
		}
		w.Header().Set("X-Amz-Log-Result", base64.StdEncoding.EncodeToString([]byte("START\nREPORT Duration: 1 ms\n")))
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		w.Header().Set("X-Amz-Executed-Version", "7")
		w.Header().Set("X-Amzn-RequestId", "req-invoke")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"errorMessage":"boom"}`))
	})
	p := newProvider(t, f.URL(), nil)
	res, err := p.Invoke(testCtx(t, 10*time.Second), providers.InvokeRequest{
		Function: "orders", Qualifier: "live", Type: providers.InvokeSync, Payload: []byte(`{}`), Tail: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := providers.InvokeResult{StatusCode: 200, FunctionError: "Unhandled", ExecutedVersion: "7",
		Payload: []byte(`{"errorMessage":"boom"}`), LogTail: "START\nREPORT Duration: 1 ms\n", RequestID: "req-invoke"}
	if res.StatusCode != want.StatusCode || res.FunctionError != want.FunctionError || res.ExecutedVersion != want.ExecutedVersion ||
		string(res.Payload) != string(want.Payload) || res.LogTail != want.LogTail || res.RequestID != want.RequestID {
		t.Errorf("got %+v\nwant %+v", res, want)
	}
}

// TestNoCredentials checks that a missing credential is reported before
// anything is sent.
func TestNoCredentials(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) { http.NotFound(w, r) })
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.AccessKeyID, c.SecretAccessKey = "", "" })
	_, err := p.ListFunctions(testCtx(t, 10*time.Second), "")
	if providers.KindOf(err) != providers.ErrCredentials || !strings.Contains(providers.Short(err), "aws configure") {
		t.Fatalf("got %v, want a credentials error", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("sent %d requests without credentials", n)
	}
}

func TestIdentityIsCached(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) { stsIdentity(w, "111122223333") })
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 10*time.Second)
	for range 3 {
		id, err := p.Identity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if id.Account != "111122223333" || id.Region != "us-east-1" || id.ARN != "arn:aws:iam::111122223333:user/tester" || id.Demo {
			t.Fatalf("identity %+v", id)
		}
	}
	if n := f.count("STS.GetCallerIdentity"); n != 1 {
		t.Errorf("GetCallerIdentity called %d times, want 1", n)
	}
}

// TestCallsHaveADeadline checks that a call whose context has no deadline
// still ends, after CallTimeout, as a network error.
func TestCallsHaveADeadline(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) { hang(r) })
	p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.CallTimeout = 200 * time.Millisecond })
	_, err := p.ListClusters(t.Context()) // no deadline: CallTimeout applies
	if providers.KindOf(err) != providers.ErrNetwork || !strings.Contains(providers.Short(err), "timed out") {
		t.Fatalf("got %v, want a timeout", err)
	}
}

func TestNewNeedsARegion(t *testing.T) {
	_, err := awsprov.New(t.Context(), awsprov.Config{AccessKeyID: "a", SecretAccessKey: "b"})
	if providers.KindOf(err) != providers.ErrInvalid || !strings.Contains(providers.Short(err), "region") {
		t.Fatalf("got %v, want a missing-region error", err)
	}
	_, err = awsprov.New(t.Context(), awsprov.Config{Profile: "no-such-profile", Region: "us-east-1"})
	if err == nil || !strings.Contains(err.Error(), "no-such-profile") {
		t.Fatalf("unknown profile: %v", err)
	}
}

// TestCloseReleasesConnections checks that Close leaves no connection (and
// so no transport goroutine) behind while the server is still up.
func TestCloseReleasesConnections(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
	})
	before := goleak.IgnoreCurrent()
	p, err := awsprov.New(t.Context(), awsprov.Config{Region: "us-east-1", EndpointURL: f.URL(), AccessKeyID: "a", SecretAccessKey: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ListFunctions(testCtx(t, 10*time.Second), ""); err != nil {
		t.Fatal(err)
	}
	p.Close()
	goleak.VerifyNone(t, before)
}

// TestCABundleReachesTheTransport checks that AWS_CA_BUNDLE is trusted by
// the connections the Provider makes: a TLS endpoint signed by a private
// CA answers only when the bundle reached the transport.
func TestCABundleReachesTheTransport(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
	}))
	t.Cleanup(srv.Close)
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CA_BUNDLE", bundle)
	p := newProvider(t, srv.URL, nil)
	if _, err := p.ListFunctions(testCtx(t, 10*time.Second), ""); err != nil {
		t.Fatalf("TLS endpoint signed by the bundle's CA: %v", err)
	}
}

// TestInFlightLimitPerService checks that at most four Lambda calls are in
// flight at once however many callers there are, and that a service at its
// limit does not hold up another one.
func TestInFlightLimitPerService(t *testing.T) {
	var now, peak atomic.Int32
	release := make(chan struct{})
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		if op == "ECS.ListClusters" {
			writeJSON(w, 200, "application/x-amz-json-1.1", map[string]any{"clusterArns": []string{}})
			return
		}
		n := now.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		<-release
		now.Add(-1)
		writeJSON(w, 200, "application/json", map[string]any{"Functions": []any{}})
	})
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 20*time.Second)
	errs := make(chan error, 12)
	for range 12 {
		go func() {
			_, err := p.ListFunctions(ctx, "")
			errs <- err
		}()
	}
	for now.Load() < 4 && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	// Lambda is at its limit with eight callers waiting; ECS is not.
	if _, err := p.ListClusters(ctx); err != nil {
		t.Fatal(err)
	}
	close(release)
	for range 12 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := peak.Load(); got != 4 {
		t.Errorf("%d Lambda calls in flight at once, want 4", got)
	}
}

// TestReadOnlyContextWallsOneCaller checks the per-call wall: a Provider
// that may act refuses a mutating call whose context is marked read-only,
// sends nothing for it, and still lets an unmarked call through.
func TestReadOnlyContextWallsOneCaller(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		writeJSON(w, 200, "application/json", map[string]any{"ReservedConcurrentExecutions": 3})
	})
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 10*time.Second)

	_, err := p.PutReservedConcurrency(providers.WithReadOnly(ctx), "f", 3)
	if providers.KindOf(err) != providers.ErrReadOnly {
		t.Fatalf("marked call: got %v, want ErrReadOnly", err)
	}
	if got := f.requests(); len(got) != 0 {
		t.Fatalf("a marked call was sent: %v", got)
	}
	if _, err := p.ListFunctions(providers.WithReadOnly(ctx), ""); err != nil {
		t.Fatalf("a marked read failed: %v", err)
	}
	if _, err := p.PutReservedConcurrency(ctx, "f", 3); err != nil {
		t.Fatalf("unmarked call: %v", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("server got %d requests, want 2 (the read and the unmarked call)", n)
	}
}

// TestReadOnlyContextWallsKubernetes: the per-call wall stands in front of
// the Kubernetes API too. A Provider that may act (one serving operators
// and viewers at once) refuses a viewer's pod delete, scale and restart,
// whose contexts are marked, and sends none of them; reads still pass.
func TestReadOnlyContextWallsKubernetes(t *testing.T) {
	acct, endpoint := startSim(t)
	p := eksProvider(t, endpoint)
	viewer := providers.WithReadOnly(testCtx(t, 20*time.Second))
	pods, err := p.ListPods(viewer, "prod-eks", "default")
	if err != nil || len(pods) == 0 {
		t.Fatalf("a marked read: %d pods, %v", len(pods), err)
	}
	if _, err := p.DeletePod(viewer, "prod-eks", "default", pods[0].Name); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("marked delete: %v", err)
	}
	if _, err := p.ScaleDeployment(viewer, "prod-eks", "default", "hello-api", 3); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("marked scale: %v", err)
	}
	if _, err := p.RestartDeployment(viewer, "prod-eks", "default", "hello-api"); providers.KindOf(err) != providers.ErrReadOnly {
		t.Errorf("marked restart: %v", err)
	}
	if m := acct.Mutations(); len(m) != 0 {
		t.Fatalf("marked calls reached the cluster: %v", m)
	}
	if _, err := p.ScaleDeployment(testCtx(t, 20*time.Second), "prod-eks", "default", "hello-api", 3); err != nil {
		t.Fatalf("unmarked scale: %v", err)
	}
	if n := acct.Calls("Kubernetes.ScaleDeployment"); n != 1 {
		t.Fatalf("%d scale calls reached the cluster, want 1", n)
	}
}

// TestNonJSONErrorBodyNamesTheStatus: an error answer whose body is not
// in the service's protocol (moto's HTML 500 page, a proxy's 502 text)
// says which service answered which HTTP status, for every service and
// both CloudWatch protocols, instead of the decoder's "invalid character
// '<'".
func TestNonJSONErrorBodyNamesTheStatus(t *testing.T) {
	const page = "<!doctype html>\n<html lang=en><title>500 Internal Server Error</title><h1>Internal Server Error</h1></html>\n"
	calls := []struct {
		name    string
		service string
		cbor    bool
		call    func(p *awsprov.Provider) error
	}{
		{"lambda", "Lambda", false, func(p *awsprov.Provider) error { return second(p.ListFunctions(testCtx(t, 30*time.Second), "")) }},
		{"ecs", "ECS", false, func(p *awsprov.Provider) error { return second(p.ListClusters(testCtx(t, 30*time.Second))) }},
		{"logs", "Logs", false, func(p *awsprov.Provider) error {
			return second(p.FilterLogEvents(testCtx(t, 30*time.Second), providers.LogQuery{Group: "/g", Start: time.Unix(0, 0), End: time.Unix(60, 0)}))
		}},
		{"sts", "STS", false, func(p *awsprov.Provider) error { return second(p.Identity(testCtx(t, 30*time.Second))) }},
		{"cloudwatch json", "CloudWatch", false, metricsCall(t)},
		{"cloudwatch cbor", "CloudWatch", true, metricsCall(t)},
	}
	for _, tc := range calls {
		for _, status := range []int{500, 502} {
			t.Run(tc.name+"/"+http.StatusText(status), func(t *testing.T) {
				t.Parallel()
				f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
					_, _ = io.Copy(io.Discard, r.Body)
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.WriteHeader(status)
					_, _ = io.WriteString(w, page)
				})
				p := newProvider(t, f.URL(), func(c *awsprov.Config) { c.CloudWatchJSON = !tc.cbor })
				err := tc.call(p)
				var pe *providers.Error
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T) is not a *providers.Error", err, err)
				}
				want := tc.service + " answered HTTP " + strconv.Itoa(status)
				if !strings.Contains(pe.Message, want) || strings.Contains(pe.Message, "invalid character") ||
					strings.Contains(pe.Message, "<") {
					t.Errorf("message %q, want it to say %q and nothing of the body", pe.Message, want)
				}
			})
		}
	}
}

func metricsCall(t *testing.T) func(p *awsprov.Provider) error {
	return func(p *awsprov.Provider) error {
		_, err := p.GetMetricData(testCtx(t, 30*time.Second), providers.MetricRequest{
			Start: time.Unix(0, 0), End: time.Unix(600, 0),
			Queries: []providers.MetricQuery{{Key: "k", Namespace: providers.NamespaceLambda, Metric: "Invocations", Stat: "Sum", Period: time.Minute}},
		})
		return err
	}
}
