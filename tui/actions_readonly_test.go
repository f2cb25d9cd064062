package tui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// driveEveryAction takes every action the TUI offers, by its keys, with
// values that succeed on the demo account. The same keystrokes run with
// and without read-only mode.
func driveEveryAction(h *harness) {
	h.t.Helper()
	fn := func(name, k string, form []string, typeName string) {
		h.fnAction(name, k)
		if form != nil {
			h.form(form...)
		}
		h.confirm(typeName)
		h.advance(15 * time.Second)
		h.key("esc", "esc")
	}
	fn("image-resize", "x", nil, "image-resize")               // kill switch
	fn("image-resize", "x", nil, "")                           // restore
	fn("checkout-api", "c", []string{"50"}, "")                // reserve
	fn("checkout-api", "c", []string{""}, "")                  // unreserve
	fn("checkout-api", "p", []string{"live", "5"}, "")         // provision
	fn("checkout-api", "p", []string{"live", "0"}, "")         // remove provisioned
	fn("orders-consumer", "e", []string{"1024", "60"}, "")     // memory
	fn("orders-consumer", "P", []string{"bigger"}, "")         // publish
	fn("checkout-api", "a", []string{"live", "4", "5=50"}, "") // canary shift
	fn("checkout-api", "A", nil, "checkout-api")               // canary rollback
	fn("fraud-scorer", "u", []string{"x.dkr.ecr/f:v2"}, "")    // code
	fn("orders-consumer", "t", nil, "orders-consumer")         // disable trigger
	h.selectFunction("checkout-api")                           // invoke
	h.key("i", "s")
	h.confirm("")
	h.key("esc", "esc")
	h.key("3", "/", "ctrl+u", "type:catalog-api", "enter")
	for _, a := range []struct {
		k, name string
		form    []string
	}{{"s", "", []string{"+1"}}, {"r", "", nil}, {"R", "catalog-api", []string{}}} {
		h.key(a.k)
		if a.form != nil {
			h.form(a.form...)
		}
		h.confirm(a.name)
		h.advance(15 * time.Second)
	}
	id := runningTask(h, "prod-api", "catalog-api")
	h.press("4", "/", "ctrl+u", "type:"+id, "enter")
	h.key("S")
	h.form("draining a leak")
	h.confirm(id[:min(8, len(id))])
	h.advance(time.Second)
}

// runningTask is the id of a running task of a service.
func runningTask(h *harness, cluster, service string) string {
	h.t.Helper()
	tasks, err := h.m.Backend().ListTasks(h.t.Context(), cluster, service)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, t := range tasks {
		if t.LastStatus == "RUNNING" {
			return t.ID
		}
	}
	h.t.Fatalf("no running task of %s/%s", cluster, service)
	return ""
}

// TestEveryActionFromKeys: in the demo every action is one key listed in
// help, confirmed, sent once, and journaled with its revert command.
func TestEveryActionFromKeys(t *testing.T) {
	h, be, j := actionDemo(t, 200, 50)
	driveEveryAction(h)
	want := map[string]int{
		"Lambda.PutFunctionConcurrency": 3, "Lambda.DeleteFunctionConcurrency": 1, "Lambda.PutProvisionedConcurrencyConfig": 1,
		"Lambda.DeleteProvisionedConcurrencyConfig": 1, "Lambda.UpdateFunctionConfiguration": 1, "Lambda.PublishVersion": 1, "Lambda.UpdateAlias": 2,
		"Lambda.UpdateFunctionCode": 1, "Lambda.UpdateEventSourceMapping": 1, "Lambda.Invoke": 1, "ECS.UpdateService": 3, "ECS.StopTask": 1,
	}
	for op, n := range want {
		if got := be.Calls(op); got != n {
			t.Errorf("%s: %d calls, want %d", op, got, n)
		}
	}
	es, _, _ := j.Read(0)
	if len(es) != 17 {
		t.Fatalf("%d journal entries, want 17 (one per action)", len(es))
	}
	for _, e := range es {
		if e.Result != journal.ResultOK || e.RequestID == "" || e.Account != "123456789012" || e.Command == "" {
			t.Errorf("entry %+v", e)
		}
		switch e.Action {
		case "lambda.invoke", "ecs.stop-task", "ecs.redeploy", "lambda.code":
		default:
			if e.Revert == "" {
				t.Errorf("%s has no revert command", e.Action)
			}
		}
	}
	h.press(":", "type:journal", "enter")
	h.mustSee("17 entries", "ecs.stop-task", "lambda.kill-switch-restore")
}

// TestReadOnlyRefusesEveryAction drives every action, by the same keys,
// in read-only mode set each way it can be, and asserts that no mutating
// call reached the backend and that help offers no action.
func TestReadOnlyRefusesEveryAction(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  harnessOpt
	}{
		{"flag", readOnly},
		{"account default", func(o *setup) {
			o.ReadOnlyFor = func(_, account string) bool { return account == "123456789012" }
		}},
		{"profile default", func(o *setup) {
			o.ReadOnlyFor = func(profile, _ string) bool { return strings.Contains(profile, "demo") }
		}},
		{"broken config file", func(o *setup) {
			// What cmd/virga does with a file that cannot be parsed.
			c, _ := config.Parse([]byte("keys:\n  list.down: [j\n"))
			o.ReadOnlyFor, o.ReadOnlyReason = c.ReadOnlyFor, c.Locked
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, be, j := actionDemo(t, 200, 50, c.opt)
			h.mustSee("READ-ONLY")
			driveEveryAction(h)
			if n := mutations(be); n != 0 {
				t.Fatalf("%d mutating calls in read-only mode: %v", n, be.Mutations())
			}
			if es, _, _ := j.Read(0); len(es) != 0 {
				t.Fatalf("journal has entries though nothing was proposed: %+v", es)
			}
			h.key("1", "?")
			h.mustNotSee("Actions (confirmed)", "kill switch")
			h.key("esc")
			h.fnAction("image-resize", "x")
			h.mustSee("read-only mode: kill switch / restore… is disabled")
			if c.name == "broken config file" {
				h.mustSee("is disabled · line 2: ")
			}
		})
	}
}

// TestActionsWaitForTheAccount: read-only defaults can depend on the
// account, so nothing is proposed before the identity is known.
func TestActionsWaitForTheAccount(t *testing.T) {
	h, be := loaded(t, 200, 50, failing("STS.GetCallerIdentity", providers.ErrNetwork))
	h.fnAction("image-resize", "x")
	h.mustSee("the account is not known yet")
	h.mustNotSee("Kill switch")
	if mutations(be) != 0 {
		t.Fatal("a mutating call without a known account")
	}
}
