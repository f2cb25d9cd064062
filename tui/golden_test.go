package tui_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/theme"
)

// screens are the views every golden test captures, each reached by keys
// from a fresh demo.
var screens = []struct {
	name string
	keys []string
}{
	{"functions", nil},
	{"function-detail", []string{"/", "type:checkout-api", "enter", "enter"}},
	{"clusters", []string{"2"}},
	{"services", []string{"3"}},
	{"tasks", []string{"2", "enter", "/", "type:catalog-api", "enter", "enter"}},
	{"task-detail", []string{"2", "enter", "enter", "enter"}},
	{"help", []string{"?"}},
	{"palette", []string{":", "type:se"}},
	{"filter", []string{"/", "type:pay"}},
	{"logs", []string{"/", "type:checkout-api", "enter", "l"}},
	{"logs-service", []string{"3", "/", "type:graphql-gateway", "enter", "l"}},
	{"invocations", []string{"/", "type:user-signup", "enter", "I"}},
	{"function-metrics", []string{"/", "type:checkout-api", "enter", "m"}},
	{"function-metrics-provisioned", []string{"/", "type:search-indexer", "enter", "m"}},
	{"service-metrics", []string{"2", "enter", "/", "type:catalog-api", "enter", "m"}},
	{"service-metrics-no-insights", []string{"2", "j", "enter", "/", "type:image-pipeline", "enter", "m"}},
	{"concurrency-pool", []string{":", "type:pool", "enter"}},
	{"confirm-destructive", []string{"/", "type:image-resize", "enter", "x", "sleep:400ms", "tab", "type:image"}},
	{"action-form", []string{"/", "type:checkout-api", "enter", "p"}},
	{"invoke", []string{"/", "type:checkout-api", "enter", "i", "T", "type:sqs", "enter"}},
	{"invoke-result", []string{"/", "type:checkout-api", "enter", "i", "s", "sleep:400ms", "tab", "y"}},
	{"journal", []string{"3", "/", "type:catalog-api", "enter", "s", "ctrl+u", "type:6", "enter", "sleep:400ms", "tab", "y", ":", "type:journal", "enter"}},
}

var sizes = [][2]int{{80, 24}, {120, 40}, {200, 50}}

// TestGolden snapshots every view at three sizes in dark and light.
// Regenerate with: go test ./tui -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, sc := range screens {
		for _, sz := range sizes {
			for _, mode := range []theme.Mode{theme.Dark, theme.Light} {
				name := fmt.Sprintf("%s/%dx%d-%s", sc.name, sz[0], sz[1], mode)
				t.Run(name, func(t *testing.T) {
					h, _ := loaded(t, sz[0], sz[1], func(o *setup) { o.Theme = mode })
					h.key(sc.keys...)
					h.advance(2 * time.Second)
					frame := h.m.Render()
					checkFrame(t, frame, sz[0], sz[1])
					golden.RequireEqual(t, []byte(frame))
				})
			}
		}
	}
}

// TestLayoutProperty checks, for every size from the minimum to 200x60,
// that each line fits the width and the frame has exactly the terminal's
// height, for every view. Under the race detector it samples widths with
// each view's step; the plain run covers every size.
func TestLayoutProperty(t *testing.T) {
	for _, sc := range []struct {
		name string
		keys []string
		step int // width step of the sampled sweep
	}{
		{"functions", nil, 1},
		{"function-detail", []string{"enter"}, 3},
		{"services", []string{"3"}, 3},
		{"tasks", []string{"4"}, 3},
		{"help", []string{"?"}, 5},
		{"palette", []string{":"}, 5},
		{"logs", []string{"l"}, 3},
		{"invocations", []string{"I"}, 5},
		{"function-metrics", []string{"m"}, 5},
		{"service-metrics", []string{"3", "m"}, 7},
		{"concurrency-pool", []string{":", "type:pool", "enter"}, 7},
		{"confirm", []string{"x", "sleep:400ms"}, 9},
		{"invoke", []string{"i", "s", "sleep:400ms", "tab", "y"}, 9},
		{"journal", []string{":", "type:journal", "enter"}, 11},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			// Every width once in CI (VIRGA_LAYOUT_ALL=1, .ci/run's plain
			// run); a sample of them in every other run, -race included.
			step := sc.step
			if os.Getenv("VIRGA_LAYOUT_ALL") == "1" {
				step = 1
			}
			h, _ := newDemo(t, 120, 40)
			h.advance(time.Second)
			h.press(sc.keys...)
			for w := tui.MinWidth; w <= 200; w += step {
				for ht := tui.MinHeight; ht <= 60; ht++ {
					h.send(tea.WindowSizeMsg{Width: w, Height: ht})
					checkFrame(t, h.m.Render(), w, ht)
				}
			}
		})
	}
}
