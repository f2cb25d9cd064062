package kit_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/kit"
)

// samples mixes ASCII, wide characters, emoji with modifiers and
// combining marks, the text a cell or a log line may hold.
var samples = []string{
	"", "a", "checkout-api", "payments-webhook-consumer-17",
	"日本語のログ行", "naïve café", "e\u0301te\u0301", "🚀 deploy 👍🏽 done",
	"mixed 日本 and ascii text that goes on",
}

// TestFitCutsAsTruncateDoes pins Fit to what ansi.Truncate and padding
// give for plain text, while Fit reads no more of a line than it shows.
func TestFitCutsAsTruncateDoes(t *testing.T) {
	for _, s := range samples {
		for w := 0; w <= 40; w++ {
			want := ""
			if w > 0 {
				want = ansi.Truncate(s, w, "…")
				if n := ansi.StringWidth(want); n < w {
					want += strings.Repeat(" ", w-n)
				}
			}
			if got := kit.Fit(s, w); got != want {
				t.Fatalf("Fit(%q, %d) = %q, want %q", s, w, got, want)
			}
			// The samples end in no space, so what Fit padded on the
			// right FitRight pads on the left.
			right := kit.FitRight(s, w)
			if ansi.StringWidth(right) != w || !strings.HasSuffix(right, strings.TrimRight(want, " ")) {
				t.Fatalf("FitRight(%q, %d) = %q", s, w, right)
			}
		}
	}
}

func TestCutSplitsAtCells(t *testing.T) {
	for _, s := range samples {
		for w := 0; w <= 40; w++ {
			head, rest := kit.Cut(s, w)
			if head+rest != s {
				t.Fatalf("Cut(%q, %d) lost text: %q + %q", s, w, head, rest)
			}
			if ansi.StringWidth(head) > w {
				t.Fatalf("Cut(%q, %d) head %q is %d cells", s, w, head, ansi.StringWidth(head))
			}
			if rest != "" && ansi.StringWidth(s) <= w {
				t.Fatalf("Cut(%q, %d) cut text that fits", s, w)
			}
		}
	}
}

func TestFitStyledKeepsStylesAndWidth(t *testing.T) {
	styled := "\x1b[1mbold\x1b[m and \x1b[31mred 日本\x1b[m"
	for w := 0; w <= 30; w++ {
		got := kit.FitStyled(styled, w)
		if ansi.StringWidth(got) != w {
			t.Fatalf("FitStyled(%d) is %d cells: %q", w, ansi.StringWidth(got), got)
		}
	}
	if got := kit.FitStyled(styled, 6); !strings.HasPrefix(got, "\x1b[1mbold") || !strings.Contains(got, "…") {
		t.Fatalf("FitStyled cut = %q", got)
	}
}

func TestWrapBreaksAtSpacesAndLongWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"", 10, []string{""}},
		{"the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"abcdefghijklmnop", 5, []string{"abcde", "fghij", "klmno", "p"}},
		{"aws lambda update-alias --name live", 20, []string{"aws lambda update-", "alias --name live"}},
		{"anything", 0, []string{"anything"}},
	} {
		got := kit.Wrap(c.s, c.w)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
		for _, l := range got {
			if c.w > 0 && ansi.StringWidth(l) > c.w {
				t.Errorf("Wrap(%q, %d): line %q is too wide", c.s, c.w, l)
			}
		}
	}
}

func TestWrapWordsKeepsHyphenatedWordsWhole(t *testing.T) {
	cmd := "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0"
	longest := len("--reserved-concurrent-executions")
	for w := 8; w <= 100; w++ {
		lines := kit.WrapWords(cmd, w)
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: line %q is too wide", w, l)
			}
		}
		// Once every word fits a line, lines break only between words.
		if w >= longest && strings.Join(lines, " ") != cmd {
			t.Fatalf("width %d: a word was broken: %q", w, lines)
		}
	}
	// Text that already holds a non-breaking hyphen is not rewritten.
	s := "a\u2011b c-d e"
	if got := strings.Join(kit.WrapWords(s, 3), "|"); strings.Count(got, "\u2011") != 1 {
		t.Fatalf("WrapWords changed a U+2011: %q", got)
	}
}

func TestHighlightPaintsRuns(t *testing.T) {
	base := kit.Brush{}
	hi := kit.NewBrush(boldStyle())
	got := kit.Highlight("orders-api", []int{0, 1, 2, 9, 40}, base, hi)
	if ansi.Strip(got) != "orders-api" {
		t.Fatalf("text changed: %q", ansi.Strip(got))
	}
	if strings.Count(got, "\x1b[1m") != 2 {
		t.Fatalf("want two highlighted runs, got %q", got)
	}
}

// FitLine and WrapLine take text from outside: an escape shows as its
// picture, never raw, and the width is still exact.
func TestFitAndWrapLineSanitize(t *testing.T) {
	if got := kit.FitLine("a\x1b[2Jb", 6); got != "a␛[2Jb" {
		t.Fatalf("FitLine = %q", got)
	}
	got := kit.WrapLine("one\x07 two-three four", 9)
	if strings.Join(got, "|") != "one␇|two-three|four" {
		t.Fatalf("WrapLine = %q", got)
	}
}
