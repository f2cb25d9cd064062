package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/journal"
)

// TestCLIInvokeStdoutIsThePayloadAlone: stdout carries the response and
// nothing else, so `| jq .` works; the outcome and the request id go to
// stderr; a function error says so, exits 4 and is journaled as failed.
func TestCLIInvokeStdoutIsThePayloadAlone(t *testing.T) {
	c := newCLI(t)
	// The simulated checkout-api fails its first invocation of this seed
	// and succeeds afterwards; find one of each.
	var sawErr, sawOK bool
	for i := 0; i < 12 && !(sawErr && sawOK); i++ {
		out, errOut, err := c.run(`invoke checkout-api --payload {} --yes`, "")
		if !json.Valid([]byte(out)) {
			t.Fatalf("stdout is not the JSON response alone:\n%q", out)
		}
		e := c.journal()[i]
		switch exitCode(err) {
		case exitUnsuccessful:
			sawErr = true
			if !strings.Contains(errOut, "the function failed: function error Unhandled") || strings.Contains(errOut, "ok: invoked") {
				t.Fatalf("a function error must say so on stderr:\n%s", errOut)
			}
			if e.Result != journal.ResultFailed || e.Error != "function error Unhandled" {
				t.Fatalf("function error journaled as %q %q", e.Result, e.Error)
			}
		case 0:
			sawOK = true
			if !strings.Contains(errOut, "ok: invoked · status 200") || !strings.Contains(errOut, "· request "+e.RequestID) {
				t.Fatalf("outcome missing from stderr:\n%s", errOut)
			}
			if e.Result != journal.ResultOK {
				t.Fatalf("journal: %+v", e)
			}
		default:
			t.Fatalf("exit %d: %v\n%s", exitCode(err), err, errOut)
		}
	}
	if !sawErr || !sawOK {
		t.Fatalf("want a function error and a success among the invocations (error %v, ok %v)", sawErr, sawOK)
	}
	// Event invocations have no payload: stdout stays empty.
	out, errOut, err := c.run(`invoke email-dispatch --type Event --yes`, "")
	if err != nil || out != "" || !strings.Contains(errOut, "status 202") {
		t.Fatalf("async: %v stdout %q\n%s", err, out, errOut)
	}
}
