package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// TestCLINumbersOutOfRangeSendNothing drives every action that takes a
// number with 2^31, 2^32, -1 and 0. A value out of range is refused with
// a sentence and a non-zero exit before any plan is printed, and no
// mutating call reaches the account; a value in range makes exactly one.
func TestCLINumbersOutOfRangeSendNothing(t *testing.T) {
	values := []string{"2147483648", "4294967296", "-1", "0"}
	forms := []struct {
		line string
		// ok lists the values that are in range for this action.
		ok []string
	}{
		{"scale function checkout-api --reserved V --yes", []string{"0"}},
		{"scale function checkout-api --provisioned V --qualifier live --yes", []string{"0"}},
		{"scale function checkout-api --memory V --yes --wait=false", nil},
		{"scale function checkout-api --function-timeout V --yes --wait=false", nil},
		{"scale service catalog-api --cluster prod-api --desired V --yes", []string{"-1", "0"}},
		{"alias checkout-api live --function-version 4 --weight 5=V --yes", nil},
		{"alias checkout-api live --function-version V --yes", nil},
		{"rollback service catalog-api --cluster prod-api --to V --yes", nil},
	}
	for _, f := range forms {
		for _, v := range values {
			line := strings.Replace(f.line, "V", v, 1)
			t.Run(line, func(t *testing.T) {
				c := newCLI(t)
				_, errOut, err := c.run(line, "")
				inRange := false
				for _, ok := range f.ok {
					inRange = inRange || ok == v
				}
				n := c.be.TotalMutations()
				if inRange {
					if n != 1 {
						t.Fatalf("%d mutating calls for a value in range: %v\n%s", n, c.be.Mutations(), errOut)
					}
					return
				}
				if n != 0 {
					t.Fatalf("a value out of range was sent: %v", c.be.Mutations())
				}
				if err == nil || exitCode(err) == 0 {
					t.Fatalf("exit 0 for a value out of range:\n%s", errOut)
				}
				msg := err.Error()
				if !strings.Contains(msg, v) && !strings.Contains(msg, "above 0") || strings.Contains(msg, "\n") {
					t.Fatalf("the refusal does not name the value in one sentence: %q", msg)
				}
				if strings.Contains(errOut, "  aws  ") {
					t.Fatalf("the plan was printed for a refused value:\n%s", errOut)
				}
				if len(c.journal()) != 0 {
					t.Fatal("a refused value was proposed")
				}
			})
		}
	}
}

// TestCLIReservedBoundedByThePool: --reserved is bounded by what the
// account's unreserved pool allows, and the refusal says so.
func TestCLIReservedBoundedByThePool(t *testing.T) {
	c := newCLI(t)
	st, err := c.be.AccountSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := c.be.GetFunction(t.Context(), "checkout-api")
	room := st.UnreservedConcurrency - 100
	if d.Function.Reserved != nil {
		room += *d.Function.Reserved
	}
	over := strconv.Itoa(room + 1)
	_, _, err = c.run("scale function checkout-api --reserved "+over+" --yes", "")
	if err == nil || !strings.Contains(err.Error(), "use 0 to "+strconv.Itoa(room)) || !strings.Contains(err.Error(), "less the 100 AWS keeps unreserved") {
		t.Fatalf("over the pool: %v", err)
	}
	if c.be.TotalMutations() != 0 {
		t.Fatal("sent")
	}
	if _, errOut, err := c.run("scale function checkout-api --reserved "+strconv.Itoa(room)+" --yes", ""); err != nil {
		t.Fatalf("the whole pool: %v\n%s", err, errOut)
	}
}

// wrapsAnswer answers every reserved concurrency as 0, as an API that
// wrapped the number at 32 bits would.
type wrapsAnswer struct{ *sim.Account }

func (w wrapsAnswer) PutReservedConcurrency(ctx context.Context, fn string, n int) (providers.Receipt, error) {
	r, err := w.Account.PutReservedConcurrency(ctx, fn, n)
	r.Applied = map[string]string{providers.AppliedReserved: "0"}
	return r, err
}

// TestCLIAnswerMismatchExits4: when AWS answers another value than was
// asked, the command says so with the request id and the revert, exits 4,
// and the journal records a failure.
func TestCLIAnswerMismatchExits4(t *testing.T) {
	c := newCLI(t)
	c.front = wrapsAnswer{c.be}
	out, errOut, err := c.run("scale function checkout-api --reserved 40 --yes", "")
	if exitCode(err) != exitUnsuccessful || !strings.Contains(errOut, "AWS answered reserved concurrency 0, not the 40 asked for") ||
		!strings.Contains(errOut, "revert with: virga scale function checkout-api") || strings.Contains(out, "ok ") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", exitCode(err), out, errOut)
	}
	es := c.journal()
	if len(es) != 1 || es[0].Result != journal.ResultFailed || !strings.Contains(es[0].Error, "AWS answered") || es[0].RequestID == "" {
		t.Fatalf("journal: %+v", es)
	}
}
