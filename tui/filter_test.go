package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func allFunctions(t *testing.T, acct *sim.Account) []providers.Function {
	t.Helper()
	var out []providers.Function
	for marker := ""; ; {
		p, err := acct.ListFunctions(context.Background(), marker)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Functions...)
		if marker = p.Next; marker == "" {
			return out
		}
	}
}

// TestFilterPython3ListsEveryPythonFunction is the acceptance
// line: at 120x40, "/python3" lists every python function, matched by
// its RUNTIME column, not by its name.
func TestFilterPython3ListsEveryPythonFunction(t *testing.T) {
	h, acct := loaded(t, 120, 40)
	var python []string
	for _, f := range allFunctions(t, acct) {
		if strings.HasPrefix(f.Runtime, "python3") {
			python = append(python, f.Name)
		}
	}
	if len(python) == 0 {
		t.Fatal("the demo has no python function")
	}
	h.key("/", "type:python3")
	if got := h.m.Rows(); got != len(python) {
		t.Fatalf("/python3 lists %d rows, want the %d python functions", got, len(python))
	}
	h.key("enter")
	h.mustSee(python...)
	// "!" leaves them out again.
	h.key("/", "ctrl+u", "type:!python3")
	if got, all := h.m.Rows(), len(allFunctions(t, acct)); got != all-len(python) {
		t.Fatalf("/!python3 lists %d rows, want %d", got, all-len(python))
	}
}

// TestFilterTasksByStatusAndIDPrefix filters the tasks view by a status
// word and by the first characters of a task id, which match as a prefix
// and never fuzzily.
func TestFilterTasksByStatusAndIDPrefix(t *testing.T) {
	h, acct := loaded(t, 200, 50)
	h.key("4")
	h.advance(2 * time.Second)
	var tasks []providers.Task
	cls, err := acct.ListClusters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cls {
		ts, err := acct.ListTasks(context.Background(), c.Name, "")
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, ts...)
	}
	if h.m.Rows() != len(tasks) {
		t.Fatalf("the tasks view lists %d rows, the account has %d tasks", h.m.Rows(), len(tasks))
	}
	// An id whose first four characters hold a digit, as most do.
	id := ""
	for _, tk := range tasks {
		if strings.ContainsAny(tk.ID[:4], "0123456789") && strings.Trim(tk.ID[:4], "0123456789abcdef") == "" {
			id = tk.ID
		}
	}
	stopped, prefixed := 0, 0
	for _, tk := range tasks {
		if tk.LastStatus == providers.TaskStopped || tk.DesiredStatus == providers.TaskStopped {
			stopped++
		}
		if strings.HasPrefix(tk.ID, id[:4]) {
			prefixed++
		}
	}
	if stopped == 0 {
		t.Fatal("the demo has no stopped task")
	}
	h.key("/", "type:STOPPED")
	if got := h.m.Rows(); got != stopped {
		t.Fatalf("/STOPPED lists %d rows, want %d", got, stopped)
	}
	h.key("esc", "/", "type:"+id[:4])
	if got := h.m.Rows(); got != prefixed {
		t.Fatalf("/%s lists %d rows, want the %d whose id starts with it", id[:4], got, prefixed)
	}
	h.key("enter")
	h.mustSee(id)
}

// TestFilterRegexOffTheLoop filters 10,000 functions with a regular
// expression, which runs as a Cmd (off the event loop) and lands on the
// table when it returns.
func TestFilterRegexOffTheLoop(t *testing.T) {
	h, acct := loaded(t, 120, 40, functions(10_000))
	want := 0
	for _, f := range allFunctions(t, acct) {
		if strings.HasPrefix(f.Name, "checkout-") {
			want++
		}
	}
	if want == 0 {
		t.Fatal("no checkout- function at 10k")
	}
	// Update alone leaves the table as it was: the work is in the Cmd.
	h.updateOnly("/")
	for _, r := range "~^checkout-" {
		h.updateOnly(string(r))
	}
	if got := h.m.Rows(); got == want {
		t.Fatalf("the regex ran inside Update: %d rows", got)
	}
	h.key("backspace", "type:-")
	if got := h.m.Rows(); got != want {
		t.Fatalf("/~^checkout- lists %d rows, want %d", got, want)
	}
}
