package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
)

// line returns the first line of the screen that holds part, or "".
func (h *harness) line(part string) string {
	for l := range strings.SplitSeq(h.screen(), "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}

// TestClusterColumnAllClusters: the all-clusters tasks and services views
// name each row's cluster; a view of one cluster names it in its title
// instead of in a column.
func TestClusterColumnAllClusters(t *testing.T) {
	h, _ := loaded(t, 160, 45)
	h.key("4")
	h.advance(2 * time.Second)
	if hdr := h.line("TASK "); !strings.Contains(hdr, "CLUSTER") {
		t.Fatalf("all-clusters tasks header has no CLUSTER column: %q\n%s", hdr, h.screen())
	}
	h.mustSee("prod-workers")
	h.key("3")
	h.advance(2 * time.Second)
	if hdr := h.line("SERVICE "); !strings.Contains(hdr, "CLUSTER") {
		t.Fatalf("all-clusters services header has no CLUSTER column: %q", hdr)
	}

	h.key(":", "type:tasks staging", "enter")
	h.advance(2 * time.Second)
	if crumb := h.line(" tasks "); !strings.Contains(crumb, "tasks › staging") {
		t.Fatalf("the title does not name the cluster: %q\n%s", crumb, h.screen())
	}
	if hdr := h.line("TASK "); strings.Contains(hdr, "CLUSTER") {
		t.Fatalf("one cluster's tasks repeat the cluster on every row: %q", hdr)
	}
}

// TestConfirmAtMinimumSize: at 60x12 the confirmation over the screen
// still shows the resource, the change, its effect and the buttons.
func TestConfirmAtMinimumSize(t *testing.T) {
	h, _ := loaded(t, 60, 12)
	h.key("/", "type:image-resize", "enter", "x", "sleep:400ms")
	h.mustSee("resource", "image-resize", "change", "reserved concurrency", "effect", "Cancel", "Confirm")
}

// TestCrumbsNeverRepeatNorRunIntoInfo walks to the deepest screens at
// 80x24: each level shows once, and the last stays clear of the info.
func TestCrumbsNeverRepeatNorRunIntoInfo(t *testing.T) {
	for _, c := range []struct {
		keys      []string
		want, bad string
	}{
		{[]string{"2", "enter", "enter", "l"}, "› logs  ", ""},
		{[]string{"2", "enter", "enter", "m"}, "› checkout-web › tasks › metrics", "prod-api/"},
		{[]string{":", "type:journal", "enter", ":", "type:journal", "enter"}, "› journal  ", "journal › journal"},
	} {
		h, _ := loaded(t, 80, 24)
		h.key(c.keys...)
		h.advance(2 * time.Second)
		crumb := strings.Split(h.screen(), "\n")[1]
		if !strings.Contains(crumb, c.want) || c.bad != "" && strings.Contains(crumb, c.bad) {
			t.Errorf("%q: crumbs %q, want %q and not %q", c.keys, crumb, c.want, c.bad)
		}
	}
	// One journal on the stack: esc from it goes back to the table.
	h, _ := loaded(t, 80, 24)
	h.key(":", "type:journal", "enter", ":", "type:journal", "enter", "esc")
	h.mustSee("functions (")
}

// TestDetailWrapToggle: in the detail a long value is cut to the width
// until w wraps it; w again cuts it back.
func TestDetailWrapToggle(t *testing.T) {
	h, _ := loaded(t, 80, 24)
	h.key("3", "tab")
	h.advance(2 * time.Second)
	h.mustSee("0 failed · …")
	h.mustNotSee("40h ago", "· wrap")
	h.key("w")
	h.mustSee("· wrap")
	if l := h.line("40h ago"); !strings.HasPrefix(strings.TrimSpace(l), "40h ago") || !strings.HasPrefix(l, strings.Repeat(" ", 16)) {
		t.Fatalf("the wrapped value does not continue under the value column: %q\n%s", l, h.screen())
	}
	h.key("w")
	h.mustSee("0 failed · …")
	h.mustNotSee("40h ago", "· wrap")
}

// TestSplitGivesDetailUnusedRoom: at 200 columns a table whose columns
// need less than three fifths (the clusters) leaves the rest to the
// detail; the functions table, which uses its room, keeps it.
func TestSplitGivesDetailUnusedRoom(t *testing.T) {
	h, _ := loaded(t, 200, 50)
	split := func() int {
		l := strings.Split(h.screen(), "\n")[3]
		return len([]rune(l[:strings.Index(l, "│")]))
	}
	if got := split(); got != 120 {
		t.Fatalf("functions: the detail starts at column %d, want 120", got)
	}
	h.key("2")
	h.advance(2 * time.Second)
	if got := split(); got >= 120 || got < 80 {
		t.Fatalf("clusters: the detail starts at column %d, want within 80..119", got)
	}
	h.mustSee("prod-workers     ACTIVE", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-api")
}

// TestJournalDetailShowsErrorAndScrolls: at 80x24 a failed action's
// error is on screen as soon as the entry is selected, and tab lets the
// detail scroll to its last line.
func TestJournalDetailShowsErrorAndScrolls(t *testing.T) {
	j := journal.Memory("ana@laptop")
	long := "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/oncall/ana is not authorized to perform: " +
		"ecs:UpdateService on resource: arn:aws:ecs:us-east-1:123456789012:service/prod-api/recommendations because no " +
		"identity-based policy allows the ecs:UpdateService action"
	if err := j.Append(journal.Entry{Time: start, Actor: "ana@laptop", Source: "tui", Account: "123456789012", Region: "us-east-1",
		Action: "ecs.redeploy", Resource: "service/prod-api/recommendations", Result: journal.ResultFailed, Error: long,
		Command:   "aws ecs update-service --cluster prod-api --service recommendations --force-new-deployment --region us-east-1",
		Params:    map[string]string{"cluster": "prod-api", "service": "recommendations", "reason": "stuck tasks after the 14:05 deploy"},
		RequestID: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}); err != nil {
		t.Fatal(err)
	}
	h, _ := loaded(t, 80, 24, journaled(j))
	h.press(":", "type:journal", "enter")
	h.mustSee("error", "AccessDeniedException", "identity-based policy allows")
	h.mustNotSee("0f1e2d3c-4b5a")
	h.key("tab", "G")
	h.mustSee("request", "0f1e2d3c-4b5a")
	h.key("g")
	h.mustSee("AccessDeniedException")
	h.mustNotSee("0f1e2d3c-4b5a")
}

// TestStatusErrorOpensInFull: an error the status line cuts at 80
// columns opens in full with !, wrapped, and esc closes it.
func TestStatusErrorOpensInFull(t *testing.T) {
	h, _ := loaded(t, 80, 24, failing("ECS.ListClusters", providers.ErrAccessDenied))
	h.press("2")
	status := h.line("! details")
	if status == "" {
		t.Fatalf("the status line offers no details key:\n%s", h.screen())
	}
	h.key("!")
	h.mustSee("Last error — esc closes", "ecs:ListClusters", "kind", "access denied", "operation")
	if got := h.screen(); !strings.Contains(strings.Join(strings.Fields(got), " "), strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(strings.SplitN(status, "! details", 2)[0]), "…")), " ")) {
		t.Fatalf("the pane does not hold the status line's text %q:\n%s", status, got)
	}
	h.key("esc")
	h.mustNotSee("Last error")
}

// TestECSDetailShowsTaskDefinition: the service and task details read the
// task definition once and show its containers' ports, health check and
// logs; the task detail keeps its exit codes.
func TestECSDetailShowsTaskDefinition(t *testing.T) {
	h, be := newCountingDemo(t, 160, 45)
	h.advance(2 * time.Second)
	h.key("3")
	h.advance(2 * time.Second)
	h.key("tab", "G") // the definition comes after the events
	h.mustSee("Task definition checkout-web:", "ports 8080/tcp", "health curl -fsS http://localhost:8080/health", "logs awslogs → ")
	h.key("tab", "2", "enter", "/", "type:catalog-api", "enter", "enter")
	h.advance(2 * time.Second)
	h.mustSee("Containers (1)", "Task definition catalog-api:", "ports 8080/tcp")
	reads := be.n("ECS.DescribeTaskDefinition")
	h.press("j", "k", "j", "k")
	if again := be.n("ECS.DescribeTaskDefinition"); again > reads+1 {
		t.Errorf("moving between tasks of one revision read the definition %d more times", again-reads)
	}
}

// describing is the simulated account with a Describer, as providers/aws
// has one: it returns a small GetFunction-like document.
type describing struct{ onAccount }

func (d describing) Describe(_ context.Context, req providers.DescribeRequest) ([]byte, error) {
	return []byte(`{"Configuration":{"FunctionName":"` + req.Name + `","Runtime":"python3.12","Handler":"app.handler"}}`), nil
}

// TestRawViewShowsJSONAndCopies: y opens the selection's API document,
// pretty-printed, with its ARN and console URL; c copies the ARN.
func TestRawViewShowsJSONAndCopies(t *testing.T) {
	h, _ := loaded(t, 80, 24, over(&describing{}))
	h.key("/", "type:checkout-api", "enter", "y")
	h.mustSee("function checkout-api — raw", "ARN            arn:aws:lambda:us-east-1:",
		"console        https://us-east-1.console.aws.amazon.com/lambda/home?region=", "#/functions/checkout-api", `"FunctionName": "checkout-api",`, `  "Runtime"`)
	h.key("c")
	h.mustSee("ARN copied to the clipboard")
	h.key("esc")
	h.mustNotSee("— raw")
	h.mustSee("functions (1/48)")
}
