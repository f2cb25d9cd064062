package tui_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkInvokeKeystroke is one key typed into a 292-line payload (near
// the editor's 300-line cap), with the frame that follows, at 200x60.
func BenchmarkInvokeKeystroke(b *testing.B) {
	h, _ := newDemo(b, 200, 60)
	h.advance(time.Second)
	h.key("/", "type:checkout-api", "enter", "i", "e", "ctrl+k")
	h.send(tea.PasteMsg{Content: "{\n" + strings.Repeat(`  "key": "value value value value",`+"\n", 290) + `  "end": 1` + "\n}"})
	if strings.Contains(h.screen(), "too large to edit") {
		b.Fatal("the payload went to the preview, not the editor")
	}
	k := tea.KeyPressMsg{Code: 'x', Text: "x"}
	b.ReportAllocs()
	for b.Loop() {
		h.m.Update(k)
		_ = h.m.Render()
	}
}

// BenchmarkConfirmFrame is a frame with a confirmation open, at 200x60:
// what each key in the dialog costs.
func BenchmarkConfirmFrame(b *testing.B) {
	h, _ := newDemo(b, 200, 60)
	h.advance(time.Second)
	h.key("/", "type:image-resize", "enter", "x", "sleep:400ms", "tab")
	k := tea.KeyPressMsg{Code: 'i', Text: "i"}
	b.ReportAllocs()
	for b.Loop() {
		h.m.Update(k)
		_ = h.m.Render()
	}
}
