package server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"go.uber.org/goleak"

	"strings"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// TestMain fails the package when any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// base is the simulated clock's start: half a minute into a minute.
func base() time.Time { return time.Date(2026, 11, 25, 10, 0, 30, 0, time.UTC) }

// env is a simulated account served on loopback, with SDK clients for it.
type env struct {
	acct  *sim.Account
	clock *testkit.Clock
	srv   *server.Server
	cfg   aws.Config
	tr    *http.Transport
}

func newEnv(t testing.TB, opts ...server.Option) *env {
	t.Helper()
	c := testkit.NewClock(base())
	return newEnvClock(t, c.Now, c, opts...)
}

// newEnvClock serves an account on the given clock; c may be nil when the
// clock is not a manual one.
func newEnvClock(t testing.TB, now func() time.Time, c *testkit.Clock, opts ...server.Option) *env {
	t.Helper()
	return newEnvAccount(t, sim.New(sim.Config{Seed: 1, Now: now}), c, opts...)
}

// newEnvAccount serves acct, whose clock c drives when it is not nil.
func newEnvAccount(t testing.TB, acct *sim.Account, c *testkit.Clock, opts ...server.Option) *env {
	t.Helper()
	srv, err := server.Start(acct, opts...)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	e := &env{acct: acct, clock: c, srv: srv, tr: tr}
	e.cfg = aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		HTTPClient:       &http.Client{Transport: bufferedBodies{tr}},
		BaseEndpoint:     aws.String(srv.URL()),
		RetryMaxAttempts: 1,
	}
	t.Cleanup(func() {
		srv.Close()
		tr.CloseIdleConnections()
	})
	return e
}

// bufferedBodies hands the transport its own copy of each request body.
// The SDK closes the body it built as soon as the response headers arrive
// (smithy-go's ClientHandler), and that body's WriteTo then answers
// io.EOF; if net/http's write loop is still checking the body's end at
// that moment it takes the EOF for a write error and closes the
// connection under the response being read ("use of closed network
// connection", aws/aws-sdk-go-v2#1825 and #2737). Over loopback and under
// -race that happens to about 1% of POSTs; the SDK's default retryer
// retries it, but these tests make one attempt per call.
type bufferedBodies struct{ rt http.RoundTripper }

func (b bufferedBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return b.rt.RoundTrip(req)
}

func (e *env) lambda() *lambda.Client         { return lambda.NewFromConfig(e.cfg) }
func (e *env) ecs() *ecs.Client               { return ecs.NewFromConfig(e.cfg) }
func (e *env) sts() *sts.Client               { return sts.NewFromConfig(e.cfg) }
func (e *env) cloudwatch() *cloudwatch.Client { return cloudwatch.NewFromConfig(e.cfg) }

// logs is a Logs client whose StartLiveTail works on a custom endpoint:
// without the middleware it would send to stream-127.0.0.1.
func (e *env) logs() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(e.cfg, func(o *cloudwatchlogs.Options) {
		o.APIOptions = append(o.APIOptions, disableHostPrefix)
	})
}

// rawLogs is a Logs client on the bare transport, without bufferedBodies:
// live tails must work for it too (the server delays a stream's headers).
func (e *env) rawLogs() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(e.cfg, func(o *cloudwatchlogs.Options) {
		o.HTTPClient = &http.Client{Transport: e.tr}
		o.APIOptions = append(o.APIOptions, disableHostPrefix)
	})
}

func disableHostPrefix(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("DisableHostPrefix",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
		}), middleware.Before)
}

// must calls an SDK operation with the test's context and fails the test
// when the call fails.
func must[In, Out, Opts any](t testing.TB, op func(context.Context, *In, ...func(*Opts)) (*Out, error), in *In) *Out {
	t.Helper()
	out, err := op(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantErr checks that err is the SDK's error E (the type of one AWS error
// code); what says which call the test made.
func wantErr[E error](t testing.TB, err error, what string) {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("%s: %v, want %T", what, err, e)
	}
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// wantAPIError checks err's AWS error code and HTTP status.
func wantAPIError(t testing.TB, err error, code string, status int) smithy.APIError {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an API error", err, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error code = %q (%v), want %q", ae.ErrorCode(), err, code)
	}
	var re *awshttp.ResponseError
	if status != 0 && (!errors.As(err, &re) || re.HTTPStatusCode() != status) {
		t.Fatalf("error %v: want HTTP status %d", err, status)
	}
	return ae
}

func TestSTSGetCallerIdentity(t *testing.T) {
	e := newEnv(t)
	c := e.sts()
	out := must(t, c.GetCallerIdentity, &sts.GetCallerIdentityInput{})
	id, _ := e.acct.Identity(ctx(t))
	if aws.ToString(out.Account) != id.Account || aws.ToString(out.Arn) != id.ARN || !strings.HasSuffix(aws.ToString(out.UserId), ":demo") {
		t.Fatalf("identity = %s %s %s, want %+v", aws.ToString(out.Account), aws.ToString(out.Arn), aws.ToString(out.UserId), id)
	}
	// Expired credentials and throttles: TestFaultsOnTheWire.
}

func TestWithIdentity(t *testing.T) {
	e := newEnv(t, server.WithIdentity("210987654321", "eu-west-1"))
	out, err := e.sts().GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Account) != "210987654321" || !strings.Contains(aws.ToString(out.Arn), "::210987654321:") {
		t.Fatalf("identity: %v %v", out, err)
	}
}
