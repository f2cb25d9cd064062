package sanitize_test

import (
	"encoding/json"
	"testing"

	"github.com/virgahq/virga/views/sanitize"
)

func TestJSONEscapesWhatEncodingJSONLeavesRaw(t *testing.T) {
	in := map[string]string{"m": "a\x1b]52;c;x\x07 \u009b31m \u202eevil\u2066 \x7f é"}
	doc, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	safe := sanitize.JSON(doc)
	for _, r := range string(safe) {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("raw %U left in %s", r, safe)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(safe, &back); err != nil || back["m"] != in["m"] {
		t.Fatalf("content changed: %q, %v", back["m"], err)
	}
	plain := []byte(`{"a":"b"}`)
	if got := sanitize.JSON(plain); &got[0] != &plain[0] {
		t.Fatal("a plain document was copied")
	}
}

func TestNeedsQuoting(t *testing.T) {
	for s, want := range map[string]bool{
		"plain": false, "two\nlines\twith tab": false, "é ü 日本": false,
		"esc\x1b[2J": true, "bel\x07": true, "c1\u009b": true, "bidi\u202e": true, "isolate\u2066": true, "del\x7f": true, "cr\r": true,
	} {
		if got := sanitize.NeedsQuoting(s); got != want {
			t.Errorf("NeedsQuoting(%q) = %v", s, got)
		}
	}
}
