package tui_test

import (
	"testing"
	"time"
)

// TestEKSGolden snapshots the EKS screens at three sizes in dark and
// light. Regenerate with: go test ./tui -run TestEKSGolden -update
func TestEKSGolden(t *testing.T) {
	snapshot(t, []scene{
		{"eks", []string{":", "type:eks", "enter"}, 0},
		{"profiles", []string{":", "type:eks", "enter", "enter"}, 0},
		{"pods", []string{"5"}, 0},
		{"pod-detail", []string{"5", "/", "type:storefront-zkz", "enter", "enter"}, 0},
		{"pod-detail-pending", []string{"5", "/", "type:fraud-scorer", "enter", "enter"}, 0},
		{"scale-confirm", []string{"5", "/", "type:payments-api", "enter", "s", "ctrl+u", "type:+2", "enter"}, 0},
	}, func(h *harness, keys []string) {
		for _, k := range keys {
			h.key(k)
			h.advance(100 * time.Millisecond)
		}
		h.advance(time.Second)
	})
}

// TestEKSLayoutProperty checks every EKS screen fits every size.
func TestEKSLayoutProperty(t *testing.T) {
	sweep(t, []scene{
		{"eks", []string{":", "type:eks", "enter"}, 7},
		{"profiles", []string{":", "type:profiles", "enter"}, 7},
		{"pods", []string{"5"}, 7},
		{"pod-detail", []string{"5", "enter"}, 7},
	}, 3, false)
}
