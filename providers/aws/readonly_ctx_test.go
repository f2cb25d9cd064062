package aws_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

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
	acct, _, endpoint := startSim(t)
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
