package tui_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// lambdaOps are the Lambda control-plane operations the functions list
// and the selection's detail make.
var lambdaOps = []string{"Lambda.ListFunctions", "Lambda.GetFunction", "Lambda.GetFunctionConcurrency",
	"Lambda.GetAccountSettings", "Lambda.ListProvisionedConcurrencyConfigs", "Lambda.ListAliases",
	"Lambda.ListEventSourceMappings", "Lambda.ListVersionsByFunction"}

// lambdaPerMinute opens the functions list of an account of n functions
// at 200x50, lets the first listing finish, then counts the Lambda calls
// of each of the next minutes.
func lambdaPerMinute(t testing.TB, n, minutes int) []int {
	h, acct := newDemo(t, 200, 50, functions(n))
	total := func() int {
		s := 0
		for _, op := range lambdaOps {
			s += acct.Calls(op)
		}
		return s
	}
	h.advance(time.Minute)
	if h.m.Rows() != n {
		t.Fatalf("listed %d of %d functions in the first minute", h.m.Rows(), n)
	}
	var out []int
	prev := total()
	for range minutes {
		// A key now and then: the user is at the screen, so the idle
		// slowdown does not hide the rate.
		h.key("j")
		h.advance(time.Minute)
		now := total()
		out = append(out, now-prev)
		prev = now
	}
	return out
}

// TestLambdaCallsPerMinute10k keeps the list of 10,000 functions under
// Lambda's good-citizen budget in every minute after the first listing
// (targets C2: <= 60 a minute), through inventory refreshes and the
// reserved concurrency of the rows on screen expiring.
func TestLambdaCallsPerMinute10k(t *testing.T) {
	per := lambdaPerMinute(t, 10_000, 25)
	worst, sum := 0, 0
	for _, n := range per {
		worst = max(worst, n)
		sum += n
	}
	t.Logf("Lambda calls a minute at 10,000 functions: %v (worst %d, mean %.1f)", per, worst, float64(sum)/float64(len(per)))
	if worst > 60 {
		t.Fatalf("a minute made %d Lambda calls, want at most 60: %v", worst, per)
	}
	// The inventory still refreshes: ListFunctions runs in most minutes.
	if sum < 25*10 {
		t.Fatalf("only %d Lambda calls in 25 minutes: is the inventory refreshed at all?", sum)
	}
}

// TestStatsSaysLambdaCallsLastMinute reads the figure in :stats of the
// demo (the AWS provider against the simulated account counts calls).
func TestStatsSaysLambdaCallsLastMinute(t *testing.T) {
	h, _, _ := newWireDemo(t, 200, 50)
	h.advance(2 * time.Minute)
	h.key(":", "type:stats", "enter")
	out := h.screen()
	if !strings.Contains(out, "Lambda control plane:") || !strings.Contains(out, "calls in the last") {
		t.Fatalf(":stats does not say the Lambda calls of the last minute:\n%s", out)
	}
}

// BenchmarkLambdaCalls10k prints the Lambda calls a minute of the list at
// 10,000 functions over a quarter of an hour after the first listing
// (simulated clock): the worst minute and the mean.
func BenchmarkLambdaCalls10k(b *testing.B) {
	worst, sum, minutes := 0, 0, 0
	for b.Loop() {
		for _, n := range lambdaPerMinute(b, 10_000, 15) {
			worst = max(worst, n)
			sum += n
			minutes++
		}
	}
	b.ReportMetric(float64(worst), "worst-calls/min")
	b.ReportMetric(float64(sum)/float64(minutes), "mean-calls/min")
}

// TestFirstListingSaysSoFar: a first listing of 10,000 functions whose
// third page is throttled shows the rows it has, and its breadcrumb says
// they are only those so far ("(100 so far…)", or shown/so far under a
// filter); once a listing completes it gives the total alone.
func TestFirstListingSaysSoFar(t *testing.T) {
	h, _ := newDemo(t, 80, 24, functions(10_000), over(&throttledThirdPage{}))
	h.mustSee("functions (100 so far…)")
	h.key("/", "type:~cart", "enter")
	if !regexp.MustCompile(`functions \([1-9][0-9]?/100 so far…\)`).MatchString(h.screen()) {
		t.Fatalf("a filtered first listing should count shown/so far:\n%s", h.screen())
	}
	h.key("esc")
	for range 120 {
		if !strings.Contains(h.screen(), "so far") {
			break
		}
		h.advance(time.Second)
	}
	h.mustSee("functions (10,000)")
	h.mustNotSee("so far")
}

// throttledThirdPage throttles the first request for a third page of
// functions.
type throttledThirdPage struct {
	onAccount
	pages     int
	throttled bool
}

func (b *throttledThirdPage) ListFunctions(ctx context.Context, marker string) (providers.FunctionPage, error) {
	if marker == "" {
		b.pages = 0
	}
	b.pages++
	if b.pages == 3 && !b.throttled {
		b.throttled = true
		return providers.FunctionPage{}, &providers.Error{Kind: providers.ErrThrottled, Op: "Lambda.ListFunctions", Message: "Rate exceeded"}
	}
	return b.Account.ListFunctions(ctx, marker)
}
