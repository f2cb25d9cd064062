package tui_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// newBudgetDemo is a counting demo of n functions.
func newBudgetDemo(t *testing.T, n, w, h int) (*harness, *counting, []string) {
	t.Helper()
	hs, be := newCountingDemo(t, w, h, functions(n))
	return hs, be, functionNames(t, be.Account)
}

// since returns the metric requests made after the first n.
func (c *counting) since(n int) []providers.MetricRequest {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.metricReqs[n:])
}

func (c *counting) nReqs() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.metricReqs)
}

// functionsIn lists the FunctionName dimensions a request asks for.
func functionsIn(r providers.MetricRequest) []string {
	var out []string
	for _, q := range r.Queries {
		for _, d := range q.Dimensions {
			if d.Name == "FunctionName" && !slices.Contains(out, d.Value) {
				out = append(out, d.Value)
			}
		}
	}
	slices.Sort(out)
	return out
}

// visibleFunctions reads the function names in the table's first column;
// a name cut with "…" stands for the one name it is a prefix of.
func visibleFunctions(h *harness, names []string) []string {
	var out []string
	for _, line := range strings.Split(h.screen(), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if slices.Contains(names, f[0]) {
			out = append(out, f[0])
			continue
		}
		if prefix, cut := strings.CutSuffix(f[0], "…"); cut {
			var match []string
			for _, n := range names {
				if strings.HasPrefix(n, prefix) {
					match = append(match, n)
				}
			}
			if len(match) == 1 {
				out = append(out, match[0])
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestFunctionsRefreshBudget: one refresh of the functions view with 40
// rows on screen is one GetMetricData call of at most 200 metrics, for
// exactly the rows on screen; the next comes a period later; scrolling
// asks only for the rows newly on screen.
func TestFunctionsRefreshBudget(t *testing.T) {
	// 44 lines: header, crumbs, table header, 40 rows, status line.
	h, be, names := newBudgetDemo(t, 120, 200, 44)
	h.advance(2 * time.Second)
	visible := visibleFunctions(h, names)
	if len(visible) != 40 {
		t.Fatalf("want 40 rows on screen, see %d", len(visible))
	}
	reqs := be.since(0)
	if len(reqs) != 1 {
		t.Fatalf("first refresh made %d GetMetricData requests, want 1", len(reqs))
	}
	if n := len(reqs[0].Queries); n > 200 || n > 500 {
		t.Fatalf("first refresh asked for %d metrics, want at most 200 (one call holds 500)", n)
	}
	if got := functionsIn(reqs[0]); !slices.Equal(got, visible) {
		t.Fatalf("fetched %v,\nwant the rows on screen %v", got, visible)
	}

	// Ten minutes of refreshes: one call of the same 200 metrics a
	// period, each period asked for once.
	h.advance(10 * time.Minute)
	reqs = be.since(0)
	if len(reqs) < 10 || len(reqs) > 12 {
		t.Fatalf("%d requests in 10 minutes, want one a minute", len(reqs))
	}
	ends := map[time.Time]bool{}
	for _, r := range reqs {
		if ends[r.End] {
			t.Fatalf("the period ending %v was asked for twice", r.End)
		}
		ends[r.End] = true
		if len(r.Queries) != 200 {
			t.Fatalf("a refresh asked for %d metrics", len(r.Queries))
		}
	}

	// Scroll a page: only the rows that were not on screen are fetched.
	before := be.nReqs()
	h.press("pgdown", "pgdown")
	after := visibleFunctions(h, names)
	var fresh []string
	for _, n := range after {
		if !slices.Contains(visible, n) {
			fresh = append(fresh, n)
		}
	}
	if len(fresh) == 0 {
		t.Fatal("paging down showed no new rows")
	}
	reqs = be.since(before)
	if len(reqs) != 1 {
		t.Fatalf("scrolling made %d requests, want 1", len(reqs))
	}
	if got := functionsIn(reqs[0]); !slices.Equal(got, fresh) {
		t.Fatalf("scrolling fetched %v,\nwant only the rows newly on screen %v", got, fresh)
	}
}

// TestHiddenMetricsScreenMakesNoCalls: a metrics screen that is covered or
// left makes no calls, and neither does the list under it.
func TestHiddenMetricsScreenMakesNoCalls(t *testing.T) {
	h, be, _ := newBudgetDemo(t, 48, 120, 40)
	h.advance(2 * time.Second)
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(2 * time.Minute)
	screenAsks := func(r providers.MetricRequest) bool {
		for _, q := range r.Queries {
			if q.Stat == "p99" {
				return true
			}
		}
		return false
	}
	n := be.nReqs()
	// The list under the screen is hidden: its polls stop.
	fnCalls := be.n("Lambda.ListFunctions")
	h.advance(10 * time.Minute)
	for _, r := range be.since(n) {
		if !screenAsks(r) {
			t.Fatalf("the hidden functions list asked for metrics: %v", functionsIn(r))
		}
	}
	if be.n("Lambda.ListFunctions") != fnCalls {
		t.Fatal("the hidden functions list kept listing")
	}
	// Covered by the pool: the function screen stops, the pool polls.
	h.press(":", "type:pool", "enter")
	n = be.nReqs()
	h.advance(10 * time.Minute)
	if len(be.since(n)) == 0 {
		t.Fatal("the pool on top made no metric calls")
	}
	for _, r := range be.since(n) {
		if screenAsks(r) {
			t.Fatal("the covered function metrics screen kept polling")
		}
	}
	// Another view: nothing at all for ten minutes.
	h.press("2")
	n = be.nReqs()
	h.advance(10 * time.Minute)
	if got := len(be.since(n)); got != 0 {
		t.Fatalf("%d metric calls with only the clusters view on screen", got)
	}
}

// TestMetricsScreenPollsOncePerRefresh: the screen asks once per refresh
// interval, all its series in one call, on period boundaries, less often
// for wide ranges and when the user is idle.
func TestMetricsScreenPollsOncePerRefresh(t *testing.T) {
	h, be, _ := newBudgetDemo(t, 48, 120, 40)
	h.advance(2 * time.Second)
	h.press("/", "type:search-indexer", "enter", "m")
	n := be.nReqs()
	h.advance(10 * time.Minute)
	reqs := be.since(n)
	if len(reqs) < 9 || len(reqs) > 11 {
		t.Fatalf("15m range: %d requests in 10 minutes, want about 10", len(reqs))
	}
	for _, r := range reqs {
		if len(r.Queries) > 500 {
			t.Fatalf("a request of %d queries needs more than one call", len(r.Queries))
		}
		if r.End.Truncate(time.Minute) != r.End || r.Start.Truncate(time.Minute) != r.Start {
			t.Fatalf("range %v–%v is not aligned to the period", r.Start, r.End)
		}
	}
	// 24h: one request for the new range, then one every hour at most.
	h.press("]", "]", "]", "]")
	n = be.nReqs()
	h.advance(30 * time.Minute)
	if got := len(be.since(n)); got > 1 {
		t.Fatalf("24h range: %d requests in 30 minutes", got)
	}
	last := be.since(be.nReqs() - 1)[0]
	if span := last.End.Sub(last.Start); span < 24*time.Hour {
		t.Fatalf("24h range asked for %v", span)
	}
	if p := last.Queries[0].Period; p < 15*time.Minute {
		t.Fatalf("24h range at %v periods: more points than the chart has columns", p)
	}
}

// TestMetricsScreenSlowsWhenIdle: after a long time without input the
// screen polls four times less often.
func TestMetricsScreenSlowsWhenIdle(t *testing.T) {
	h, be, _ := newBudgetDemo(t, 48, 120, 40)
	h.advance(2 * time.Second)
	h.key("/", "type:checkout-api", "enter", "m")
	h.advance(11 * time.Minute) // past the idle threshold
	n := be.nReqs()
	h.advance(20 * time.Minute)
	idle := float64(len(be.since(n))) / 20
	h.key("j")
	h.advance(5 * time.Minute) // the timer armed while idle fires
	n = be.nReqs()
	h.advance(4 * time.Minute) // still short of the idle threshold
	active := float64(len(be.since(n))) / 4
	if idle*3 > active {
		t.Fatalf("idle polling should be much slower: %.2f requests a minute idle vs %.2f active", idle, active)
	}
}

// TestListWindowAdaptsPeriodAndRate: `w` widens the list's window; the
// period grows past an hour and wider windows are refetched less often.
func TestListWindowAdaptsPeriodAndRate(t *testing.T) {
	h, be, _ := newBudgetDemo(t, 48, 120, 40)
	h.advance(2 * time.Second)
	count := func() (int, providers.MetricRequest) {
		n := be.nReqs()
		h.advance(30 * time.Minute)
		reqs := be.since(n)
		if len(reqs) == 0 {
			t.Fatal("no requests in 30 minutes")
		}
		return len(reqs), reqs[len(reqs)-1]
	}
	n15, r15 := count()
	h.key("w")
	h.mustSee("metrics 1h")
	n1h, r1h := count()
	h.key("w")
	h.mustSee("metrics 3h")
	n3h, r3h := count()
	if r15.End.Sub(r15.Start) != 15*time.Minute || r1h.End.Sub(r1h.Start) != time.Hour || r3h.End.Sub(r3h.Start) != 3*time.Hour {
		t.Fatal("windows not applied to the requests")
	}
	if r1h.Queries[0].Period != time.Minute || r3h.Queries[0].Period != 5*time.Minute {
		t.Fatalf("periods %v / %v, want 1m for 1h and 5m for 3h", r1h.Queries[0].Period, r3h.Queries[0].Period)
	}
	if !(n15 > n1h && n1h > n3h) {
		t.Fatalf("wider windows should be fetched less often: 15m %d, 1h %d, 3h %d requests in 30 minutes", n15, n1h, n3h)
	}
	h.key("w")
	h.mustSee("metrics 15m")
}
