// Package sanitize is the one place where text that came from AWS (log
// lines, names, tags, environment values, payloads, error messages) is made
// safe to put on a terminal.
//
// Nothing is dropped silently: control characters become their visible
// Unicode "control picture" (ESC shows as ␛, BEL as ␇), so an escape
// sequence in a log line is readable as text but can no longer change the
// terminal's title, clipboard (OSC 52), colours, cursor or links (OSC 8).
// C1 controls, bidirectional overrides and isolates, and invalid UTF-8
// become U+FFFD. Overlong text is cut with a marker that says how much was
// cut.
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLine is the display cap for one line: longer lines are cut with a
// marker, so one hostile line cannot cost a frame its time budget.
const MaxLine = 64 << 10

// Text returns s safe for display, keeping newlines and tabs (for
// multi-line log events and pretty-printed JSON). CRLF becomes LF.
func Text(s string) string { return clean(s, true, MaxLine) }

// Line returns s safe for a single-line cell: like Text, but a newline
// shows as ⏎ and a tab as a space.
func Line(s string) string { return clean(s, false, MaxLine) }

// LineMax is Line with a caller-chosen byte cap (max <= 0 means MaxLine).
func LineMax(s string, max int) string {
	if max <= 0 {
		max = MaxLine
	}
	return clean(s, false, max)
}

// Unsafe reports whether a terminal could act on r, or reorder the text
// around it: C0 controls (ESC, BEL, CR ...), DEL, C1 controls (CSI, OSC,
// DCS as single code points), bidirectional embeddings, overrides and
// isolates, and the byte order mark. It is the one list of such code
// points; Line, Text and JSON all use it.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f,
		r >= 0x80 && r <= 0x9f,     // C1 controls
		r >= 0x202a && r <= 0x202e, // bidi embeddings and overrides
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xfeff:                // byte order mark / zero-width no-break space
		return true
	}
	return false
}

// JSON makes a JSON document safe to print while keeping it valid JSON
// with the same content: every Unsafe code point inside it is written as
// a \uXXXX escape (encoding/json leaves DEL, C1 and bidi controls raw),
// and invalid UTF-8 becomes \ufffd. Newlines, tabs and carriage returns,
// which can only appear between tokens of a valid document, are kept.
func JSON(doc string) string {
	clean := true
	for _, r := range doc {
		if r == utf8.RuneError || Unsafe(r) && r != '\n' && r != '\t' && r != '\r' {
			clean = false
			break
		}
	}
	if clean {
		return doc
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(doc) + 16)
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRuneInString(doc[i:])
		i += size
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteRune(r)
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\ufffd`)
		case Unsafe(r):
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsWork reports whether s contains anything clean would change, so the
// common case (plain printable ASCII) costs one scan and no allocation.
func needsWork(s string, max int) bool {
	if len(s) > max {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			return true
		}
	}
	return false
}

func clean(s string, multiline bool, max int) string {
	if !needsWork(s, max) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), max) + 16)
	i := 0
	for i < len(s) {
		if b.Len() >= max {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				if multiline {
					b.WriteByte('\n')
				} else {
					b.WriteString("⏎")
				}
			case c == '\t':
				if multiline {
					b.WriteByte('\t')
				} else {
					b.WriteByte(' ')
				}
			case c == '\r':
				// CRLF is a line ending; a lone CR would move the cursor.
				if i < len(s) && s[i] == '\n' {
					continue
				}
				b.WriteString("␍")
			case c < 0x20:
				b.WriteRune(rune(0x2400 + int(c)))
			case c == 0x7f:
				b.WriteString("␡")
			default:
				b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError || Unsafe(r) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteRune(r)
	}
	if i < len(s) {
		b.WriteString(" … [cut ")
		b.WriteString(strconv.Itoa(len(s) - i))
		b.WriteString(" bytes]")
	}
	return b.String()
}
