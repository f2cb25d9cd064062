package tui_test

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/theme"
)

// TestEKSGolden snapshots the EKS screens at three sizes in dark and
// light. Regenerate with: go test ./tui -run TestEKSGolden -update
func TestEKSGolden(t *testing.T) {
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"eks", []string{":", "type:eks", "enter"}},
		{"profiles", []string{":", "type:eks", "enter", "enter"}},
		{"pods", []string{"5"}},
		{"pod-detail", []string{"5", "/", "type:storefront-zkz", "enter", "enter"}},
		{"pod-detail-pending", []string{"5", "/", "type:fraud-scorer", "enter", "enter"}},
		{"scale-confirm", []string{"5", "/", "type:payments-api", "enter", "s", "ctrl+u", "type:+2", "enter"}},
	} {
		for _, sz := range sizes {
			for _, mode := range []theme.Mode{theme.Dark, theme.Light} {
				name := fmt.Sprintf("%s/%dx%d-%s", sc.name, sz[0], sz[1], mode)
				t.Run(name, func(t *testing.T) {
					h, _ := loaded(t, sz[0], sz[1], func(o *setup) { o.Theme = mode })
					for _, k := range sc.keys {
						h.key(k)
						h.advance(100 * time.Millisecond)
					}
					h.advance(time.Second)
					frame := h.m.Render()
					checkFrame(t, frame, sz[0], sz[1])
					golden.RequireEqual(t, []byte(frame))
				})
			}
		}
	}
}

// TestEKSLayoutProperty checks every EKS screen fits every size.
func TestEKSLayoutProperty(t *testing.T) {
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"eks", []string{":", "type:eks", "enter"}},
		{"profiles", []string{":", "type:profiles", "enter"}},
		{"pods", []string{"5"}},
		{"pod-detail", []string{"5", "enter"}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newDemo(t, 120, 40)
			h.advance(time.Second)
			h.press(sc.keys...)
			for w := tui.MinWidth; w <= 200; w += 7 {
				for ht := tui.MinHeight; ht <= 60; ht += 3 {
					h.send(tea.WindowSizeMsg{Width: w, Height: ht})
					checkFrame(t, h.m.Render(), w, ht)
				}
			}
		})
	}
}
