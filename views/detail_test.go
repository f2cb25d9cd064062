package views_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
)

// TestServiceDetailTaskDefAndEvents: the service detail lists its task
// definition's containers (image, size, ports, health check, logs) and
// wraps a long event under itself instead of cutting it.
func TestServiceDetailTaskDefAndEvents(t *testing.T) {
	st := viewtest.Dark()
	s := viewtest.Services()[2]
	const width = 60
	out := views.ServiceDetail(st, s, viewtest.Now(), views.ECSContext{TaskDef: viewtest.TaskDef(), Width: width})
	var plain []string
	inEvents := false
	for i, l := range out {
		p := ansi.Strip(l)
		plain = append(plain, p)
		switch {
		case strings.HasPrefix(p, "Events ("):
			inEvents = true
		case p == "" || strings.HasPrefix(p, "Task definition"):
			inEvents = false
		case inEvents:
			// The event lines are wrapped to the width; the pane cuts
			// the others as before.
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("event line %d is %d cells: %q", i, w, p)
			}
		}
	}
	text := strings.Join(plain, "\n")
	for _, want := range []string{"Task definition recommendations:7", "1024 CPU units · 2048 MiB",
		"recommendations:1.7.0", "768 CPU · 1536 MiB · essential", "ports 8080/tcp",
		"health curl -fsS http://localhost:8080/health || exit 1 · every 30s, timeout 5s, 3 retries, grace 60s",
		"logs awslogs → /ecs/recommendations (prefix ecs)", "datadog-agent", "ports 8126/tcp"} {
		if !strings.Contains(text, want) {
			t.Errorf("the detail does not say %q:\n%s", want, text)
		}
	}
	event := s.Events[0].Message
	_, after, ok := strings.Cut(text, "Events (1)\n")
	if !ok {
		t.Fatalf("no events section:\n%s", text)
	}
	after, _, _ = strings.Cut(after, "\n\n")
	if got := strings.Join(strings.Fields(after), " "); !strings.Contains(got, event) {
		t.Errorf("the event is cut: %q, want all of %q", got, event)
	}
	if strings.Count(after, "\n") < 1 {
		t.Errorf("a %d-character event did not wrap at %d columns: %q", len(event), width, after)
	}
}

func TestTaskDetailTaskDefStates(t *testing.T) {
	st := viewtest.Dark()
	tk := viewtest.Tasks()[3]
	loading := viewtest.Plain(views.TaskDetail(st, tk, viewtest.Now(), views.ECSContext{Loading: true})...)
	if !strings.Contains(loading, "Task definition\nloading…") {
		t.Errorf("no loading state:\n%s", loading)
	}
	exit := viewtest.Plain(views.TaskDetail(st, tk, viewtest.Now(), views.ECSContext{TaskDef: viewtest.TaskDef()})...)
	if !strings.Contains(exit, "exit ") || !strings.Contains(exit, "health curl") {
		t.Errorf("the task detail lacks its exit code or its definition:\n%s", exit)
	}
}

// TestTaskDetailGroupsStoppedByCode: the stopped tasks of the view are
// counted per stop code, the most frequent first, each with its latest
// reason; running tasks are left out.
func TestTaskDetailGroupsStoppedByCode(t *testing.T) {
	st := viewtest.Dark()
	tasks := viewtest.Tasks()
	crash := tasks[3]
	for range 3 {
		tasks = append(tasks, crash)
	}
	out := viewtest.Plain(views.TaskDetail(st, tasks[0], viewtest.Now(), views.ECSContext{Tasks: tasks})...)
	_, groups, ok := strings.Cut(out, "Stopped tasks here (")
	if !ok {
		t.Fatalf("no stopped-task groups:\n%s", out)
	}
	stopped := 0
	for _, tk := range tasks {
		if tk.LastStatus == "STOPPED" {
			stopped++
		}
	}
	if !strings.HasPrefix(groups, strconv.Itoa(stopped)+") by stop code") {
		t.Errorf("count: %q, want %d stopped", groups[:30], stopped)
	}
	first := strings.Split(groups, "\n")[1]
	if !strings.HasPrefix(first, "4×") || !strings.Contains(first, crash.StopCode) {
		t.Errorf("the largest group should come first, 4× %s: %q\n%s", crash.StopCode, first, groups)
	}
	if !strings.Contains(groups, crash.StoppedReason[:20]) {
		t.Errorf("the group lacks its latest reason:\n%s", groups)
	}
}

// TestDetailEmptySections: a section with nothing in it says so instead
// of a heading over nothing.
func TestDetailEmptySections(t *testing.T) {
	st := viewtest.Dark()
	r := viewtest.FunctionRows()[0]
	d := viewtest.CheckoutDetail()
	d.Versions, d.Aliases = nil, nil
	fn := viewtest.Plain(views.FunctionDetail(st, r.Fn, d, r.Live, -1, viewtest.Now())...)
	svc := viewtest.Services()[0]
	svc.Deployments, svc.Events = nil, nil
	service := viewtest.Plain(views.ServiceDetail(st, svc, viewtest.Now(), views.ECSContext{})...)
	task := viewtest.Tasks()[0]
	task.Containers = nil
	tk := viewtest.Plain(views.TaskDetail(st, task, viewtest.Now(), views.ECSContext{})...)
	for _, c := range []struct{ text, section, want string }{
		{fn, "Versions (0)", "none published"},
		{fn, "Aliases (0)", "none"},
		{service, "Deployments (0)", "none"},
		{service, "Events (0)", "none"},
		{tk, "Containers (0)", "none reported yet"},
	} {
		_, after, ok := strings.Cut(c.text, c.section+"\n")
		if !ok {
			t.Fatalf("no section %q in:\n%s", c.section, c.text)
		}
		if next, _, _ := strings.Cut(after, "\n"); !strings.Contains(next, c.want) {
			t.Errorf("under %q: %q, want %q", c.section, next, c.want)
		}
	}
}
