package tui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/invoke"
)

// invokeDemo is an action demo at 120x40 on the invoke screen of fn,
// with an empty editor in edit mode.
func invokeDemo(t *testing.T, fn string, opts ...harnessOpt) *harness {
	t.Helper()
	h, _, _ := actionDemo(t, 120, 40, opts...)
	h.openInvoke(fn)
	return h
}

// openInvoke opens the invoke screen of fn with an empty editor in edit
// mode.
func (h *harness) openInvoke(fn string) {
	h.t.Helper()
	h.fnAction(fn, "i")
	h.mustSee(fn+" › invoke", "✓ valid JSON")
	h.key("e", "ctrl+k")
}

func TestInvokeEditorShowsJSONErrorAsYouType(t *testing.T) {
	h := invokeDemo(t, "checkout-api")
	h.key("type:{\"a\": ")
	h.mustSee("✗ line 1, column 7: unexpected end of JSON input")
	h.key("type:}")
	h.mustSee("✗ line 1, column 7: invalid character '}' looking for beginning of value")
	h.key("enter", "type:x")
	// Still the first error; the editor keeps the text.
	h.mustSee("line 1, column 7", "{\"a\": }")
	h.key("esc", "s")
	h.mustSee("not sent: line 1, column 7", "r sends it as raw text")
	h.mustNotSee("Confirm ]")
	if mutations(h.acct) != 0 {
		t.Fatal("invalid JSON was sent")
	}
	// The user insists: raw text goes through the confirmation.
	h.key("r")
	h.mustSee("✓ raw text")
	h.key("s")
	h.mustSee("Invoke", "function checkout-api", "invocation: RequestResponse with a 9 B payload", "aws lambda invoke")
	h.confirm("")
	if h.acct.Calls("Lambda.Invoke") != 1 {
		t.Fatalf("%d invocations", h.acct.Calls("Lambda.Invoke"))
	}
	h.mustSee("Result · 200", "Request id")
	h.key("pgdown")
	h.mustSee("Log tail (last 4 KB)", "REPORT RequestId")
}

func TestInvokeSizeLimitsBeforeSending(t *testing.T) {
	h := invokeDemo(t, "email-dispatch")
	big := `"` + strings.Repeat("x", invoke.AsyncLimit) + `"`
	h.send(tea.PasteMsg{Content: big})
	h.advance(time.Second)
	h.mustSee("✓ valid JSON", "256.0 KB of 6 MB", "too large to edit here; sent as it is")
	h.key("e")
	h.mustSee("too large to edit here (256.0 KB)")
	h.key("t") // Event
	h.advance(time.Second)
	h.mustSee("Event · qualifier", "✗ payload is 256.0 KB; Event invocations accept at most 256 KB")
	h.key("s")
	h.mustSee("not sent: payload is 256.0 KB")
	h.key("t", "t") // DryRun, then RequestResponse again
	h.advance(time.Second)
	h.mustSee("✓ valid JSON")
	if mutations(h.acct) != 0 {
		t.Fatal("an oversized payload was sent")
	}
}

func TestInvokeTemplatesHistoryAndQualifier(t *testing.T) {
	h := invokeDemo(t, "checkout-api")
	h.key("esc", "T")
	h.mustSee("apigateway-v1", "dynamodb-stream", "EventBridge scheduled event")
	h.key("type:dynamodb", "enter")
	h.mustSee(`"Records"`, `"eventName": "INSERT"`, "✓ valid JSON")
	h.key("v", "type:live", "enter")
	h.mustSee("qualifier live")
	h.key("s")
	h.mustSee("function checkout-api:live", "--qualifier live")
	h.confirm("")
	h.mustSee("Executed     version ")
	if h.acct.Calls("Lambda.Invoke") != 1 {
		t.Fatal("not invoked")
	}
	// Back later: the last payload, qualifier and type come back.
	h.key("esc")
	h.key("i")
	h.mustSee(`"eventName": "INSERT"`, "qualifier live")
	h.key("h")
	h.mustSee("#1", "RequestResponse")
	h.key("esc")
}

func TestInvokeHelpListsFollowInLogs(t *testing.T) {
	h := invokeDemo(t, "checkout-api")
	h.key("esc", "?")
	h.mustSee("send…", "event template", "follow request in logs")
}

func TestInvokeThrottledAfterKillSwitch(t *testing.T) {
	h, _, j := actionDemo(t, 120, 40)
	h.fnAction("image-resize", "x")
	h.confirm("image-resize")
	h.key("i", "s")
	h.confirm("")
	h.mustSee("Result · failed: TooManyRequestsException", "ReservedFunctionConcurrentInvocationLimitExceeded")
	es, _, _ := j.Read(0)
	if len(es) != 2 || es[1].Result != "failed" || es[1].RequestID == "" {
		t.Fatalf("journal: %+v", es)
	}
}

// TestInvokeThenFollowTheRequestInLogs goes through the real hook: after a
// synchronous invocation, L opens the function's log pane showing that
// request's lines only.
func TestInvokeThenFollowTheRequestInLogs(t *testing.T) {
	h, _ := newDemo(t, 160, 40)
	h.key("/", "type:checkout-api", "enter", "i", "s", "sleep:400ms", "tab", "y")
	m := regexp.MustCompile(`request ([0-9a-f-]{36})`).FindStringSubmatch(h.screen())
	if m == nil {
		t.Fatalf("no request id after the invocation:\n%s", h.screen())
	}
	rid := m[1]
	h.advance(time.Minute) // the invocation's minute ends; its lines are in
	h.key("L")
	h.advance(3 * time.Second)
	h.mustSee("checkout-api › logs › request "+rid[:8], "REPORT")
	for _, line := range strings.Split(h.screen(), "\n")[3:] {
		if strings.Contains(line, "RequestId") && !strings.Contains(line, rid) {
			t.Fatalf("a line of another request is shown: %q\n%s", line, h.screen())
		}
	}
}
