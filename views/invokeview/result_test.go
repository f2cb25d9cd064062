package invokeview_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/invokeview"
)

func TestResultIsSanitizedAndBounded(t *testing.T) {
	st := viewtest.Dark()
	hostile := "\x1b]52;c;aGVsbG8=\x07\x1b[2J\u202eevil"
	res := &providers.InvokeResult{StatusCode: 200, RequestID: "r1", ExecutedVersion: "5",
		Payload: []byte(`{"msg":"` + strings.ReplaceAll(hostile, "\x1b", `\u001b`) + `"}` + "\n"),
		LogTail: "START RequestId: r1\n" + hostile + "\nREPORT RequestId: r1\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 120 MB\t\n"}
	lines := invokeview.Lines(st, invokeview.Result{Res: res}, 80)
	all := strings.Join(lines, "\n")
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u202e", "\x07"} {
		if strings.Contains(all, bad) {
			t.Fatalf("result view carries %q", bad)
		}
	}
	plain := ansi.Strip(all)
	for _, want := range []string{"Executed     version 5", "1.5 ms (billed 2 ms)", "120 of 128 MB used", "Start        warm", "Log tail"} {
		if !strings.Contains(plain, want) {
			t.Errorf("missing %q:\n%s", want, plain)
		}
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 78 {
			t.Fatalf("a line of %d cells at width 80: %q", w, ansi.Strip(l))
		}
	}
	// A 6 MB response is shown bounded and not pretty-printed.
	big := []byte(`[` + strings.Repeat(`"xxxxxxxxxx",`, 6<<20/13) + `"x"]`)
	lines = invokeview.Lines(st, invokeview.Result{Res: &providers.InvokeResult{StatusCode: 200, Payload: big}}, 200)
	if len(lines) > 5100 {
		t.Fatalf("%d lines for a 6 MB response", len(lines))
	}
	if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "more lines not shown") && !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "[cut ") {
		t.Fatal("a 6 MB response shows no sign of being cut")
	}
}

func TestSummary(t *testing.T) {
	for _, c := range []struct {
		r    invokeview.Result
		want string
	}{
		{invokeview.Result{Err: "TooManyRequestsException: Rate Exceeded."}, "failed: TooManyRequestsException"},
		{invokeview.Result{Res: &providers.InvokeResult{StatusCode: 202}}, "202 · queued (Event)"},
		{invokeview.Result{Res: &providers.InvokeResult{StatusCode: 204}}, "204 · dry run passed"},
		{invokeview.Result{Res: &providers.InvokeResult{StatusCode: 200, FunctionError: "Unhandled",
			LogTail: "REPORT RequestId: x\tDuration: 10.00 ms\tInit Duration: 100 ms"}}, "200 · function error Unhandled · 10 ms cold"},
	} {
		if got := invokeview.Summary(c.r); !strings.HasPrefix(got, c.want) {
			t.Errorf("Summary = %q, want %q", got, c.want)
		}
	}
}

// BenchmarkResultLines6MB builds the result view of a 6 MB response: it
// runs once when the result arrives.
func BenchmarkResultLines6MB(b *testing.B) {
	st := viewtest.Dark()
	big := []byte(`{"items":[` + strings.Repeat(`{"id":"abcdefgh","n":12345},`, 6<<20/28) + `{}]}`)
	res := &providers.InvokeResult{StatusCode: 200, Payload: big}
	b.ReportAllocs()
	for b.Loop() {
		invokeview.Lines(st, invokeview.Result{Res: res}, 200)
	}
}

// BenchmarkEditorKeystroke is one key in the payload editor holding the
// largest document the invoke screen lets it edit (300 lines), with its
// view.
func BenchmarkEditorKeystroke(b *testing.B) {
	st := viewtest.Dark()
	e := invokeview.NewEditor(st)
	e.SetSize(120, 16)
	var sb strings.Builder
	sb.WriteString("{\n")
	for range 298 {
		sb.WriteString(`  "key": "value value value value",` + "\n")
	}
	sb.WriteString(`  "end": 1` + "\n}")
	e.SetValue(sb.String())
	e.Focus()
	b.ReportAllocs()
	for b.Loop() {
		e.Update(keyX)
		_ = e.View()
	}
}
