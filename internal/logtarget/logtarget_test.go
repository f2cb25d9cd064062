package logtarget_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

func newAccount() *sim.Account {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	return sim.New(sim.Config{Seed: 1, Now: func() time.Time { return now }})
}

// TestFunctionsOneCallEach: a function's group comes from its logging
// configuration with one GetFunction call; a group already known costs
// nothing; a missing function is an error; one whose configuration cannot
// be read falls back to its default group and says so.
func TestFunctionsOneCallEach(t *testing.T) {
	a := newAccount()
	ctx := context.Background()
	ts, notes, err := logtarget.Functions(ctx, a, []string{"audit-log-writer", "checkout-api", "user-signup"}, map[string]string{"user-signup": "/known/group"})
	if err != nil || len(notes) > 0 {
		t.Fatal(err, notes)
	}
	want := []logtarget.Target{
		{Name: "audit-log-writer", Group: "/custom/platform/audit-log-writer"},
		{Name: "checkout-api", Group: "/aws/lambda/checkout-api"},
		{Name: "user-signup", Group: "/known/group"},
	}
	for i := range want {
		if ts[i].Name != want[i].Name || ts[i].Group != want[i].Group {
			t.Fatalf("target %d = %+v, want %+v", i, ts[i], want[i])
		}
	}
	if n := a.Calls("Lambda.GetFunction"); n != 2 {
		t.Fatalf("%d GetFunction calls for two unknown functions", n)
	}
	if _, _, err := logtarget.Functions(ctx, a, []string{"no-such-function"}, nil); providers.KindOf(err) != providers.ErrNotFound {
		t.Fatalf("missing function: %v", err)
	}
	// A function read elsewhere (the metrics screen's REPORT lines) logs
	// where its configuration says, else in its default group.
	for _, f := range []providers.Function{{Name: "a", LogGroup: "/custom/a"}, {Name: "b"}} {
		if got, want := logtarget.FunctionGroup(f), map[string]string{"a": "/custom/a", "b": "/aws/lambda/b"}[f.Name]; got != want {
			t.Fatalf("FunctionGroup(%+v) = %q, want %q", f, got, want)
		}
	}
	a.SetFault("Lambda.GetFunction", sim.Fault{Kind: providers.ErrAccessDenied})
	ts, notes, err = logtarget.Functions(ctx, a, []string{"audit-log-writer"}, nil)
	if err != nil || ts[0].Group != "/aws/lambda/audit-log-writer" || len(notes) != 1 || !strings.Contains(notes[0], "lambda:GetFunction") {
		t.Fatalf("denied: %+v %q %v", ts, notes, err)
	}
}

// TestServiceAndTask: a service's containers are read with every task
// tagged; a task's with its own streams; containers that log elsewhere
// are named in notes.
func TestServiceAndTask(t *testing.T) {
	a := newAccount()
	ctx := context.Background()
	ts, notes, err := logtarget.Service(ctx, a, "prod-api", "graphql-gateway")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) == 0 || ts[0].Prefix == "" || !ts[0].TaskTag || len(ts[0].Streams) > 0 {
		t.Fatalf("service targets %+v", ts)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "FireLens") {
		t.Fatalf("notes %q", notes)
	}
	tasks, err := a.ListTasks(ctx, "prod-api", "graphql-gateway")
	if err != nil || len(tasks) == 0 {
		t.Fatal(err)
	}
	ts, _, err = logtarget.Task(ctx, a, "prod-api", tasks[0].ID[:8], "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) == 0 || len(ts[0].Streams) != 1 || !strings.HasSuffix(ts[0].Streams[0], "/"+tasks[0].ID) || ts[0].TaskTag {
		t.Fatalf("task targets %+v", ts)
	}
	if got := logtarget.TaskID(ts[0].Streams[0]); got != tasks[0].ID {
		t.Fatalf("TaskID %q", got)
	}
	if _, _, err := logtarget.Service(ctx, a, "prod-api", "nope"); err == nil {
		t.Fatal("missing service accepted")
	}
	if _, _, err := logtarget.Task(ctx, a, "prod-api", "ffffffff", ""); err == nil {
		t.Fatal("missing task accepted")
	}
}
