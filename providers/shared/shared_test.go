package shared_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/providers/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var base = time.Date(2026, 11, 25, 10, 0, 30, 0, time.UTC)

// upstream is the simulated account as a shared.Upstream, recording the
// metric queries that reach it and, when tails is set, serving Tail from
// channels the test controls. The reads the account serves only over its
// wire server (one service or task, API documents, doctor's checks) are
// left nil here; wire_test.go tests them through providers/aws.
type upstream struct {
	*sim.Account
	providers.ServiceReader
	providers.TaskReader
	providers.Describer
	providers.Diagnoser
	mu      sync.Mutex
	queries []string // metric of each query asked, in order
	tails   chan tailCall
}

type tailCall struct {
	ctx context.Context
	req providers.TailRequest
	ch  chan providers.LogBatch
}

func (u *upstream) Stats() providers.Stats { return providers.Stats{} }

func (u *upstream) GetMetricData(ctx context.Context, req providers.MetricRequest) (providers.MetricResult, error) {
	u.mu.Lock()
	for _, q := range req.Queries {
		u.queries = append(u.queries, q.Metric)
	}
	u.mu.Unlock()
	return u.Account.GetMetricData(ctx, req)
}

func (u *upstream) asked() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.queries...)
}

func (u *upstream) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	if u.tails == nil {
		return u.Account.Tail(ctx, req)
	}
	ch := make(chan providers.LogBatch)
	u.tails <- tailCall{ctx: ctx, req: req, ch: ch}
	return ch, nil
}

func newCache(t testing.TB) (*shared.Cache, *upstream, *testkit.Clock) {
	t.Helper()
	clk := testkit.NewClock(base)
	up := &upstream{Account: sim.New(sim.Config{Seed: 3, Now: clk.Now})}
	c := shared.New(up, shared.Config{Now: clk.Now, TailBuffer: 2})
	t.Cleanup(c.Close)
	return c, up, clk
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// poll is what one TUI session reads on each refresh.
func poll(t testing.TB, v *shared.View) {
	t.Helper()
	c := ctx(t)
	if err := errors.Join(
		second(v.Identity(c)),
		second(v.ListFunctions(c, "")),
		second(v.GetFunction(c, "checkout-api")),
		second(v.ListClusters(c)),
		second(v.ListServices(c, "prod-api")),
		second(v.ListTasks(c, "prod-api", "")),
		second(v.AccountSettings(c)),
	); err != nil {
		t.Fatal(err)
	}
}

// second is the error of a read whose value the caller does not need.
func second[T any](_ T, err error) error { return err }

// TestSessionsShareReads: a second and third session polling within the
// poll interval cost no calls; after the interval one call is made again.
func TestSessionsShareReads(t *testing.T) {
	c, up, clk := newCache(t)
	a, b, d := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	poll(t, a)
	one := up.TotalCalls()
	if one == 0 {
		t.Fatal("the first poll made no calls")
	}
	poll(t, b)
	poll(t, d)
	if got := up.TotalCalls(); got != one {
		t.Fatalf("three sessions made %d calls, one session %d", got, one)
	}
	clk.Advance(11 * time.Second)
	poll(t, b)
	poll(t, a)
	// ListFunctions and the identity are kept longer than the lists.
	if got, want := up.TotalCalls(), 2*one-up.Calls("Lambda.ListFunctions")-up.Calls("STS.GetCallerIdentity"); got != want {
		t.Fatalf("after the interval: %d calls, want %d", got, want)
	}
	// a polled twice (7 reads each); its second poll came after b's and
	// was answered by the cache whole. Five polls were made in all.
	st := a.Stats().Shared
	if st == nil || st.Sessions != 3 || st.Reads != 14 || st.ReadsCached != 7 || st.ServerReads != 35 {
		t.Fatalf("shared stats %+v", st)
	}
	d.Close()
	d.Close()
	if st := a.Stats().Shared; st.Sessions != 2 {
		t.Fatalf("sessions after one left: %d", st.Sessions)
	}
}

// TestConcurrentReadsMakeOneCall: sessions asking at the same moment share
// the one call in flight.
func TestConcurrentReadsMakeOneCall(t *testing.T) {
	c, up, _ := newCache(t)
	up.SetFault("Lambda.GetFunction", sim.Fault{Latency: 50 * time.Millisecond})
	var wg sync.WaitGroup
	for range 8 {
		v := c.View(shared.ViewOptions{})
		wg.Go(func() {
			if _, err := v.GetFunction(ctx(t), "checkout-api"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := up.Calls("Lambda.GetFunction"); n != 1 {
		t.Fatalf("8 concurrent sessions made %d GetFunction calls, want 1", n)
	}
}

// TestCancelledCallerDoesNotFailOthers: the session whose call is in
// flight leaves; the session that joined it still gets the answer.
func TestCancelledCallerDoesNotFailOthers(t *testing.T) {
	c, up, _ := newCache(t)
	// The call outlasts the two 20 ms pauses by far, so a loaded machine
	// (CI under -race) cannot finish it before a leaves.
	up.SetFault("ECS.ListClusters", sim.Fault{Latency: 2 * time.Second})
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	actx, cancel := context.WithCancel(ctx(t))
	errA := make(chan error, 1)
	go func() { _, err := a.ListClusters(actx); errA <- err }()
	time.Sleep(20 * time.Millisecond) // let a's call start
	done := make(chan error, 1)
	go func() { _, err := b.ListClusters(ctx(t)); done <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-errA; !errors.Is(err, context.Canceled) {
		t.Fatalf("the cancelled session got %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the waiting session got %v", err)
	}
	if n := up.Calls("ECS.ListClusters"); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
}

// TestMutationInvalidates: a change is seen at once by every session,
// not after the poll interval.
func TestMutationInvalidates(t *testing.T) {
	c, up, clk := newCache(t)
	viewer, operator := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	if _, err := viewer.GetFunction(ctx(t), "image-resize"); err != nil {
		t.Fatal(err)
	}
	if _, err := operator.PutReservedConcurrency(ctx(t), "image-resize", 3); err != nil {
		t.Fatal(err)
	}
	d, err := viewer.GetFunction(ctx(t), "image-resize")
	if err != nil {
		t.Fatal(err)
	}
	if d.Function.Reserved == nil || *d.Function.Reserved != 3 {
		t.Fatalf("after the change the detail shows %v", d.Function.Reserved)
	}
	// While the change settles, its reads are shared only briefly.
	before := up.Calls("Lambda.GetFunction")
	clk.Advance(2 * time.Second)
	if _, err := viewer.GetFunction(ctx(t), "image-resize"); err != nil {
		t.Fatal(err)
	}
	if up.Calls("Lambda.GetFunction") != before+1 {
		t.Fatal("a changed function's detail was kept for the whole poll interval")
	}
}

// TestGuardAndWall: the guard refuses before anything is sent; a
// read-only session never spends the guard's budget, and cannot lift its
// pinned wall.
func TestGuardAndWall(t *testing.T) {
	c, up, _ := newCache(t)
	var asked []string
	guard := func(_ context.Context, op string) error {
		asked = append(asked, op)
		return errors.New("rate limit")
	}
	op := c.View(shared.ViewOptions{Guard: guard})
	if _, err := op.StopTask(ctx(t), "prod-api", "x", "why"); err == nil || err.Error() != "rate limit" {
		t.Fatalf("guarded call: %v", err)
	}
	if len(up.Mutations()) != 0 {
		t.Fatalf("a refused call reached the account: %v", up.Mutations())
	}
	viewer := c.View(shared.ViewOptions{ReadOnly: true, Guard: guard})
	viewer.SetReadOnly(false)
	_, _ = viewer.Invoke(ctx(t), providers.InvokeRequest{Function: "checkout-api"})
	if len(asked) != 1 {
		t.Fatalf("guard asked for %v; the viewer's call must not spend budget", asked)
	}
}
