// Package logs is the log pane's model and renderer: a bounded ring buffer
// of lines parsed once when they arrive (level, request id, JSON, REPORT
// fields), a local filter, and a viewer that renders only the rows on
// screen. It never calls providers and never reads the clock: the tui
// feeds it events and asks it for frames.
package logs

import (
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Level is the severity a line was logged at, as far as it can be told.
type Level uint8

// Levels, in increasing severity.
const (
	LevelNone Level = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
)

// String names the level as log files spell it.
func (l Level) String() string {
	switch l {
	case LevelDebug:
		return "DEBUG"
	case LevelInfo:
		return "INFO"
	case LevelWarn:
		return "WARN"
	case LevelError:
		return "ERROR"
	}
	return ""
}

// Kind says what a line is: an application line, one of Lambda's
// platform lines, or a marker virga wrote itself.
type Kind uint8

// Line kinds.
const (
	KindApp Kind = iota
	// KindPlatform is START, END, INIT_START, XRAY and the JSON platform.*
	// records other than the report: shown dim.
	KindPlatform
	// KindReport is a REPORT line (text or platform.report); Report is set.
	KindReport
	// KindGap is a marker saying lines may be missing between two times.
	KindGap
	// KindNotice is a marker with information about the stream (sampling,
	// a reconnect, where a container logs instead).
	KindNotice
)

// Line is one log event, sanitized and classified once, when it arrives.
type Line struct {
	// Time is the event's timestamp in Unix milliseconds.
	Time int64
	// Text is the event's message made safe for the terminal
	// (sanitize.Text: newlines and tabs kept, cut at 64 KiB with a marker).
	Text string
	// ReqID is the Lambda request id the line belongs to, if any; it is a
	// substring of Text.
	ReqID string
	// Tag names where the line came from inside its source (a task and
	// container for ECS), already sanitized; empty when there is one.
	Tag string
	// Short is Text without the runtime's timestamp header, for display;
	// empty when Text is shown as it is.
	Short  string
	Report *Report
	// Src is the index of the line's source (a function, a container),
	// which picks its colour in merged views.
	Src   uint8
	Level Level
	Kind  Kind
	// JSON says Text is one JSON object.
	JSON bool
	// Multi says Text spans several lines (a stack trace).
	Multi bool

	// match caches the local filter's verdict for filter generation mgen.
	mgen uint32
	mok  bool
}

// Bytes is what the line costs in the buffer's byte cap.
func (l *Line) Bytes() int { return len(l.Text) + lineOverhead }

// lineOverhead approximates the struct and bookkeeping per line.
const lineOverhead = 96

// Marker reports whether the line was written by virga (gap or notice).
func (l *Line) Marker() bool { return l.Kind == KindGap || l.Kind == KindNotice }

// FromEvent turns an event into a line: the message is sanitized and then
// classified. src and tag say where it came from.
func FromEvent(ev providers.LogEvent, src int, tag string) Line {
	ln := Line{Time: ev.Timestamp.UnixMilli(), Src: uint8(src), Tag: tag}
	ln.Text = sanitize.Text(strings.TrimRight(ev.Message, "\r\n"))
	classify(&ln)
	return ln
}

// NewMarker returns a gap or notice line at time t.
func NewMarker(kind Kind, t time.Time, text string) Line {
	return Line{Time: t.UnixMilli(), Kind: kind, Text: sanitize.Text(text), Level: LevelNone}
}

// classify fills level, kind, request id, JSON and REPORT fields from Text.
func classify(ln *Line) {
	s := ln.Text
	ln.Multi = strings.IndexByte(s, '\n') >= 0
	if isJSONObject(s) {
		ln.JSON = true
		classifyJSON(ln)
		return
	}
	switch {
	case strings.HasPrefix(s, "REPORT RequestId: "):
		if r, ok := ParseReport(s); ok {
			ln.Kind, ln.Report, ln.ReqID = KindReport, r, reqIDAfter(s, "REPORT RequestId: ")
			return
		}
	case strings.HasPrefix(s, "START RequestId: "):
		ln.Kind, ln.ReqID = KindPlatform, reqIDAfter(s, "START RequestId: ")
		return
	case strings.HasPrefix(s, "END RequestId: "):
		ln.Kind, ln.ReqID = KindPlatform, reqIDAfter(s, "END RequestId: ")
		return
	case strings.HasPrefix(s, "INIT_START "), strings.HasPrefix(s, "XRAY TraceId: "),
		strings.HasPrefix(s, "INIT_REPORT "), strings.HasPrefix(s, "RESTORE_START "), strings.HasPrefix(s, "RESTORE_REPORT "):
		ln.Kind = KindPlatform
		return
	}
	ln.Level = textLevel(s)
	ln.ReqID = findUUID(s[:min(len(s), 160)])
	ln.Short = shortHeader(s, ln.ReqID)
}

// shortHeader shortens the header Lambda runtimes write before a message
// ("2026-11-25T14:30:00.000Z\t<request id>\tINFO\t..."): the pane shows
// the event's time already, so the header's timestamp goes and the
// request id is cut to 8 characters. A bracketed level ("[WARN]") stays.
// It returns "" when the line has no such header.
func shortHeader(s, rid string) string {
	if len(rid) < 8 {
		return ""
	}
	i := strings.Index(s[:min(len(s), 80)], rid)
	if i <= 0 || i > 40 || !strings.Contains(s[:i], ":") || strings.Contains(s[:i], "=") {
		return ""
	}
	rest := strings.TrimLeft(s[i+len(rid):], " \t")
	head := ""
	if s[0] == '[' {
		if j := strings.IndexByte(s, ']'); j > 0 && j < 12 {
			head = s[:j+1] + " "
		}
	}
	return head + rid[:8] + " " + rest
}

// isJSONObject is a cheap test: the line starts with { and ends with }.
// The JSON is parsed only when it is folded or pretty-printed.
func isJSONObject(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}' && !strings.Contains(s, "\n")
}

// classifyJSON reads the few top-level fields the pane needs without
// decoding the whole document: the platform record type, the level and
// the request id.
func classifyJSON(ln *Line) {
	s := ln.Text
	if typ, ok := jsonField(s, "type"); ok && strings.HasPrefix(typ, "platform.") {
		if typ == "platform.report" {
			if r, ok := ParseReport(s); ok {
				ln.Kind, ln.Report, ln.ReqID = KindReport, r, r.RequestID
				return
			}
		}
		ln.Kind = KindPlatform
		ln.ReqID, _ = jsonField(s, "requestId")
		return
	}
	for _, k := range [...]string{"level", "severity", "levelname", "log.level", "lvl"} {
		if v, ok := jsonField(s, k); ok {
			ln.Level = levelWord(v)
			break
		}
	}
	for _, k := range [...]string{"requestId", "AWSRequestId", "awsRequestId", "request_id", "aws_request_id"} {
		if v, ok := jsonField(s, k); ok && v != "" {
			ln.ReqID = v
			break
		}
	}
}

// levelWord maps a level value (a word or a pino/bunyan number) to a Level.
func levelWord(v string) Level {
	switch strings.ToUpper(v) {
	case "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "PANIC", "EMERG", "ALERT", "SEVERE", "50", "60":
		return LevelError
	case "WARN", "WARNING", "40":
		return LevelWarn
	case "INFO", "NOTICE", "INFORMATION", "30":
		return LevelInfo
	case "DEBUG", "TRACE", "VERBOSE", "10", "20":
		return LevelDebug
	}
	return LevelNone
}

// textLevel finds a level word near the start of a text line: ERROR,
// WARN, "level=error", Python's [ERROR], .NET's "fail"/"warn", and the
// first line of a stack trace or panic.
func textLevel(s string) Level {
	head := s[:min(len(s), 200)]
	if i := strings.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	switch {
	case strings.HasPrefix(head, "Traceback "), strings.HasPrefix(head, "panic: "),
		strings.HasPrefix(head, "Exception in thread "), strings.HasPrefix(head, "Error: "):
		return LevelError
	}
	best := LevelNone
	for i := 0; i < len(head); i++ {
		c := head[i]
		if c != 'E' && c != 'F' && c != 'C' && c != 'W' && c != 'I' && c != 'D' && c != 'e' && c != 'w' && c != 'f' && c != 'i' && c != 'd' {
			continue
		}
		if i > 0 && isWordByte(head[i-1]) {
			continue
		}
		j := i
		for j < len(head) && isWordByte(head[j]) {
			j++
		}
		lv := wordLevel(head[i:j], i > 0 && head[i-1] == '=')
		if lv > best {
			best = lv
		}
		if best == LevelError {
			return best
		}
		i = j
	}
	return best
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// wordLevel recognises upper-case level words anywhere in the head of a
// line, and lower-case ones only as a key's value ("level=error") or in
// .NET's tab-separated "fail"/"warn" column, so prose such as "failed to
// warn" does not colour a line.
func wordLevel(w string, afterEq bool) Level {
	switch w {
	case "ERROR", "FATAL", "CRITICAL", "PANIC", "SEVERE":
		return LevelError
	case "WARN", "WARNING":
		return LevelWarn
	case "INFO":
		return LevelInfo
	case "DEBUG", "TRACE":
		return LevelDebug
	}
	if afterEq {
		return levelWord(w)
	}
	return LevelNone
}

// reqIDAfter returns the token after prefix up to a space or tab.
func reqIDAfter(s, prefix string) string {
	s = s[len(prefix):]
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// findUUID returns the first 8-4-4-4-12 hex UUID in s, the shape of a
// Lambda request id.
func findUUID(s string) string {
	for i := 0; i+36 <= len(s); i++ {
		if !isHex(s[i]) || (i > 0 && (isHex(s[i-1]) || s[i-1] == '-')) {
			continue
		}
		if isUUID(s[i : i+36]) {
			if i+36 < len(s) && (isHex(s[i+36]) || s[i+36] == '-') {
				continue
			}
			return s[i : i+36]
		}
	}
	return ""
}

func isUUID(s string) bool {
	for j := 0; j < 36; j++ {
		switch j {
		case 8, 13, 18, 23:
			if s[j] != '-' {
				return false
			}
		default:
			if !isHex(s[j]) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// jsonField finds a top-level-looking "key": value in a JSON object
// without decoding it, and returns a string value unquoted (simple
// escapes only) or a number as written. It is a fast heuristic for
// classification; folding and pretty-printing decode properly.
func jsonField(s, key string) (string, bool) {
	pat := `"` + key + `"`
	off := 0
	for {
		i := strings.Index(s[off:], pat)
		if i < 0 {
			return "", false
		}
		i += off + len(pat)
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j >= len(s) || s[j] != ':' {
			off = i
			continue
		}
		j++
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j >= len(s) {
			return "", false
		}
		if s[j] == '"' {
			end := j + 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end > len(s) {
				return "", false
			}
			return s[j+1 : min(end, len(s))], true
		}
		end := j
		for end < len(s) && (s[end] == '-' || s[end] == '.' || s[end] >= '0' && s[end] <= '9') {
			end++
		}
		if end == j {
			return "", false
		}
		return s[j:end], true
	}
}
