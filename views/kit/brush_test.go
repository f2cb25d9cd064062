package kit_test

import (
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/virgahq/virga/views/kit"
)

func boldStyle() lipgloss.Style { return lipgloss.NewStyle().Bold(true) }

func TestBrushPaintsAsRenderDoes(t *testing.T) {
	st := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#ff0000"))
	b := kit.NewBrush(st)
	for _, s := range []string{"x", "checkout-api", "日本"} {
		if got, want := b.Paint(s), st.Render(s); got != want {
			t.Fatalf("Paint(%q) = %q, Render = %q", s, got, want)
		}
	}
	if b.Paint("") != "" {
		t.Fatal("empty text gained escape codes")
	}
	if (kit.Brush{}).Paint("plain") != "plain" {
		t.Fatal("the zero brush changed text")
	}
}
