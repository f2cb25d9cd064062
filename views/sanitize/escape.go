package sanitize

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// For documents printed for scripts (JSON and YAML on stdout) the data
// must survive unchanged, so nothing is replaced: what a terminal could
// act on is written as an escape of the format instead, which a parser
// reads back as the original text.

// JSON escapes, in a JSON document, what encoding/json leaves raw but a
// terminal could act on: DEL, C1 controls and bidirectional overrides and
// isolates (encoding/json already escapes C0 controls). The document stays
// valid JSON with the same content. A document without them is returned
// as it is.
func JSON(doc []byte) []byte {
	// DEL, and the lead bytes of C1 (0xc2) and of the bidi controls (0xe2).
	if bytes.IndexByte(doc, 0x7f) < 0 && bytes.IndexByte(doc, 0xc2) < 0 && bytes.IndexByte(doc, 0xe2) < 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+16)
	for len(doc) > 0 {
		r, size := utf8.DecodeRune(doc)
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			out = append(out, `\u`...)
			out = append(out, strconv.FormatInt(int64(r)+0x10000, 16)[1:]...)
		} else {
			out = append(out, doc[:size]...)
		}
		doc = doc[size:]
	}
	return out
}

// NeedsQuoting reports whether s holds a character that may not be
// printed raw: anything not printable but newline and tab (C0 and C1
// controls, DEL, bidirectional and other format characters). Such a
// string must be written in an escaping form, such as a YAML
// double-quoted scalar made by strconv.Quote.
func NeedsQuoting(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && !strconv.IsPrint(r) })
}
