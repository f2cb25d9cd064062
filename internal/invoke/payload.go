// Package invoke prepares Lambda invocations and reads their results
// without any UI: payload checking with the position of a JSON error,
// Lambda's payload size limits, event templates for the common sources,
// the per-function payload history, and pretty-printing of a response.
// (A log tail's REPORT line is read by providers.LastReport.) The TUI's
// invoke screen and `virga invoke` both use it.
package invoke

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/virgahq/virga/providers"
)

// Lambda's payload limits (request and response).
const (
	// SyncLimit is the largest payload of a RequestResponse (and DryRun)
	// invocation: 6 MB.
	SyncLimit = 6 * 1024 * 1024
	// AsyncLimit is the largest payload of an Event invocation: 256 KB.
	AsyncLimit = 256 * 1024
)

// Limit is the payload limit of an invocation type.
func Limit(t providers.InvocationType) int {
	if t == providers.InvokeAsync {
		return AsyncLimit
	}
	return SyncLimit
}

// SyntaxError is a payload that is not valid JSON, with where it breaks:
// 1-based line and column (in characters), and the byte offset.
type SyntaxError struct {
	Line, Column int
	Offset       int64
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// SizeError is a payload over the limit of its invocation type.
type SizeError struct {
	Size, Limit int
	Type        providers.InvocationType
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("payload is %s; %s invocations accept at most %s", FormatSize(e.Size), e.Type, FormatSize(e.Limit))
}

// CheckJSON reports whether payload is one valid JSON document, and where
// it breaks when it is not. An empty payload is valid: Lambda sends `{}`.
func CheckJSON(payload []byte) error {
	if len(bytes.TrimSpace(payload)) == 0 {
		return nil
	}
	if json.Valid(payload) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	var v json.RawMessage
	err := dec.Decode(&v)
	var off int64
	msg := "invalid JSON"
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off, msg = se.Offset, se.Error()
		// The decoder's offset is just past the offending byte.
		if off > 0 {
			off--
		}
	case err != nil:
		// io.ErrUnexpectedEOF: the document ends too early.
		off, msg = int64(len(payload)), "unexpected end of JSON input"
	default:
		// One valid value followed by more text.
		off = dec.InputOffset()
		for off < int64(len(payload)) && isSpace(payload[off]) {
			off++
		}
		msg = "invalid character " + strconv.QuoteRune(rune(payload[off])) + " after the top-level value"
	}
	line, col := Position(payload, off)
	return &SyntaxError{Line: line, Column: col, Offset: off, Msg: msg}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Position turns a byte offset into a 1-based line and column, counting
// columns in characters so the editor's cursor can be put there.
func Position(doc []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(doc)))
	line, col = 1, 1
	for i := int64(0); i < off; {
		r, size := utf8.DecodeRune(doc[i:])
		i += int64(size)
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return line, col
}

// CheckSize reports a payload over its invocation type's limit.
func CheckSize(payload []byte, t providers.InvocationType) error {
	if t == "" {
		t = providers.InvokeSync
	}
	if l := Limit(t); len(payload) > l {
		return &SizeError{Size: len(payload), Limit: l, Type: t}
	}
	return nil
}

// Check is what runs before sending: the size limit always, and valid
// JSON unless raw says the user insists on sending the text as it is.
func Check(payload []byte, t providers.InvocationType, raw bool) error {
	if err := CheckSize(payload, t); err != nil {
		return err
	}
	if raw {
		return nil
	}
	return CheckJSON(payload)
}

// FormatSize prints a byte count as Lambda's limits are written: "6 MB",
// "256 KB", "312 B".
func FormatSize(n int) string {
	switch {
	case n >= 1024*1024 && n%(1024*1024) == 0:
		return strconv.Itoa(n/(1024*1024)) + " MB"
	case n >= 1024*1024:
		return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
	case n >= 1024 && n%1024 == 0:
		return strconv.Itoa(n/1024) + " KB"
	case n >= 1024:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	return strconv.Itoa(n) + " B"
}

// maxPretty is the largest document Pretty indents; larger
// ones are returned as they are.
const maxPretty = 1 << 20

// Pretty indents a JSON document by two spaces. It returns doc unchanged,
// and false, when doc is not JSON or is larger than 1 MiB. Numbers keep
// their exact text (no float64 rounding).
func Pretty(doc []byte) ([]byte, bool) {
	if len(doc) > maxPretty || len(bytes.TrimSpace(doc)) == 0 {
		return doc, false
	}
	var b bytes.Buffer
	if err := json.Indent(&b, doc, "", "  "); err != nil {
		return doc, false
	}
	return b.Bytes(), true
}
