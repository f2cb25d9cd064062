package tui_test

import (
	"strings"
	"testing"
	"time"
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
