package shared_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/shared"
)

// TestReservedConcurrencyShared: the RSV column's reads are shared by
// every session for ten minutes, not the poll interval, and a change made
// through any session is seen at once.
func TestReservedConcurrencyShared(t *testing.T) {
	c, up, clk := newCache(t)
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	const op = "Lambda.GetFunctionConcurrency"
	first, err := a.ReservedConcurrency(ctx(t), "image-resize")
	if err != nil {
		t.Fatal(err)
	}
	if first != nil {
		*first = -99 // a session's copy is its own
	}
	again, err := b.ReservedConcurrency(ctx(t), "image-resize")
	if err != nil || (again != nil && *again == -99) {
		t.Fatalf("the second session read %v, %v", again, err)
	}
	clk.Advance(9 * time.Minute)
	if _, err := b.ReservedConcurrency(ctx(t), "image-resize"); err != nil {
		t.Fatal(err)
	}
	if n := up.Calls(op); n != 1 {
		t.Fatalf("%d reads within ten minutes, want 1", n)
	}
	clk.Advance(61 * time.Second)
	if _, err := a.ReservedConcurrency(ctx(t), "image-resize"); err != nil {
		t.Fatal(err)
	}
	if n := up.Calls(op); n != 2 {
		t.Fatalf("%d reads after ten minutes, want 2", n)
	}
	for _, set := range []*int{new(7), nil} {
		if set != nil {
			_, err = b.PutReservedConcurrency(ctx(t), "image-resize", *set)
		} else {
			_, err = b.DeleteReservedConcurrency(ctx(t), "image-resize")
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.ReservedConcurrency(ctx(t), "image-resize")
		if err != nil {
			t.Fatal(err)
		}
		if (set == nil) != (got == nil) || (set != nil && *got != *set) {
			t.Fatalf("after setting %s the other session reads %s", reserved(set), reserved(got))
		}
	}
}

// TestFunctionConfigAndStreamsShared: a function's configuration is
// shared like its detail and forgotten when it changes; a log group's
// newest streams are shared briefly.
func TestFunctionConfigAndStreamsShared(t *testing.T) {
	c, up, clk := newCache(t)
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	fa, err := a.FunctionConfig(ctx(t), "checkout-api")
	if err != nil {
		t.Fatal(err)
	}
	calls := up.Calls("Lambda.GetFunction")
	if _, err := b.FunctionConfig(ctx(t), "checkout-api"); err != nil {
		t.Fatal(err)
	}
	if n := up.Calls("Lambda.GetFunction"); n != calls {
		t.Fatalf("the second session read the configuration again (%d calls, was %d)", n, calls)
	}
	mem := fa.MemoryMB + 128
	if _, err := b.UpdateFunctionConfiguration(ctx(t), "checkout-api", providers.FunctionConfigUpdate{MemoryMB: &mem}); err != nil {
		t.Fatal(err)
	}
	if f, err := a.FunctionConfig(ctx(t), "checkout-api"); err != nil || f.MemoryMB != mem {
		t.Fatalf("after the change: %d MB, %v; want %d", f.MemoryMB, err, mem)
	}

	const group = "/aws/lambda/checkout-api"
	for _, v := range []*shared.View{a, b, a} {
		if ss, err := v.NewestStreams(ctx(t), group, 5); err != nil || len(ss) == 0 {
			t.Fatalf("newest streams: %v, %v", ss, err)
		}
	}
	if n := up.Calls("Logs.DescribeLogStreams"); n != 1 {
		t.Fatalf("%d DescribeLogStreams calls for three reads, want 1", n)
	}
	clk.Advance(6 * time.Second)
	if _, err := b.NewestStreams(ctx(t), group, 5); err != nil {
		t.Fatal(err)
	}
	if n := up.Calls("Logs.DescribeLogStreams"); n != 2 {
		t.Fatalf("%d DescribeLogStreams calls after 6s, want 2: the hint must stay fresh", n)
	}
}

// pollEKS is what an EKS screen reads on each refresh.
func pollEKS(t *testing.T, v *shared.View) []providers.Pod {
	t.Helper()
	c := ctx(t)
	if err := errors.Join(second(v.ListEKSClusters(c)), second(v.ListFargateProfiles(c, "prod-eks"))); err != nil {
		t.Fatal(err)
	}
	pods, err := v.ListPods(c, "prod-eks", "")
	if err != nil || len(pods) == 0 {
		t.Fatalf("pods: %d, %v", len(pods), err)
	}
	if err := errors.Join(
		second(v.GetPod(c, "prod-eks", pods[0].Namespace, pods[0].Name)),
		second(v.ListNamespaces(c, "prod-eks")),
		second(v.ListDeployments(c, "prod-eks", "default")),
		second(v.ListKubeEvents(c, "prod-eks", pods[0].Namespace, "Pod/"+pods[0].Name)),
		second(v.FargateLogging(c, "prod-eks")),
	); err != nil {
		t.Fatal(err)
	}
	return pods
}

// TestEKSReadsShared: a second session on the EKS screens costs nothing
// within the poll interval; a scale made by one session shows in the
// other's deployments and pods at once, and leaves the EKS lists cached.
func TestEKSReadsShared(t *testing.T) {
	c, up, clk := newCache(t)
	a, b := c.View(shared.ViewOptions{}), c.View(shared.ViewOptions{})
	pollEKS(t, a)
	one := up.TotalCalls()
	pollEKS(t, b)
	if n := up.TotalCalls(); n != one {
		t.Fatalf("the second session made %d calls", n-one)
	}
	clk.Advance(11 * time.Second)
	pollEKS(t, b)
	pollEKS(t, a)
	if n := up.TotalCalls(); n != 2*one {
		t.Fatalf("after the interval: %d calls, want %d", n, 2*one)
	}

	deps, err := a.ListDeployments(ctx(t), "prod-eks", "default")
	if err != nil || len(deps) == 0 {
		t.Fatalf("deployments: %v, %v", deps, err)
	}
	d := deps[0]
	clusters, profiles := up.Calls("EKS.ListClusters"), up.Calls("EKS.ListFargateProfiles")
	if _, err := b.ScaleDeployment(ctx(t), "prod-eks", "default", d.Name, d.Replicas+2); err != nil {
		t.Fatal(err)
	}
	deps, err = a.ListDeployments(ctx(t), "prod-eks", "default")
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range deps {
		if got.Name == d.Name && got.Replicas != d.Replicas+2 {
			t.Fatalf("after the scale the other session reads %d replicas, want %d", got.Replicas, d.Replicas+2)
		}
	}
	pods := up.Calls("Kubernetes.ListPods")
	pollEKS(t, a)
	if up.Calls("Kubernetes.ListPods") != pods+1 {
		t.Fatal("the cluster's pods were kept after a scale")
	}
	if up.Calls("EKS.ListClusters") != clusters || up.Calls("EKS.ListFargateProfiles") != profiles {
		t.Fatal("a Kubernetes action forgot the EKS lists")
	}
}

func reserved(n *int) string {
	if n == nil {
		return "none"
	}
	return strconv.Itoa(*n)
}
