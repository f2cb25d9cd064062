package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapStyled(t *testing.T) {
	red := "\x1b[31m"
	s := "\x1b[1mARN\x1b[m           " + red + "arn:aws:ecs:us-east-1:123456789012:service/prod-api/checkout-web is long\x1b[m"
	got := WrapStyled(s, 40, 14)
	if len(got) < 2 {
		t.Fatalf("not wrapped: %q", got)
	}
	var joined strings.Builder
	for i, l := range got {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d cells: %q", i, w, ansi.Strip(l))
		}
		plain := ansi.Strip(l)
		if i > 0 {
			if !strings.HasPrefix(plain, strings.Repeat(" ", 14)) {
				t.Errorf("line %d is not indented under the value: %q", i, plain)
			}
			if !strings.HasPrefix(l, strings.Repeat(" ", 14)+red) && !strings.Contains(l[:30], red) {
				t.Errorf("line %d lost its colour: %q", i, l)
			}
			plain = plain[14:]
		}
		joined.WriteString(plain)
	}
	if want := ansi.Strip(s); joined.String() != want {
		t.Errorf("text changed by wrapping:\n got %q\nwant %q", joined.String(), want)
	}
	if one := WrapStyled("short", 40, 14); len(one) != 1 || one[0] != "short" {
		t.Errorf("a line that fits changed: %q", one)
	}
	// Words break at spaces when they can.
	words := WrapStyled("Events  port 8080 is unhealthy in target-group tg-1", 30, 8)
	if p := ansi.Strip(words[0]); strings.HasSuffix(strings.TrimRight(p, " "), "unhea") {
		t.Errorf("broke inside a word: %q", words)
	}
}
