package tui_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/views/dialog"
)

// mutations counts the calls that changed the simulated account (it
// counts what reaches it; see sim.Account.Mutations).
func mutations(a *sim.Account) int {
	n := 0
	for _, v := range a.Mutations() {
		n += v
	}
	return n
}

// actionDemo is a demo whose mutations are counted and journaled in j.
func actionDemo(t *testing.T, w, h int, opts ...harnessOpt) (*harness, *sim.Account, *journal.Journal) {
	t.Helper()
	j := journal.Memory("tester@host")
	hs, be := loaded(t, w, h, append([]harnessOpt{journaled(j)}, opts...)...)
	return hs, be, j
}

// confirm passes the key guard and confirms the open dialog, typing name
// first when the change is destructive.
func (h *harness) confirm(name string) {
	h.t.Helper()
	h.advance(dialog.Guard + 50*time.Millisecond)
	if name != "" {
		h.key("tab", "type:"+name, "tab", "y")
		return
	}
	h.key("tab", "y")
}

// eventually advances the clock a second at a time until the screen
// shows every part, failing after d.
func (h *harness) eventually(d time.Duration, parts ...string) {
	h.t.Helper()
	for end := h.clock.Now().Add(d); ; {
		s := h.screen()
		all := true
		for _, p := range parts {
			all = all && strings.Contains(s, p)
		}
		if all {
			return
		}
		if h.clock.Now().After(end) {
			h.mustSee(parts...)
			return
		}
		h.advance(time.Second)
	}
}

// selectFunction filters the functions table down to name.
func (h *harness) selectFunction(name string) {
	h.t.Helper()
	h.key("1", "esc", "esc", "/", "ctrl+u", "type:"+name, "enter")
	if !strings.Contains(h.m.SelectedName(), name) {
		h.t.Fatalf("selected %q, want %s:\n%s", h.m.SelectedName(), name, h.screen())
	}
}

// fnAction selects function name and presses keys, an action's key.
func (h *harness) fnAction(name string, keys ...string) {
	h.t.Helper()
	h.selectFunction(name)
	h.key(keys...)
}

// form types values into an open form, replacing each field's text.
func (h *harness) form(values ...string) {
	h.t.Helper()
	for i, v := range values {
		if i > 0 {
			h.key("tab")
		}
		h.key("ctrl+u")
		if v != "" {
			h.key("type:" + v)
		}
	}
	h.key("enter")
}

func lastEntry(t *testing.T, j *journal.Journal) journal.Entry {
	t.Helper()
	es, _, err := j.Read(1)
	if err != nil || len(es) == 0 {
		t.Fatalf("journal: %v %v", es, err)
	}
	return es[0]
}

func TestKillSwitchThrottlesAndRestores(t *testing.T) {
	h, be, j := actionDemo(t, 120, 40)
	h.fnAction("image-resize", "x")
	h.mustSee("Kill switch", "123456789012", "us-east-1", "profile demo", "function image-resize",
		"reserved concurrency: 10 → 0", "aws lambda put-function-concurrency --function-name image-resize", "type image-resize to confirm")
	h.confirm("image-resize")
	if be.Calls("Lambda.PutFunctionConcurrency") != 1 {
		t.Fatalf("%d calls", be.Calls("Lambda.PutFunctionConcurrency"))
	}
	h.mustSee("✓ Kill switch", "request ")
	e := lastEntry(t, j)
	if e.Action != "lambda.kill-switch" || e.Before != "10" || e.After != "0" || e.RequestID == "" ||
		e.Revert != "virga scale function image-resize --reserved 10 --demo" || e.Actor != "tester@host" || e.Source != "tui" {
		t.Fatalf("journal: %+v", e)
	}
	// Invocations are now throttles.
	_, err := be.Invoke(t.Context(), providers.InvokeRequest{Function: "image-resize"})
	if providers.KindOf(err) != providers.ErrThrottled {
		t.Fatalf("invoke after the kill switch: %v", err)
	}
	h.press("enter")
	h.mustSee("0 — every invocation")
	// One key restores the remembered value.
	h.key("esc", "x")
	h.mustSee("Restore after kill switch", "reserved concurrency: 0 → 10")
	h.mustNotSee("to confirm:")
	h.confirm("")
	d, _ := be.GetFunction(t.Context(), "image-resize")
	if d.Function.Reserved == nil || *d.Function.Reserved != 10 {
		t.Fatalf("after restore: %v", d.Function.Reserved)
	}
}

// TestKillSwitchRestoreFromJournal: the previous value survives a restart
// because the journal keeps it.
func TestKillSwitchRestoreFromJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	first, acct := loaded(t, 120, 40, journaled(journal.Open(path, "a")))
	first.fnAction("image-resize", "x")
	first.confirm("image-resize")
	// A new session on the same account and journal.
	second := newHarness(t, acct, first.clock, 120, 40, journaled(journal.Open(path, "b")))
	second.advance(2 * time.Second)
	second.fnAction("image-resize", "x")
	second.mustSee("Restore after kill switch", "0 → 10")
}

func TestEnterAloneAndEarlyKeysNeverConfirm(t *testing.T) {
	h, be, j := actionDemo(t, 120, 40)
	h.fnAction("image-resize", "x")
	// Keys arriving with the dialog (no time passes) are dropped.
	h.key("tab", "type:image-resize", "tab", "y")
	h.mustSee("Kill switch")
	h.advance(dialog.Guard)
	for range 5 {
		h.key("enter")
	}
	h.mustNotSee("Kill switch ─")
	if mutations(be) != 0 {
		t.Fatalf("%d mutating calls after Enter", mutations(be))
	}
	if es, _, _ := j.Read(0); len(es) != 0 {
		t.Fatalf("a dismissed dialog was journaled: %+v", es)
	}
	h.mustSee("cancelled; nothing changed")
}

func TestFailedActionIsOneAttemptWithRequestID(t *testing.T) {
	h, be, j := actionDemo(t, 120, 40, failing("Lambda.PutFunctionConcurrency", providers.ErrThrottled))
	h.fnAction("checkout-api", "c")
	h.form("50")
	h.mustSee("Set reserved concurrency", "unreserved → 50")
	h.confirm("")
	h.advance(30 * time.Second)
	if n := be.Calls("Lambda.PutFunctionConcurrency"); n != 1 {
		t.Fatalf("%d attempts, want exactly one", n)
	}
	e := lastEntry(t, j)
	if e.Result != journal.ResultFailed || e.Error == "" || e.Revert != "" {
		t.Fatalf("journal: %+v", e)
	}
}

func TestProvisionedAllocationIsWatched(t *testing.T) {
	h, be, _ := actionDemo(t, 200, 50)
	h.fnAction("checkout-api", "p")
	h.mustSee("Provisioned concurrency", "aliases: live, prev")
	h.form("live", "5")
	h.mustSee("provisioned concurrency: none → 5")
	h.confirm("")
	h.eventually(5*time.Second, "provisioned live:", "IN_PROGRESS")
	h.eventually(3*time.Minute, "✓ function checkout-api:live: provisioned live: 5/5 allocated, READY")
	h.press("enter")
	h.mustSee("live: 5/5 allocated, READY")
	if be.Calls("Lambda.PutProvisionedConcurrencyConfig") != 1 {
		t.Fatal("not one call")
	}
}

func TestMemoryUpdateWaitsAndShowsInTable(t *testing.T) {
	h, _, j := actionDemo(t, 200, 50)
	h.fnAction("orders-consumer", "e")
	h.form("2048", "")
	h.mustSee("timeout: give a number from 1 to 900 seconds")
	h.key("esc", "e")
	h.form("2048", "30")
	h.mustSee("Update configuration", "→ memory 2048 MB")
	h.confirm("")
	h.eventually(time.Second, "update InProgress")
	h.eventually(15*time.Second, "✓ function orders-consumer: update successful")
	if row := rowOf(h.screen(), "orders-consumer       python"); !strings.Contains(row, "2048") {
		t.Fatalf("table row: %q", row)
	}
	if e := lastEntry(t, j); !strings.Contains(e.Revert, "virga scale function orders-consumer --memory") {
		t.Fatalf("revert: %q", e.Revert)
	}
	// Publishing the change.
	h.key("P")
	h.form("bigger memory")
	h.confirm("")
	h.mustSee("✓ Publish version", "version ")
	if e := lastEntry(t, j); !strings.HasPrefix(e.Revert, "aws lambda delete-function --function-name orders-consumer --qualifier ") {
		t.Fatalf("publish revert: %q", e.Revert)
	}
}

func TestAliasCanaryShiftAndRollback(t *testing.T) {
	h, be, j := actionDemo(t, 200, 50)
	h.fnAction("checkout-api", "a")
	h.form("live", "4", "5=50")
	h.mustSee("Update alias", "routing: v4 90% + v5 10% → v4 50% + v5 50%")
	h.confirm("")
	h.press("enter")
	h.mustSee("v5 50%")
	h.key("A")
	h.mustSee("Roll back alias", "v4 50% + v5 50% → v4", "type checkout-api to confirm")
	h.confirm("checkout-api")
	h.advance(time.Second)
	if row := rowOf(h.screen(), "│ live "); !strings.HasSuffix(strings.TrimSpace(row), "→ v4") {
		t.Fatalf("alias after the rollback: %q", row)
	}
	if be.Calls("Lambda.UpdateAlias") != 2 {
		t.Fatalf("%d UpdateAlias calls", be.Calls("Lambda.UpdateAlias"))
	}
	if e := lastEntry(t, j); e.Revert != "virga alias checkout-api live --function-version 4 --weight 5=50 --demo" {
		t.Fatalf("rollback revert: %q", e.Revert)
	}
}

func TestUpdateCodeAndEventSource(t *testing.T) {
	h, be, _ := actionDemo(t, 200, 50)
	h.fnAction("fraud-scorer", "u")
	h.form("s3://bucket/key")
	h.mustSee("is an image function")
	h.key("esc", "u")
	h.form("123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud-scorer:v2")
	h.mustSee("Update code", "fraud-scorer:v2")
	h.confirm("")
	if be.Calls("Lambda.UpdateFunctionCode") != 1 {
		t.Fatal("code not updated")
	}
	h.fnAction("orders-consumer", "t")
	h.mustSee("Disable event source", "state: Enabled → Disabled", "type orders-consumer to confirm")
	h.confirm("orders-consumer")
	h.eventually(15*time.Second, "event source Disabled")
	d, _ := be.GetFunction(t.Context(), "orders-consumer")
	if d.EventSources[0].State != "Disabled" {
		t.Fatalf("mapping %s", d.EventSources[0].State)
	}
}

func TestScaleRedeployRollbackStop(t *testing.T) {
	h, be, j := actionDemo(t, 200, 50)
	h.key("3", "/", "type:catalog-api", "enter")
	h.key("s")
	h.form("+2")
	h.mustSee("Scale service", "desired count: ")
	h.confirm("")
	h.eventually(5*time.Minute, "converged")
	h.key("r")
	h.mustSee("Force new deployment", "--force-new-deployment")
	h.confirm("")
	h.eventually(15*time.Minute, "completed")

	// pdf-renderer's newest revision is bad: the breaker rolls it back.
	h.key("esc", "/", "type:pdf-renderer", "enter")
	h.key("R")
	h.mustSee("Roll back service", "(current)")
	svcs, _ := be.ListServices(t.Context(), "prod-workers")
	var pdf providers.Service
	for _, s := range svcs {
		if s.Name == "pdf-renderer" {
			pdf = s
		}
	}
	revs, _ := be.ListTaskDefinitions(t.Context(), pdf.TaskDefFamily)
	bad := revs[0][strings.LastIndexByte(revs[0], ':')+1:]
	h.form(bad)
	h.mustSee("task definition: ", "type pdf-renderer to confirm")
	h.confirm("pdf-renderer")
	h.eventually(15*time.Minute, "✗ service prod-workers/pdf-renderer: rollout", "circuit breaker")
	if e := lastEntry(t, j); !strings.HasPrefix(e.Revert, "virga rollback service pdf-renderer --cluster prod-workers --to ") {
		t.Fatalf("rollback revert: %q", e.Revert)
	}

	// Stop a running task of catalog-api.
	id := runningTask(h, "prod-api", "catalog-api")
	h.press("4", "/", "ctrl+u", "type:"+id, "enter")
	h.key("S")
	h.form("leaking memory")
	h.mustSee("Stop task", "type "+id[:8]+" to confirm", "--reason 'leaking")
	h.confirm(id[:8])
	tasks, _ := be.ListTasks(t.Context(), "prod-api", "catalog-api")
	for _, tk := range tasks {
		if tk.ID == id && tk.StoppedReason != "leaking memory" {
			t.Fatalf("stopped task: %+v", tk)
		}
	}
	if be.Calls("ECS.StopTask") != 1 || be.Calls("ECS.UpdateService") != 3 {
		t.Fatalf("calls: %v", be.Mutations())
	}
}

func TestJournalScreenListsActionsWithRevert(t *testing.T) {
	h, _, _ := actionDemo(t, 200, 50)
	h.fnAction("image-resize", "x")
	h.confirm("image-resize")
	h.press(":", "type:journal", "enter")
	h.mustSee("journal", "lambda.kill-switch", "function/image-resize", "10 → 0", "ok",
		"revert", "virga scale function image-resize --reserved 10 --demo")
}

func TestHelpListsActionKeys(t *testing.T) {
	h, _, _ := actionDemo(t, 200, 50)
	h.key("?")
	h.mustSee("Actions (confirmed)", "kill switch / restore", "invoke", "memory and timeout", "point alias / canary")
	h.key("esc", "3", "?")
	h.mustSee("scale desired count", "force new deployment", "roll back task definition")
	h.key("esc", "4", "?")
	h.mustSee("stop task")
}

// TestReservedChangeShowsInTheRow: after c sets a reservation, the RSV
// column shows the new value, not the one read before the change.
func TestReservedChangeShowsInTheRow(t *testing.T) {
	h, _, _ := actionDemo(t, 120, 40)
	h.fnAction("checkout-api", "c")
	h.form("20")
	h.confirm("")
	h.mustSee("✓ Set reserved concurrency", "unreserved → 20")
	h.advance(time.Second)
	row := rowOf(h.screen(), "checkout-api   ")
	if f := strings.Fields(row); len(f) < 2 || f[1] != "20" {
		t.Fatalf("RSV after setting 20: %q\n%s", row, h.screen())
	}
}
