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

// scene is a screen reached by keys from a fresh demo.
type scene struct {
	name string
	keys []string
	// step is the width step of a sampled layout sweep.
	step int
}

// screens are the views every golden test captures.
var screens = []scene{
	{"functions", nil, 0},
	{"function-detail", []string{"/", "type:checkout-api", "enter", "enter"}, 0},
	{"clusters", []string{"2"}, 0},
	{"services", []string{"3"}, 0},
	{"tasks", []string{"2", "enter", "/", "type:catalog-api", "enter", "enter"}, 0},
	{"task-detail", []string{"2", "enter", "enter", "enter"}, 0},
	{"help", []string{"?"}, 0},
	{"palette", []string{":", "type:se"}, 0},
	{"filter", []string{"/", "type:pay"}, 0},
	{"logs", []string{"/", "type:checkout-api", "enter", "l"}, 0},
	{"logs-service", []string{"3", "/", "type:graphql-gateway", "enter", "l"}, 0},
	{"invocations", []string{"/", "type:user-signup", "enter", "I"}, 0},
	{"function-metrics", []string{"/", "type:checkout-api", "enter", "m"}, 0},
	{"function-metrics-provisioned", []string{"/", "type:search-indexer", "enter", "m"}, 0},
	{"service-metrics", []string{"2", "enter", "/", "type:catalog-api", "enter", "m"}, 0},
	{"service-metrics-no-insights", []string{"2", "j", "enter", "/", "type:image-pipeline", "enter", "m"}, 0},
	{"concurrency-pool", []string{":", "type:pool", "enter"}, 0},
	{"confirm-destructive", []string{"/", "type:image-resize", "enter", "x", "sleep:400ms", "tab", "type:image"}, 0},
	{"action-form", []string{"/", "type:checkout-api", "enter", "p"}, 0},
	{"invoke", []string{"/", "type:checkout-api", "enter", "i", "T", "type:sqs", "enter"}, 0},
	{"invoke-result", []string{"/", "type:checkout-api", "enter", "i", "s", "sleep:400ms", "tab", "y"}, 0},
	{"journal", []string{"3", "/", "type:catalog-api", "enter", "s", "ctrl+u", "type:6", "enter", "sleep:400ms", "tab", "y", ":", "type:journal", "enter"}, 0},
}

var sizes = [][2]int{{80, 24}, {120, 40}, {200, 50}}

// snapshot compares each scene, at three sizes in dark and light, with
// its golden file; reach drives a fresh demo to the scene.
func snapshot(t *testing.T, scenes []scene, reach func(h *harness, keys []string)) {
	for _, sc := range scenes {
		for _, sz := range sizes {
			for _, mode := range []theme.Mode{theme.Dark, theme.Light} {
				name := fmt.Sprintf("%s/%dx%d-%s", sc.name, sz[0], sz[1], mode)
				t.Run(name, func(t *testing.T) {
					h, _ := loaded(t, sz[0], sz[1], func(o *setup) { o.Theme = mode })
					reach(h, sc.keys)
					frame := h.m.Render()
					checkFrame(t, frame, sz[0], sz[1])
					golden.RequireEqual(t, []byte(frame))
				})
			}
		}
	}
}

// sweep checks, for every size from the minimum to 200x60 (widths by
// each scene's step, or all of them; heights by heightStep), that each
// line fits the width and the frame has exactly the terminal's height.
func sweep(t *testing.T, scenes []scene, heightStep int, allWidths bool) {
	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			step := sc.step
			if allWidths {
				step = 1
			}
			h, _ := newDemo(t, 120, 40)
			h.advance(time.Second)
			h.press(sc.keys...)
			for w := tui.MinWidth; w <= 200; w += step {
				for ht := tui.MinHeight; ht <= 60; ht += heightStep {
					h.send(tea.WindowSizeMsg{Width: w, Height: ht})
					checkFrame(t, h.m.Render(), w, ht)
				}
			}
		})
	}
}

// TestGolden snapshots every view at three sizes in dark and light.
// Regenerate with: go test ./tui -run TestGolden -update
func TestGolden(t *testing.T) {
	snapshot(t, screens, func(h *harness, keys []string) {
		h.key(keys...)
		h.advance(2 * time.Second)
	})
}

// TestLayoutProperty checks, for every size from the minimum to 200x60,
// that each line fits the width and the frame has exactly the terminal's
// height, for every view. Under the race detector it samples widths with
// each view's step; the plain run covers every size.
func TestLayoutProperty(t *testing.T) {
	// Every width once in CI (VIRGA_LAYOUT_ALL=1, .ci/run's plain run); a
	// sample of them in every other run, -race included.
	sweep(t, []scene{
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
	}, 1, os.Getenv("VIRGA_LAYOUT_ALL") == "1")
}
