package action_test

import (
	"context"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// answersOther is an account whose responses report another value than
// the one asked for, as an API that wrapped a number would.
type answersOther struct {
	*sim.Account
}

func (a answersOther) PutReservedConcurrency(ctx context.Context, fn string, n int) (providers.Receipt, error) {
	r, err := a.Account.PutReservedConcurrency(ctx, fn, n)
	r.Applied = map[string]string{providers.AppliedReserved: "0"}
	return r, err
}

func (a answersOther) UpdateService(ctx context.Context, u providers.ServiceUpdate) (providers.Receipt, error) {
	r, err := a.Account.UpdateService(ctx, u)
	r.Applied[providers.AppliedDesired] = "0"
	return r, err
}

// TestAnsweredValueMismatchIsAnError: when AWS answers another value than
// was asked, Run reports a MismatchError with the outcome kept, and the
// journal records a failure with the request id and the revert command
// (something did change).
func TestAnsweredValueMismatchIsAnError(t *testing.T) {
	acct, _ := newSim(t)
	be := answersOther{acct}
	d := detail(t, acct, "checkout-api")
	a := action.SetReserved("checkout-api", d.Function.Reserved, 40)
	out, err := a.Run(t.Context(), be)
	if !action.IsMismatch(err) || !strings.Contains(err.Error(), "AWS answered reserved concurrency 0, not the 40 asked for") {
		t.Fatalf("Run: %v", err)
	}
	if out.Receipt.RequestID == "" {
		t.Fatal("the outcome of a call that went through was dropped")
	}
	j := journal.Memory("")
	_ = j.Append(a.Entry(demo, "cli", out, err, t0))
	es, _, _ := j.Read(1)
	if e := es[0]; e.Result != journal.ResultFailed || !strings.Contains(e.Error, "AWS answered") || e.RequestID != out.Receipt.RequestID || e.Revert == "" {
		t.Fatalf("journal: %+v", e)
	}

	svcs, _ := acct.ListServices(t.Context(), "prod-api")
	if _, err := action.Scale(svcs[0], svcs[0].Desired+1).Run(t.Context(), be); !action.IsMismatch(err) {
		t.Fatalf("scale: %v", err)
	}
	// The same actions against the account itself agree.
	if _, err := action.SetReserved("checkout-api", nil, 40).Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	if _, err := action.Scale(svcs[0], svcs[0].Desired+2).Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
}
