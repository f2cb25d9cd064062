package tui_test

import (
	"context"
	"os/exec"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/ecsexec"
	"github.com/virgahq/virga/providers"
)

// realAccount is the simulated account without the demo label, as a real
// account looks to the TUI: ECS Exec builds its command there.
type realAccount struct{ onAccount }

func (r realAccount) Identity(ctx context.Context) (providers.Identity, error) {
	id, err := r.Account.Identity(ctx)
	id.Demo, id.Profile = false, "ops"
	return id, err
}

// execRecorder stands in for tea.ExecProcess: it keeps the command line
// and starts nothing.
type execRecorder struct{ runs [][]string }

func (e *execRecorder) opt(look ecsexec.LookPath) harnessOpt {
	return func(o *setup) {
		o.LookPath = look
		o.EndpointURL = "http://127.0.0.1:5000"
		o.Exec = func(c *exec.Cmd, _ tea.ExecCallback) tea.Cmd {
			e.runs = append(e.runs, c.Args)
			return nil
		}
	}
}

func tools(names ...string) ecsexec.LookPath {
	return func(file string) (string, error) {
		if slices.Contains(names, file) {
			return "/usr/bin/" + file, nil
		}
		return "", exec.ErrNotFound
	}
}

var allTools = tools(ecsexec.AWSCLI, ecsexec.Plugin)

func execHarness(t *testing.T, look ecsexec.LookPath, opts ...harnessOpt) (*harness, *execRecorder) {
	t.Helper()
	rec := &execRecorder{}
	// The test's options come last, so one can take Exec away.
	h, _ := newDemo(t, 240, 50, append([]harnessOpt{over(&realAccount{}), rec.opt(look)}, opts...)...)
	return h, rec
}

// selectTask filters the tasks table down to a running task of service.
func selectTask(h *harness, cluster, service string) providers.Task {
	h.t.Helper()
	id := runningTask(h, cluster, service)
	h.press("4", "/", "ctrl+u", "type:"+id, "enter")
	tasks, _ := h.m.Backend().ListTasks(h.t.Context(), cluster, service)
	for _, t := range tasks {
		if t.ID == id {
			return t
		}
	}
	h.t.Fatalf("task %s gone", id)
	return providers.Task{}
}

func TestExecOpensShellOnEnabledTask(t *testing.T) {
	h, rec := execHarness(t, allTools)
	task := selectTask(h, "prod-api", "cart-api")
	if !task.ExecEnabled {
		t.Fatal("demo cart-api tasks should have exec enabled")
	}
	h.key("x")
	if len(rec.runs) != 1 {
		t.Fatalf("x ran %d commands, want 1; screen:\n%s", len(rec.runs), h.screen())
	}
	want := []string{"aws", "ecs", "execute-command", "--cluster", "prod-api", "--task", task.ARN,
		"--container", task.Containers[0].Name, "--interactive", "--command", "/bin/sh",
		"--region", "us-east-1", "--profile", "ops", "--endpoint-url", "http://127.0.0.1:5000"}
	if !slices.Equal(rec.runs[0], want) {
		t.Fatalf("command:\n got %q\nwant %q", rec.runs[0], want)
	}
	// From the detail pane too.
	h.key("tab", "x")
	if len(rec.runs) != 2 {
		t.Fatalf("x in the detail pane ran %d commands in all, want 2", len(rec.runs))
	}
}

func TestExecRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, service string
		look          ecsexec.LookPath
		opts          []harnessOpt
		want          string
	}{
		{"exec disabled", "catalog-api", allTools, nil, "exec is not enabled on this task: its service needs enableExecuteCommand"},
		{"no plugin", "cart-api", tools(ecsexec.AWSCLI), nil, "ECS Exec needs session-manager-plugin on PATH: https://docs.aws.amazon.com/systems-manager/"},
		{"no aws", "cart-api", tools(ecsexec.Plugin), nil, "ECS Exec needs the aws CLI on PATH"},
		{"read-only", "cart-api", allTools, []harnessOpt{readOnly}, "read-only mode: shell in container (ECS Exec) is disabled"},
		// virga serve passes no Exec: the shell would take the server's
		// terminal.
		{"serve", "cart-api", allTools, []harnessOpt{func(o *setup) { o.Exec = nil }}, "ECS Exec is not available here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, rec := execHarness(t, tc.look, tc.opts...)
			selectTask(h, "prod-api", tc.service)
			h.key("x")
			if len(rec.runs) != 0 {
				t.Fatalf("ran %q", rec.runs)
			}
			h.mustSee(tc.want)
		})
	}
}

func TestExecRefusesStoppedTask(t *testing.T) {
	h, rec := execHarness(t, allTools)
	task := selectTask(h, "prod-api", "cart-api")
	if _, err := h.m.Backend().(providers.TaskStopper).StopTask(t.Context(), task.Cluster, task.ARN, "test"); err != nil {
		t.Fatal(err)
	}
	h.advance(2 * time.Minute)
	h.press("ctrl+r")
	h.key("x")
	if len(rec.runs) != 0 {
		t.Fatalf("ran %q on a stopped task", rec.runs)
	}
	h.mustSee("task is not running")
}

// In the demo there is no container to connect to: x shows the command it
// would run against AWS instead of running it.
func TestExecInDemoShowsCommand(t *testing.T) {
	rec := &execRecorder{}
	h, _ := newDemo(t, 240, 50, rec.opt(allTools))
	task := selectTask(h, "prod-api", "cart-api")
	h.key("x")
	if len(rec.runs) != 0 {
		t.Fatalf("ran %q in the demo", rec.runs)
	}
	h.mustSee("demo: no real container; against AWS this runs aws ecs execute-command --cluster prod-api --task " + task.ARN)
}

func TestExecKeyInHelp(t *testing.T) {
	h, _ := execHarness(t, allTools)
	h.key("4", "?")
	h.mustSee("shell in container (ECS Exec)")
}

// providers/aws reads enableExecuteCommand from DescribeTasks.
func TestExecEnabledOverTheWire(t *testing.T) {
	_, _, p := newWireDemo(t, 80, 24)
	for svc, want := range map[string]bool{"cart-api": true, "catalog-api": false} {
		tasks, err := p.ListTasks(t.Context(), "prod-api", svc)
		if err != nil || len(tasks) == 0 {
			t.Fatalf("ListTasks %s: %d tasks, %v", svc, len(tasks), err)
		}
		for _, task := range tasks {
			if task.ExecEnabled != want {
				t.Errorf("%s task %s: ExecEnabled = %v, want %v", svc, task.ID, task.ExecEnabled, want)
			}
		}
	}
}
