package shared_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/shared"
)

func lambdaQuery(key, fn, metric, stat string) providers.MetricQuery {
	return providers.MetricQuery{Key: key, Namespace: providers.NamespaceLambda, Metric: metric, Stat: stat,
		Period: time.Minute, Dimensions: []providers.Dimension{{Name: "FunctionName", Value: fn}}}
}

// TestMetricsFetchedOncePerPeriod: each query is fetched once per window
// and period whatever mix of rows the sessions ask for; a request fetches
// only the queries nobody fetched, and each session gets its own keys.
func TestMetricsFetchedOncePerPeriod(t *testing.T) {
	c, up, clk := newCache(t)
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	end := base.Truncate(time.Minute)
	start := end.Add(-15 * time.Minute)
	reqA := providers.MetricRequest{Start: start, End: end, Queries: []providers.MetricQuery{
		lambdaQuery("a1", "checkout-api", "Invocations", "Sum"),
		lambdaQuery("a2", "checkout-api", "Errors", "Sum"),
	}}
	reqB := providers.MetricRequest{Start: start, End: end, Queries: []providers.MetricQuery{
		lambdaQuery("b-err", "checkout-api", "Errors", "Sum"),
		lambdaQuery("b-thr", "checkout-api", "Throttles", "Sum"),
		lambdaQuery("b-p95", "checkout-api", "Duration", "p95"),
	}}
	ra, err := a.GetMetricData(ctx(t), reqA)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.GetMetricData(ctx(t), reqB)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := up.asked(), []string{"Invocations", "Errors", "Throttles", "Duration"}; !slices.Equal(got, want) {
		t.Fatalf("asked CloudWatch for %v, want %v", got, want)
	}
	if ra.Series[1].Key != "a2" || rb.Series[0].Key != "b-err" || len(rb.Series) != 3 {
		t.Fatalf("keys: %v / %v", ra.Series, rb.Series)
	}
	if !slices.Equal(ra.Series[1].Values, rb.Series[0].Values) || len(rb.Series[0].Values) == 0 {
		t.Fatalf("the shared Errors series differs: %v vs %v", ra.Series[1].Values, rb.Series[0].Values)
	}
	// Again within the period: nothing is fetched.
	if _, err := a.GetMetricData(ctx(t), reqB); err != nil {
		t.Fatal(err)
	}
	if n := len(up.asked()); n != 4 {
		t.Fatalf("a cached request fetched again: %d queries", n)
	}
	// A period later the same window is fetched once more.
	clk.Advance(time.Minute)
	if _, err := b.GetMetricData(ctx(t), reqA); err != nil {
		t.Fatal(err)
	}
	if n := len(up.asked()); n != 6 {
		t.Fatalf("after a period: %d queries asked, want 6", n)
	}
	st := b.Stats().Shared
	if st.Metrics != 5 || st.MetricsFetched != 4 || st.ServerMetrics != 10 {
		t.Fatalf("shared stats %+v", st)
	}
}

// TestTailFanOut: sessions following the same groups share one upstream
// Live Tail; a slow follower is told how many events it missed; the last
// to leave ends the upstream.
func TestTailFanOut(t *testing.T) {
	c, up, _ := newCache(t)
	up.tails = make(chan tailCall, 4)
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	actx, aStop := context.WithCancel(ctx(t))
	bctx, bStop := context.WithCancel(ctx(t))
	req := providers.TailRequest{Groups: []string{"/aws/lambda/x", "/aws/lambda/y"}}
	cha, err := a.Tail(actx, req)
	if err != nil {
		t.Fatal(err)
	}
	upstream := <-up.tails
	// The same groups in another order are the same tail.
	chb, err := b.Tail(bctx, providers.TailRequest{Groups: []string{"/aws/lambda/y", "/aws/lambda/x"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(up.tails) != 0 {
		t.Fatal("a second follower opened a second upstream session")
	}
	if st := a.Stats().Shared; st.TailUpstreams != 1 || st.Tails != 1 {
		t.Fatalf("shared stats %+v", st)
	}
	batch := func(msg string) providers.LogBatch {
		return providers.LogBatch{Events: []providers.LogEvent{{Message: msg}}}
	}
	// a reads every batch; b reads none, so its buffer (2) fills.
	for i, msg := range []string{"one", "two", "three", "four"} {
		upstream.ch <- batch(msg)
		got := <-cha
		if got.Events[0].Message != msg || got.Dropped != 0 {
			t.Fatalf("batch %d to a: %+v", i, got)
		}
	}
	for _, want := range []string{"one", "two"} {
		if got := <-chb; got.Events[0].Message != want {
			t.Fatalf("b got %+v, want %s", got, want)
		}
	}
	upstream.ch <- batch("five")
	got := <-chb
	if got.Events[0].Message != "five" || got.Dropped != 2 {
		t.Fatalf("b after falling behind: %+v, want five with 2 dropped", got)
	}
	<-cha
	if st := b.Stats().Shared; st.TailDropped != 2 {
		t.Fatalf("b's dropped count %d", st.TailDropped)
	}
	aStop()
	waitClosed(t, cha)
	if upstream.ctx.Err() != nil {
		t.Fatal("the upstream ended while b still follows it")
	}
	bStop()
	waitClosed(t, chb)
	<-upstream.ctx.Done()
	close(upstream.ch)
	waitNoUpstream(t, a)
}

// TestTailEndReachesEveryone: the batch that ends the stream reaches a
// follower even when its buffer is full.
func TestTailEndReachesEveryone(t *testing.T) {
	c, up, _ := newCache(t)
	up.tails = make(chan tailCall, 1)
	v := c.View(shared.ViewOptions{})
	ch, err := v.Tail(ctx(t), providers.TailRequest{Groups: []string{"g"}})
	if err != nil {
		t.Fatal(err)
	}
	upstream := <-up.tails
	for range 3 {
		upstream.ch <- providers.LogBatch{Events: make([]providers.LogEvent, 5)}
	}
	upstream.ch <- providers.LogBatch{Err: providers.ErrSessionTimeout}
	close(upstream.ch)
	// Read only once the pump is done, so the buffer was full throughout.
	waitNoUpstream(t, v)
	var last providers.LogBatch
	for b := range ch {
		last = b
	}
	if !providers.IsSessionTimeout(last.Err) || last.Dropped != 10 {
		t.Fatalf("last batch %+v, want the session timeout with 10 dropped", last)
	}
}

// waitNoUpstream waits until v's cache counts no live tail upstream.
func waitNoUpstream(t *testing.T, v *shared.View) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for v.Stats().Shared.TailUpstreams != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the upstream is still counted")
		}
		time.Sleep(time.Millisecond)
	}
}

func waitClosed(t *testing.T, ch <-chan providers.LogBatch) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("channel not closed")
		}
	}
}
