package tui_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/invoke"
)

// openInvoke opens the invoke screen of fn with an empty editor in edit
// mode.
func (h *harness) openInvoke(fn string) {
	h.t.Helper()
	h.selectFunction(fn)
	h.key("i")
	h.mustSee(fn+" › invoke", "✓ valid JSON")
	h.key("e", "ctrl+k")
}

func TestInvokeEditorShowsJSONErrorAsYouType(t *testing.T) {
	h, be, _ := actionDemo(t, 120, 40)
	h.openInvoke("checkout-api")
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
	if mutations(be) != 0 {
		t.Fatal("invalid JSON was sent")
	}
	// The user insists: raw text goes through the confirmation.
	h.key("r")
	h.mustSee("✓ raw text")
	h.key("s")
	h.mustSee("Invoke", "function checkout-api", "invocation: RequestResponse with a 9 B payload", "aws lambda invoke")
	h.confirm("")
	if be.Calls("Lambda.Invoke") != 1 {
		t.Fatalf("%d invocations", be.Calls("Lambda.Invoke"))
	}
	h.mustSee("Result · 200", "Request id")
	h.key("pgdown")
	h.mustSee("Log tail (last 4 KB)", "REPORT RequestId")
}

func TestInvokeSizeLimitsBeforeSending(t *testing.T) {
	h, be, _ := actionDemo(t, 120, 40)
	h.openInvoke("email-dispatch")
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
	if mutations(be) != 0 {
		t.Fatal("an oversized payload was sent")
	}
}

func TestInvokeTemplatesHistoryAndQualifier(t *testing.T) {
	h, be, _ := actionDemo(t, 120, 40)
	h.openInvoke("checkout-api")
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
	if be.Calls("Lambda.Invoke") != 1 {
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
	h, _, _ := actionDemo(t, 120, 40)
	h.openInvoke("checkout-api")
	h.key("esc", "?")
	h.mustSee("send…", "event template", "follow request in logs")
}

func TestInvokeThrottledAfterKillSwitch(t *testing.T) {
	h, _, j := actionDemo(t, 120, 40)
	h.selectFunction("image-resize")
	h.key("x")
	h.confirm("image-resize")
	h.key("i", "s")
	h.confirm("")
	h.mustSee("Result · failed: TooManyRequestsException", "ReservedFunctionConcurrentInvocationLimitExceeded")
	es, _, _ := j.Read(0)
	if len(es) != 2 || es[1].Result != "failed" || es[1].RequestID == "" {
		t.Fatalf("journal: %+v", es)
	}
}
