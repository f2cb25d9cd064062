package sanitize_test

import (
	"testing"

	"github.com/virgahq/virga/views/sanitize"
)

func TestNeedsQuoting(t *testing.T) {
	for s, want := range map[string]bool{
		"plain": false, "two\nlines\twith tab": false, "é ü 日本": false,
		"esc\x1b[2J": true, "bel\x07": true, "c1\u009b": true, "bidi\u202e": true, "isolate\u2066": true, "del\x7f": true,
		"cr\r": true, "bom\ufeff": true,
	} {
		if got := sanitize.NeedsQuoting(s); got != want {
			t.Errorf("NeedsQuoting(%q) = %v", s, got)
		}
	}
}
