package aws_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestCountsOutsideInt32AreNeverSent: the API's count fields are 32-bit;
// a value that does not fit is refused before any request is made, where
// a conversion would have wrapped it (4294967296 to 0).
func TestCountsOutsideInt32AreNeverSent(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		t.Errorf("a request was sent: %s", op)
		w.WriteHeader(http.StatusInternalServerError)
	})
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 10*time.Second)
	for _, n := range []int{1 << 31, 1 << 32, -1<<31 - 1, 1 << 62} {
		calls := map[string]error{}
		_, calls["PutFunctionConcurrency"] = p.PutReservedConcurrency(ctx, "f", n)
		_, calls["PutProvisionedConcurrencyConfig"] = p.PutProvisionedConcurrency(ctx, "f", "live", n)
		_, calls["UpdateFunctionConfiguration memory"] = p.UpdateFunctionConfiguration(ctx, "f", providers.FunctionConfigUpdate{MemoryMB: &n})
		_, calls["UpdateFunctionConfiguration timeout"] = p.UpdateFunctionConfiguration(ctx, "f", providers.FunctionConfigUpdate{TimeoutSec: &n})
		_, calls["UpdateService"] = p.UpdateService(ctx, providers.ServiceUpdate{Cluster: "c", Service: "s", Desired: &n})
		for op, err := range calls {
			if providers.KindOf(err) != providers.ErrInvalid {
				t.Errorf("%s(%d): %v, want an invalid-value error", op, n, err)
			}
		}
	}
	if got := f.requests(); len(got) != 0 {
		t.Fatalf("requests sent: %v", got)
	}
	if st := p.Stats(); len(st.Calls) != 0 {
		t.Fatalf("calls counted: %+v", st.Calls)
	}
}

// TestReceiptCarriesWhatAWSAnswered: the receipt of a change reports the
// values the response carries, so the action can compare them with what
// it asked for.
func TestReceiptCarriesWhatAWSAnswered(t *testing.T) {
	f := newFakeAWS(t, func(w http.ResponseWriter, r *http.Request, op string) {
		switch op {
		case "Lambda.PutFunctionConcurrency":
			writeJSON(w, http.StatusOK, "application/json", map[string]any{"ReservedConcurrentExecutions": 0})
		case "ECS.UpdateService":
			writeJSON(w, http.StatusOK, "application/x-amz-json-1.1", map[string]any{"service": map[string]any{
				"serviceName": "s", "desiredCount": 3, "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:7"}})
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	p := newProvider(t, f.URL(), nil)
	ctx := testCtx(t, 10*time.Second)
	r, err := p.PutReservedConcurrency(ctx, "f", 40)
	if err != nil || r.Applied[providers.AppliedReserved] != "0" {
		t.Fatalf("reserved: %+v %v", r, err)
	}
	six := 6
	r, err = p.UpdateService(ctx, providers.ServiceUpdate{Cluster: "c", Service: "s", Desired: &six})
	if err != nil || r.Applied[providers.AppliedDesired] != "3" {
		t.Fatalf("desired: %+v %v", r, err)
	}
}
