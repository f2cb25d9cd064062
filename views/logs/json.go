package logs

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/virgahq/virga/views/sanitize"
)

// JSONMode is how JSON lines are shown.
type JSONMode uint8

// JSON display modes, cycled by a key.
const (
	// JSONFold shows a JSON line on one line: level and message first,
	// then the other fields as key=value.
	JSONFold JSONMode = iota
	// JSONPretty indents every JSON line.
	JSONPretty
	// JSONRaw shows the line as it was logged.
	JSONRaw
)

// String names the mode for the status bar.
func (m JSONMode) String() string {
	switch m {
	case JSONPretty:
		return "pretty"
	case JSONRaw:
		return "raw"
	}
	return "folded"
}

// maxPretty bounds what is pretty-printed: larger documents show as they
// came, so one huge payload cannot stall a frame.
const maxPretty = 1 << 20

// Pretty indents a JSON object. It keeps the document's key order and its
// string escapes (nothing is decoded, so no control character can appear),
// and returns s unchanged when it is not valid JSON or too large.
func Pretty(s string) string {
	if len(s) > maxPretty {
		return s
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return sanitize.Text(b.String())
}

type field struct {
	key string
	raw json.RawMessage
}

// objectFields decodes the top level of a JSON object in document order.
func objectFields(raw []byte) ([]field, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, field{k, v})
	}
	return out, true
}

// Fold renders a JSON object on one line with its key fields first: the
// level, the message (an error object's type and message), then the other
// fields as key=value, nested values compacted. Timestamps are left out:
// the pane shows the event's own. The result is sanitized.
func Fold(s string) string {
	fs, ok := objectFields([]byte(s))
	if !ok {
		return s
	}
	var b strings.Builder
	foldFields(&b, fs, "")
	return sanitize.Line(strings.TrimSpace(b.String()))
}

var (
	levelKeys   = map[string]bool{"level": true, "severity": true, "levelname": true, "lvl": true, "log.level": true}
	messageKeys = map[string]bool{"message": true, "msg": true, "event": true, "errorMessage": true}
	timeKeys    = map[string]bool{"timestamp": true, "time": true, "ts": true, "@timestamp": true}
)

func foldFields(b *strings.Builder, fs []field, prefix string) {
	// Pass 1: the platform record type, the level and the message.
	for _, f := range fs {
		switch {
		case f.key == "type" && prefix == "":
			if s, ok := jsonString(f.raw); ok && strings.HasPrefix(s, "platform.") {
				b.WriteString(s + " ")
			}
		case levelKeys[f.key]:
			if s, ok := jsonString(f.raw); ok {
				b.WriteString(strings.ToUpper(s) + " ")
			}
		}
	}
	for _, f := range fs {
		if !messageKeys[f.key] {
			continue
		}
		if s, ok := jsonString(f.raw); ok {
			b.WriteString(s + " ")
			continue
		}
		if inner, ok := objectFields(f.raw); ok {
			writeErrorHead(b, inner)
			foldFields(b, withoutError(inner), f.key+".")
			continue
		}
		b.WriteString(compact(f.raw) + " ")
	}
	// Pass 2: everything else, in document order.
	for _, f := range fs {
		if levelKeys[f.key] || messageKeys[f.key] || timeKeys[f.key] || (f.key == "type" && prefix == "") {
			continue
		}
		if f.key == "record" && prefix == "" {
			if inner, ok := objectFields(f.raw); ok {
				foldFields(b, inner, "")
				continue
			}
		}
		b.WriteString(prefix + f.key + "=" + scalar(f.raw) + " ")
	}
}

// writeErrorHead writes "Type: message" of an error object.
func writeErrorHead(b *strings.Builder, fs []field) {
	var typ, msg string
	for _, f := range fs {
		switch f.key {
		case "errorType", "type", "name":
			typ, _ = jsonString(f.raw)
		case "errorMessage", "message":
			msg, _ = jsonString(f.raw)
		}
	}
	switch {
	case typ != "" && msg != "":
		b.WriteString(typ + ": " + msg + " ")
	case msg != "":
		b.WriteString(msg + " ")
	}
}

func withoutError(fs []field) []field {
	out := fs[:0:0]
	for _, f := range fs {
		switch f.key {
		case "errorType", "errorMessage":
			continue
		}
		out = append(out, f)
	}
	return out
}

func jsonString(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// scalar shows a value: strings bare unless they hold spaces, numbers and
// literals as written, objects and arrays compacted and capped.
func scalar(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		if s == "" || strings.ContainsAny(s, " \t\n=") {
			return strconv.Quote(s)
		}
		return s
	}
	return compact(raw)
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	const capLen = 200
	if b.Len() > capLen {
		return b.String()[:capLen] + "…"
	}
	return b.String()
}
