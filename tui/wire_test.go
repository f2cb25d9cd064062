package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/providers/sim/server"
)

// newWireDemo runs the TUI on the path --demo uses: the simulated account
// behind its AWS wire-protocol server, read with providers/aws.
func newWireDemo(t *testing.T, w, h int, opts ...harnessOpt) (*harness, *sim.Account, *awsprov.Provider) {
	t.Helper()
	s := configure(opts)
	c := testkit.NewClock(s.at)
	acct := s.newAccount(c)
	p, stop := overWire(t, acct)
	t.Cleanup(stop)
	hs := build(t, p, c, w, h, s)
	hs.acct = acct
	return hs, acct, p
}

// overWire serves acct on its wire server and returns the AWS provider
// on it; stop closes both.
func overWire(t *testing.T, acct *sim.Account) (*awsprov.Provider, func()) {
	t.Helper()
	srv, err := server.Start(acct)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	p, err := awsprov.New(context.Background(), awsprov.Config{
		Region: "us-east-1", EndpointURL: srv.URL(), AccessKeyID: "demo", SecretAccessKey: "demo",
		Retryer: noWallClockRetries,
	})
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	return p, func() {
		p.Close()
		srv.Close()
	}
}

func callsOf(p *awsprov.Provider) (calls int) {
	for _, c := range p.Stats().Calls {
		calls += c.Calls
	}
	return calls
}

func TestWireThrottledListStaysStaleAndRecovers(t *testing.T) {
	h, _, p := newWireDemo(t, 120, 40)
	h.mustSee("checkout-api", "123456789012")
	// ListFunctions throttled for 30 s around the next refresh.
	h.fail("Lambda.ListFunctions", providers.ErrThrottled, 90*time.Second)
	h.advance(65 * time.Second)
	h.mustSee("checkout-api", "stale ·", "throttled")
	h.mustNotSee("could not load", "Rate exceeded")
	h.advance(5 * time.Minute)
	h.mustNotSee("stale ·")
	h.mustSee("checkout-api")
	var throttles int
	for _, c := range p.Stats().Calls {
		if c.Operation == "ListFunctions" {
			throttles = c.Throttles
		}
	}
	if throttles == 0 {
		t.Fatal("the throttled calls were not counted")
	}
}

func TestWireMetricsDeniedNamesTheAction(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50, failing("CloudWatch.GetMetricData", providers.ErrAccessDenied))
	h.advance(2 * time.Second)
	h.mustSee("checkout-api", "payments-webhook", "n/a", "cloudwatch:GetMetricData")
}

func TestWireExpiredCredentialsOneBannerNoStorm(t *testing.T) {
	h, acct, p := newWireDemo(t, 200, 50)
	h.advance(70 * time.Second)
	for _, op := range allOps {
		acct.SetFault(op, sim.Fault{Kind: providers.ErrCredentials})
	}
	h.advance(2 * time.Minute)
	h.mustSee("credentials expired · polling paused", "checkout-api")
	before := callsOf(p)
	h.advance(10 * time.Minute)
	if got := callsOf(p) - before; got != 0 {
		t.Fatalf("%d calls after the credentials expired", got)
	}
	// One banner in the header; the status line does not repeat it.
	lines := strings.Split(h.screen(), "\n")
	if !strings.Contains(lines[0], "credentials expired") || strings.Contains(lines[len(lines)-1], "credentials expired") {
		t.Fatalf("want exactly the header banner:\n%s", h.screen())
	}
}

func TestWireNoGoroutineLeftBehind(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	func() {
		c := testkit.NewClock(start)
		p, stop := overWire(t, sim.New(sim.Config{Seed: 1, Now: c.Now}))
		h := newHarness(t, p, c, 120, 40)
		h.key("2", "enter", "enter")
		h.advance(time.Minute)
		h.key("1", "enter")
		h.advance(time.Minute)
		h.m.Close()
		stop()
	}()
}

// noWallClockRetries keeps the SDK's attempts (and so its throttle
// counts) without sleeping between them: the simulated account's faults
// end on the test's clock, so waiting on the wall clock only slows the
// test down.
func noWallClockRetries() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		o.RateLimiter = ratelimit.None
	})
}
