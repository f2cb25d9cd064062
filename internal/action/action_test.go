package action_test

import (
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func newSim(t *testing.T) (*sim.Account, *testkit.Clock) {
	t.Helper()
	c := testkit.NewClock(t0)
	return sim.New(sim.Config{Seed: 1, Now: c.Now}), c
}

var demo = providers.Identity{Account: "123456789012", Region: "us-east-1", Profile: "demo", Demo: true,
	ARN: "arn:aws:sts::123456789012:assumed-role/virga-demo/demo"}
var prod = providers.Identity{Account: "210987654321", Region: "eu-west-1", Profile: "prod-admin"}

func detail(t *testing.T, a *sim.Account, fn string) providers.FunctionDetail {
	t.Helper()
	d, err := a.GetFunction(t.Context(), fn)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestKillSwitchAndRestore(t *testing.T) {
	acct, _ := newSim(t)
	d := detail(t, acct, "image-resize")
	k := action.Kill("image-resize", d.Function.Reserved)
	if !k.Destructive || k.Before != "10" || k.After != "0" || k.ConfirmName() != "image-resize" {
		t.Fatalf("kill switch: %+v", k)
	}
	if got, want := k.Command(prod), "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0 --region eu-west-1 --profile prod-admin"; got != want {
		t.Errorf("command\n got %s\nwant %s", got, want)
	}
	out, err := k.Run(t.Context(), acct)
	if err != nil || out.Receipt.RequestID == "" {
		t.Fatalf("run: %v %+v", err, out)
	}
	if got := k.Revert(prod, out.Receipt); got != "virga scale function image-resize --reserved 10 --region eu-west-1 --profile prod-admin" {
		t.Errorf("revert: %s", got)
	}
	if r := detail(t, acct, "image-resize").Function.Reserved; r == nil || *r != 0 {
		t.Fatalf("reserved after kill switch: %v", r)
	}
	e := k.Entry(demo, "tui", out, nil, t0)
	if e.Action != "lambda.kill-switch" || e.Before != "10" || e.After != "0" || e.RequestID == "" || e.Result != journal.ResultOK ||
		e.Resource != "function/image-resize" || !strings.Contains(e.Revert, "--demo") || e.Account != "123456789012" ||
		e.Caller != demo.ARN {
		t.Errorf("journal entry: %+v", e)
	}
	r, err := action.Restore("image-resize", e.Before)
	if err != nil || r.Destructive || r.After != "10" {
		t.Fatalf("restore: %+v %v", r, err)
	}
	if _, err := r.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	if got := detail(t, acct, "image-resize").Function.Reserved; got == nil || *got != 10 {
		t.Fatalf("reserved after restore: %v", got)
	}
	// A function that was unreserved goes back to the pool.
	k2 := action.Kill("checkout-api", nil)
	if _, err := k2.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	r2, _ := action.Restore("checkout-api", k2.Before)
	if r2.Kind != action.KillSwitchRestore || !strings.Contains(r2.Command(demo), "delete-function-concurrency") {
		t.Fatalf("restore to unreserved: %+v", r2)
	}
	if _, err := r2.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	if detail(t, acct, "checkout-api").Function.Reserved != nil {
		t.Fatal("checkout-api still reserved")
	}
	if _, err := action.Restore("x", "many"); err == nil {
		t.Fatal("restore accepted a garbage previous value")
	}
}

func TestProvisionedProgressUntilReady(t *testing.T) {
	acct, c := newSim(t)
	a := action.SetProvisioned("checkout-api", "live", nil, 5)
	out, err := a.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if a.Watch() != action.WatchFunction || !a.Waits() {
		t.Fatal("provisioned concurrency is not watched")
	}
	if !strings.Contains(a.Revert(demo, out.Receipt), "delete-provisioned-concurrency-config") {
		t.Errorf("revert of a new config: %s", a.Revert(demo, out.Receipt))
	}
	seen := map[string]bool{}
	for range 40 {
		d := detail(t, acct, "checkout-api")
		p := a.Progress(action.Polled{Function: &d}, out.Receipt)
		seen[p.Text] = true
		if p.Done {
			if p.Failed || !strings.Contains(p.Text, "5/5 allocated, READY") {
				t.Fatalf("final: %+v", p)
			}
			if len(seen) < 2 {
				t.Fatalf("no progress shown before READY: %v", seen)
			}
			return
		}
		c.Advance(5 * time.Second)
	}
	t.Fatalf("never READY: %v", seen)
}

func TestUpdateConfigurationWaitsForUpdate(t *testing.T) {
	acct, c := newSim(t)
	d := detail(t, acct, "orders-consumer")
	mem := d.Function.MemoryMB * 2
	a := action.Configure(d.Function, &mem, nil)
	if a.Before != "memory "+itoa(d.Function.MemoryMB)+" MB" || a.After != "memory "+itoa(mem)+" MB" {
		t.Fatalf("before/after: %q -> %q", a.Before, a.After)
	}
	out, err := a.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	d = detail(t, acct, "orders-consumer")
	if p := a.Progress(action.Polled{Function: &d}, out.Receipt); p.Done {
		t.Fatalf("done at once: %+v", p)
	}
	c.Advance(10 * time.Second)
	d = detail(t, acct, "orders-consumer")
	if p := a.Progress(action.Polled{Function: &d}, out.Receipt); !p.Done || p.Failed {
		t.Fatalf("after 10 s: %+v", p)
	}
	if got := a.Revert(demo, out.Receipt); got != "virga scale function orders-consumer --memory "+itoa(mem/2)+" --demo" {
		t.Errorf("revert: %s", got)
	}
}

func TestAliasCanaryAndRollback(t *testing.T) {
	acct, _ := newSim(t)
	d := detail(t, acct, "checkout-api")
	var live providers.Alias
	for _, al := range d.Aliases {
		if al.Name == "live" {
			live = al
		}
	}
	a := action.UpdateAlias("checkout-api", live, "4", map[string]float64{"5": 0.25})
	if a.Before != "v4 90% + v5 10%" || a.After != "v4 75% + v5 25%" {
		t.Fatalf("alias before/after: %q -> %q", a.Before, a.After)
	}
	if !strings.Contains(a.Command(demo), `--routing-config '{"AdditionalVersionWeights":{"5":0.25}}'`) {
		t.Errorf("command: %s", a.Command(demo))
	}
	out, err := a.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Revert(demo, out.Receipt); got != "virga alias checkout-api live --function-version 4 --weight 5=10 --demo" {
		t.Errorf("revert: %s", got)
	}
	d = detail(t, acct, "checkout-api")
	for _, al := range d.Aliases {
		if al.Name == "live" {
			live = al
		}
	}
	if live.AdditionalWeights["5"] != 0.25 {
		t.Fatalf("weights after update: %v", live.AdditionalWeights)
	}
	rb := action.RollbackAlias("checkout-api", live)
	if !rb.Destructive || rb.After != "v4" {
		t.Fatalf("rollback: %+v", rb)
	}
	if _, err := rb.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	d = detail(t, acct, "checkout-api")
	for _, al := range d.Aliases {
		if al.Name == "live" && len(al.AdditionalWeights) != 0 {
			t.Fatalf("canary still on: %v", al.AdditionalWeights)
		}
	}
}

func TestFailedActionJournalsRequestIDAndNoRevert(t *testing.T) {
	acct, _ := newSim(t)
	d := detail(t, acct, "orders-consumer")
	mem := d.Function.MemoryMB + 128
	if _, err := action.Configure(d.Function, &mem, nil).Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	latest := d.Versions[len(d.Versions)-1].Version
	p := action.PublishVersion("orders-consumer", latest, "hotfix")
	_, err := p.Run(t.Context(), acct)
	if providers.KindOf(err) != providers.ErrConflict {
		t.Fatalf("publish during an update: %v, want a conflict", err)
	}
	e := p.Entry(demo, "cli", action.Outcome{}, err, t0)
	if e.Result != journal.ResultFailed || e.RequestID == "" || e.Revert != "" {
		t.Errorf("failed entry: %+v", e)
	}
}

func TestServiceActionsAgainstSim(t *testing.T) {
	acct, c := newSim(t)
	svc := service(t, acct, "prod-api", "catalog-api")
	s := action.Scale(svc, 0)
	if !s.Destructive || s.ConfirmName() != "catalog-api" {
		t.Fatalf("scale to 0: %+v", s)
	}
	up := action.Scale(svc, svc.Desired+2)
	if up.Destructive {
		t.Fatal("scaling up is not destructive")
	}
	out, err := up.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := "virga scale service catalog-api --cluster prod-api --desired " + itoa(svc.Desired) + " --demo"
	if got := up.Revert(demo, out.Receipt); got != want {
		t.Errorf("revert %q, want %q", got, want)
	}
	done := false
	for range 120 {
		c.Advance(5 * time.Second)
		s := service(t, acct, "prod-api", "catalog-api")
		if p := up.Progress(action.Polled{Service: &s}, out.Receipt); p.Done {
			done = true
			break
		}
	}
	if !done {
		t.Fatal("desired count never converged")
	}

	// pdf-renderer's bad revision trips the circuit breaker.
	pdf := service(t, acct, "prod-workers", "pdf-renderer")
	revs, err := acct.ListTaskDefinitions(t.Context(), pdf.TaskDefFamily)
	if err != nil || len(revs) < 2 {
		t.Fatalf("revisions: %v %v", revs, err)
	}
	bad := revs[0]
	if bad == pdf.TaskDefinition {
		t.Fatalf("pdf-renderer already runs its newest revision %s", bad)
	}
	rb := action.Rollback(pdf, bad)
	if !rb.Destructive || rb.After != action.TaskDefName(bad) {
		t.Fatalf("rollback: %+v", rb)
	}
	out, err = rb.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	var last action.Progress
	for range 200 {
		c.Advance(5 * time.Second)
		s := service(t, acct, "prod-workers", "pdf-renderer")
		last = rb.Progress(action.Polled{Service: &s}, out.Receipt)
		if last.Done {
			break
		}
	}
	if !last.Done || !last.Failed || !strings.Contains(last.Text, "circuit breaker") {
		t.Fatalf("bad revision: %+v, want a circuit breaker failure", last)
	}

	tasks, err := acct.ListTasks(t.Context(), "prod-api", "catalog-api")
	if err != nil || len(tasks) == 0 {
		t.Fatal(err)
	}
	var running providers.Task
	for _, tk := range tasks {
		if tk.LastStatus == "RUNNING" {
			running = tk
		}
	}
	st := action.StopTask(running, "investigating a memory leak")
	if st.ConfirmName() != running.ID[:8] || !strings.Contains(st.Command(demo), "--reason 'investigating a memory leak'") {
		t.Fatalf("stop: %s / %s", st.ConfirmName(), st.Command(demo))
	}
	if _, err := st.Run(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	tasks, _ = acct.ListTasks(t.Context(), "prod-api", "catalog-api")
	found := false
	for _, tk := range tasks {
		if tk.ID == running.ID {
			found = true
			if tk.StoppedReason != "investigating a memory leak" || tk.DesiredStatus != "STOPPED" {
				t.Fatalf("stopped task: %+v", tk)
			}
		}
	}
	if !found {
		t.Fatal("the stopped task is not listed")
	}
}

func service(t *testing.T, a *sim.Account, cluster, name string) providers.Service {
	t.Helper()
	ss, err := a.ListServices(t.Context(), cluster)
	return testkit.Find(t, "service "+cluster+"/"+name, ss, err, func(s providers.Service) bool { return s.Name == name })
}

func kubeDeployment(t *testing.T, a *sim.Account, ns, name string) providers.KubeDeployment {
	t.Helper()
	deps, err := a.ListDeployments(t.Context(), "prod-eks", ns)
	return testkit.Find(t, "deployment "+ns+"/"+name, deps, err, func(d providers.KubeDeployment) bool { return d.Name == name })
}

func TestEventSourceToggle(t *testing.T) {
	acct, c := newSim(t)
	d := detail(t, acct, "orders-consumer")
	if len(d.EventSources) == 0 {
		t.Fatal("orders-consumer has no event source")
	}
	m := d.EventSources[0]
	off := action.SetEventSource("orders-consumer", m, false)
	if !off.Destructive || off.After != "Disabled" || !strings.HasSuffix(off.Command(demo), "--no-enabled --region us-east-1") {
		t.Fatalf("disable: %+v %s", off, off.Command(demo))
	}
	out, err := off.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(off.Revert(demo, out.Receipt), "--enabled") {
		t.Errorf("revert: %s", off.Revert(demo, out.Receipt))
	}
	for range 20 {
		c.Advance(2 * time.Second)
		d := detail(t, acct, "orders-consumer")
		if p := off.Progress(action.Polled{Function: &d}, out.Receipt); p.Done {
			if p.Failed {
				t.Fatal(p.Text)
			}
			return
		}
	}
	t.Fatal("mapping never became Disabled")
}

func TestInvokeAction(t *testing.T) {
	acct, _ := newSim(t)
	a := action.InvokeFunction(providers.InvokeRequest{Function: "checkout-api", Qualifier: "live", Payload: []byte("{\n  \"password\": \"hunter2\",\n  \"n\": 1\n}")})
	if a.Destructive || a.Revert(demo, providers.Receipt{}) != "" || a.NoRevert == "" {
		t.Fatalf("invoke: %+v", a)
	}
	cmd := a.Command(demo)
	if !strings.Contains(cmd, "aws lambda invoke --function-name checkout-api --qualifier live --invocation-type RequestResponse --log-type Tail") ||
		!strings.Contains(cmd, `--payload '{"password":"hunter2","n":1}' response.json`) {
		t.Errorf("command: %s", cmd)
	}
	out, err := a.Run(t.Context(), acct)
	if err != nil || out.Invoke == nil || out.Invoke.StatusCode != 200 || out.Invoke.LogTail == "" {
		t.Fatalf("invoke: %+v %v", out.Invoke, err)
	}
	e := a.Entry(demo, "tui", out, nil, t0)
	j := journal.Memory("")
	_ = j.Append(e)
	es, _, _ := j.Read(1)
	if strings.Contains(es[0].Params["payload"], "hunter2") || strings.Contains(es[0].Command, "hunter2") || es[0].RequestID != out.Invoke.RequestID {
		t.Errorf("journaled invoke: %+v", es[0])
	}
}

func TestShellQuoting(t *testing.T) {
	got := action.Shell([]string{"aws", "ecs", "stop-task", "--reason", "it's $(rm -rf /)", "--task", "abc", ""})
	want := `aws ecs stop-task --reason 'it'\''s $(rm -rf /)' --task abc ''`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestUnsupportedBackend(t *testing.T) {
	type bare struct{ providers.Backend }
	a := action.Kill("x", nil)
	if a.Supported(bare{}) {
		t.Fatal("a backend without ConcurrencyScaler supports the kill switch")
	}
	if _, err := a.Run(t.Context(), bare{}); err != action.ErrUnsupported {
		t.Fatalf("Run on a bare backend: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestConfigureDescribesEachSetting: memory and timeout, together or
// alone, each appear in the description, the parameters, the aws command
// and the revert, in that order.
func TestConfigureDescribesEachSetting(t *testing.T) {
	fn := providers.Function{Name: "f", MemoryMB: 512, TimeoutSec: 30}
	mem, timeout := 1024, 60
	cases := []struct {
		name            string
		mem, timeout    *int
		before, after   string
		params          map[string]string
		command, revert string
	}{
		{"both", &mem, &timeout, "memory 512 MB, timeout 30 s", "memory 1024 MB, timeout 60 s",
			map[string]string{"memory_size": "1024", "timeout": "60"},
			"aws lambda update-function-configuration --function-name f --memory-size 1024 --timeout 60 --region eu-west-1 --profile prod-admin",
			"virga scale function f --memory 512 --function-timeout 30 --region eu-west-1 --profile prod-admin"},
		{"memory", &mem, nil, "memory 512 MB", "memory 1024 MB",
			map[string]string{"memory_size": "1024"},
			"aws lambda update-function-configuration --function-name f --memory-size 1024 --region eu-west-1 --profile prod-admin",
			"virga scale function f --memory 512 --region eu-west-1 --profile prod-admin"},
		{"timeout", nil, &timeout, "timeout 30 s", "timeout 60 s",
			map[string]string{"timeout": "60"},
			"aws lambda update-function-configuration --function-name f --timeout 60 --region eu-west-1 --profile prod-admin",
			"virga scale function f --function-timeout 30 --region eu-west-1 --profile prod-admin"},
	}
	for _, c := range cases {
		a := action.Configure(fn, c.mem, c.timeout)
		if a.Before != c.before || a.After != c.after {
			t.Errorf("%s: before/after %q -> %q, want %q -> %q", c.name, a.Before, a.After, c.before, c.after)
		}
		if !maps.Equal(a.Params, c.params) {
			t.Errorf("%s: params %v, want %v", c.name, a.Params, c.params)
		}
		if got := a.Command(prod); got != c.command {
			t.Errorf("%s: command\n%s\nwant\n%s", c.name, got, c.command)
		}
		if got := a.Revert(prod, providers.Receipt{}); got != c.revert {
			t.Errorf("%s: revert\n%s\nwant\n%s", c.name, got, c.revert)
		}
	}
}
