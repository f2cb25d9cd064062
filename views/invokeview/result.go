package invokeview

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Result is one invocation's outcome as the screen shows it.
type Result struct {
	Function  string
	Qualifier string
	Type      providers.InvocationType
	// Res is nil when the call failed; Err then says why.
	Res       *providers.InvokeResult
	Err       string
	RequestID string
}

// maxResultLines bounds the response and the log tail on screen.
const maxResultLines = 5000

// Summary is the one-line verdict for the pane title and status line.
func Summary(r Result) string {
	if r.Res == nil {
		return "failed: " + r.Err
	}
	s := strconv.Itoa(r.Res.StatusCode)
	switch {
	case r.Res.FunctionError != "":
		s += " · function error " + r.Res.FunctionError
	case r.Res.StatusCode == 202:
		s += " · queued (Event)"
	case r.Res.StatusCode == 204:
		s += " · dry run passed"
	default:
		s += " · ok"
	}
	if rep, ok := providers.LastReport(r.Res.LogTail); ok {
		s += " · " + formatMs(rep.Duration)
		if rep.Cold() {
			s += " cold"
		}
	}
	return s
}

// Lines renders the result for a pane width wide: facts first, then the
// response, then the log tail, long lines wrapped so nothing is cut off.
// It runs when the result arrives (or the width changes), never in View.
func Lines(st *theme.Styles, r Result, width int) []string {
	w := max(width-2, 20)
	var out []string
	kv := func(label, value string, tone interface{ Render(...string) string }) {
		out = append(out, st.Pane.Label.Render(kit.Fit(label, 12))+" "+tone.Render(sanitize.Line(value)))
	}
	section := func(title string, tone interface{ Render(...string) string }) {
		out = append(out, "", tone.Render(title))
	}
	if r.Res == nil {
		kv("Outcome", "not invoked", st.Text.Err)
		kv("Error", r.Err, st.Text.Err)
		if r.RequestID != "" {
			kv("Request id", r.RequestID, st.Pane.Value)
		}
		return out
	}
	res := r.Res
	status := strconv.Itoa(res.StatusCode)
	switch res.StatusCode {
	case 202:
		status += " accepted: queued for an asynchronous run (no response or log tail)"
	case 204:
		status += " dry run: permissions and parameters are valid; the function did not run"
	}
	statusTone := st.Text.OK
	if res.FunctionError != "" {
		statusTone = st.Text.Err
	}
	kv("Status", status, statusTone)
	if res.FunctionError != "" {
		kv("Function err", res.FunctionError+" (the function ran and failed)", st.Text.Err)
	}
	if res.ExecutedVersion != "" {
		kv("Executed", "version "+res.ExecutedVersion, st.Pane.Value)
	}
	kv("Request id", res.RequestID, st.Pane.Value)
	if rep, ok := providers.LastReport(res.LogTail); ok {
		kv("Duration", formatMs(rep.Duration)+" (billed "+formatMs(rep.Billed)+")", st.Pane.Value)
		mem := strconv.Itoa(rep.MaxMemory) + " of " + strconv.Itoa(rep.MemorySize) + " MB used"
		memTone := st.Pane.Value
		if rep.MemorySize > 0 && float64(rep.MaxMemory) >= 0.9*float64(rep.MemorySize) {
			memTone = st.Text.Warn
		}
		kv("Memory", mem, memTone)
		// Absent values are NaN, which is never > 0.
		switch {
		case rep.Init > 0:
			kv("Start", "cold start · init "+formatMs(rep.Init), st.Text.Warn)
		case rep.Restore > 0:
			kv("Start", "SnapStart restore "+formatMs(rep.Restore), st.Text.Warn)
		default:
			kv("Start", "warm", st.Text.OK)
		}
		if rep.Status != "" && rep.Status != providers.ReportSuccess {
			kv("Report", rep.Status, st.Text.Err)
		}
	}
	if res.StatusCode != 202 && res.StatusCode != 204 {
		title := "Response (" + invoke.FormatSize(len(res.Payload)) + ")"
		tone := st.Pane.Section
		if res.FunctionError != "" {
			title = "Error document (" + invoke.FormatSize(len(res.Payload)) + ")"
			tone = st.Text.Err
		}
		section(title, tone)
		out = append(out, payloadLines(st, res.Payload, w)...)
	}
	if res.LogTail != "" {
		section("Log tail (last 4 KB)", st.Pane.Section)
		out = append(out, tailLines(st, res.LogTail, w)...)
	}
	return out
}

// payloadLines pretty-prints a JSON response (up to 1 MiB) and bounds
// what is shown.
func payloadLines(st *theme.Styles, payload []byte, w int) []string {
	if len(payload) == 0 {
		return []string{st.Text.Muted.Render("(empty)")}
	}
	doc, pretty := invoke.Pretty(payload)
	text := sanitize.Text(string(doc))
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	out := make([]string, 0, min(len(lines), maxResultLines)+1)
	for i, l := range lines {
		if i == maxResultLines {
			out = append(out, st.Text.Warn.Render("… "+strconv.Itoa(len(lines)-i)+" more lines not shown"))
			break
		}
		l = strings.ReplaceAll(l, "\t", "  ")
		for j, part := range wrap(l, w) {
			if pretty && j == 0 {
				out = append(out, jsonLine(st, part))
			} else {
				out = append(out, st.Text.Normal.Render(part))
			}
		}
	}
	return out
}

// jsonLine colours the key of a pretty-printed JSON line.
func jsonLine(st *theme.Styles, l string) string {
	trim := strings.TrimLeft(l, " ")
	indent := l[:len(l)-len(trim)]
	if strings.HasPrefix(trim, `"`) {
		if i := strings.Index(trim, `": `); i > 0 {
			return indent + st.Text.Info.Render(trim[:i+1]) + st.Text.Normal.Render(trim[i+1:])
		}
	}
	return st.Text.Normal.Render(l)
}

func tailLines(st *theme.Styles, tail string, w int) []string {
	lines := strings.Split(strings.TrimRight(sanitize.Text(tail), "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.ReplaceAll(l, "\t", "  ")
		tone := st.Text.Normal
		switch {
		case strings.HasPrefix(l, "REPORT ") || strings.Contains(l, `"platform.report"`):
			tone = st.Text.Info
		case strings.HasPrefix(l, "START ") || strings.HasPrefix(l, "END ") || strings.HasPrefix(l, "XRAY "):
			tone = st.Text.Muted
		case strings.Contains(l, "ERROR") || strings.Contains(l, "Error") || strings.Contains(l, "Task timed out"):
			tone = st.Text.Err
		}
		for _, part := range wrap(l, w) {
			out = append(out, tone.Render(part))
		}
	}
	return out
}

// wrap cuts a plain line into pieces of at most w cells; continuation
// pieces are indented two cells so they read as one line.
func wrap(l string, w int) []string {
	if ansi.StringWidth(l) <= w {
		return []string{l}
	}
	var out []string
	first := true
	for l != "" {
		room := w
		prefix := ""
		if !first {
			room, prefix = w-2, "  "
		}
		// Truncate scans what it is given: give it at most the bytes the
		// room can hold (4 per character), so a 64 KiB line wraps in
		// linear time.
		cut := min(len(l), room*4)
		for cut < len(l) && !utf8.RuneStart(l[cut]) {
			cut--
		}
		part := ansi.Truncate(l[:cut], room, "")
		if part == "" {
			// A character wider than the room: take it anyway.
			_, size := utf8.DecodeRuneInString(l)
			part = l[:size]
		}
		out = append(out, prefix+part)
		l = l[len(part):]
		first = false
	}
	return out
}

// formatMs writes a REPORT line's milliseconds; a value the line lacked
// (NaN) reads as 0.
func formatMs(ms float64) string {
	if math.IsNaN(ms) {
		ms = 0
	}
	if ms >= 1000 {
		return strconv.FormatFloat(ms/1000, 'f', 2, 64) + " s"
	}
	return strconv.FormatFloat(ms, 'f', -1, 64) + " ms"
}
