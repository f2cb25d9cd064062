package tui_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// TestFormNumbersOutOfRangeSendNothing drives every form that takes a
// number with 2^31, 2^32, -1 and 0 (-1 is a change of the current value
// where counts take one: in range for provisioned, memory and desired).
// A value out of range keeps the form
// open with a sentence that names it, and nothing reaches the account; a
// value in range goes on to the confirmation and, confirmed, makes one
// call.
func TestFormNumbersOutOfRangeSendNothing(t *testing.T) {
	values := []string{"2147483648", "4294967296", "-1", "0"}
	forms := []struct {
		name string
		// open selects the resource and presses the action key.
		open func(h *harness)
		// fields are the form's values, V replaced by the value.
		fields []string
		// ok lists the values in range, confirm the name to type for them.
		ok      []string
		confirm string
	}{
		{"reserved", fnKey("checkout-api", "c"), []string{"V"}, []string{"0"}, "checkout-api"},
		{"provisioned", fnKey("search-indexer", "p"), []string{"prod", "V"}, []string{"-1", "0"}, ""},
		{"memory", fnKey("orders-consumer", "e"), []string{"V", "30"}, []string{"-1"}, ""},
		{"timeout", fnKey("orders-consumer", "e"), []string{"1024", "V"}, nil, ""},
		{"canary percent", fnKey("checkout-api", "a"), []string{"live", "4", "5=V"}, nil, ""},
		{"alias version", fnKey("checkout-api", "a"), []string{"live", "V", ""}, nil, ""},
		{"desired", svcKey("catalog-api", "s"), []string{"V"}, []string{"-1", "0"}, "catalog-api"},
		{"revision", svcKey("catalog-api", "R"), []string{"V"}, nil, ""},
	}
	for _, f := range forms {
		for _, v := range values {
			t.Run(f.name+" "+v, func(t *testing.T) {
				h, be, _ := actionDemo(t, 200, 50)
				f.open(h)
				fields := make([]string, len(f.fields))
				for i, x := range f.fields {
					fields[i] = strings.Replace(x, "V", v, 1)
				}
				h.form(fields...)
				inRange := false
				for _, ok := range f.ok {
					inRange = inRange || ok == v
				}
				if !inRange {
					h.mustNotSee("to confirm", "Cancel")
					s := h.screen()
					if !strings.Contains(s, "out of range") && !strings.Contains(s, "above 0") && !strings.Contains(s, "not a published version") {
						t.Fatalf("no refusal on screen:\n%s", s)
					}
					h.advance(5 * time.Second)
					if n := mutations(be); n != 0 {
						t.Fatalf("%d mutating calls for an out-of-range value: %v", n, be.Mutations())
					}
					return
				}
				name := ""
				if v == "0" {
					name = f.confirm
				}
				h.confirm(name)
				h.advance(5 * time.Second)
				if n := mutations(be); n != 1 {
					t.Fatalf("%d mutating calls for a value in range: %v\n%s", n, be.Mutations(), h.screen())
				}
			})
		}
	}
}

func fnKey(name, k string) func(h *harness) {
	return func(h *harness) {
		h.selectFunction(name)
		h.press(k)
	}
}

func svcKey(name, k string) func(h *harness) {
	return func(h *harness) {
		h.key("3", "/", "type:"+name, "enter")
		h.press(k)
	}
}

// wrapsAnswer answers every reserved concurrency as 0, as an API that
// wrapped the number at 32 bits would.
type wrapsAnswer struct{ onAccount }

func (w wrapsAnswer) PutReservedConcurrency(ctx context.Context, fn string, n int) (providers.Receipt, error) {
	r, err := w.Account.PutReservedConcurrency(ctx, fn, n)
	r.Applied = map[string]string{providers.AppliedReserved: "0"}
	return r, err
}

// TestAnswerMismatchIsAnErrorInTheStatusLine: when AWS answers another
// value than was asked, the status line says so as an error with the
// request id, and the journal records a failure.
func TestAnswerMismatchIsAnErrorInTheStatusLine(t *testing.T) {
	j := journal.Memory("tester@host")
	var logged bytes.Buffer
	h, _ := loaded(t, 200, 50, journaled(j), over(&wrapsAnswer{}), func(o *setup) {
		o.Log = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	fnKey("checkout-api", "c")(h)
	h.form("50")
	h.confirm("")
	h.mustSee("✗ Set reserved concurrency · function checkout-api: AWS answered reserved concurrency 0, not the 50 asked for", "· request ")
	h.mustNotSee("✓ Set reserved")
	if e := lastEntry(t, j); e.Result != journal.ResultFailed || !strings.Contains(e.Error, "AWS answered") || e.RequestID == "" || e.Revert == "" {
		t.Fatalf("journal: %+v", e)
	}
	// The debug log has the action and the error of the status line.
	for _, want := range []string{"msg=action source=tui action=lambda.reserved-concurrency", "result=failed", `msg=status error=true text="✗ Set reserved`} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logged.String())
		}
	}
}
