package tui_test

import (
	"testing"
)

// TestPaletteCompletesFunctionName: the acceptance at 120x40:
// ":logs payments-w" tab completes to payments-webhook, and enter opens
// its log pane.
func TestPaletteCompletesFunctionName(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key(":", "type:logs payments-w", "tab")
	h.mustSee("logs payments-webhook")
	h.press("enter")
	h.mustSee("payments-webhook › logs")
}

// TestPaletteCompletesCluster: cluster names complete for :services once
// the clusters were listed, after their view is left.
func TestPaletteCompletesCluster(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.press("2")
	h.key("1", ":", "type:services stag", "tab")
	h.mustSee("services staging")
}

// TestPaletteSaysWhy: an unknown command and an argument to a command
// that takes none say so instead of doing nothing.
func TestPaletteSaysWhy(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key(":", "type:zzz", "enter")
	h.mustSee("unknown command :zzz")
	h.key(":", "type:stats now", "enter")
	h.mustSee(":stats takes no argument")
}

// TestPaletteOpensMetricsByName: ":metrics NAME" (completed with tab)
// opens that function's metrics from anywhere; with no name it opens the
// selection's, as m does; two names are refused with a reason.
func TestPaletteOpensMetricsByName(t *testing.T) {
	h, _ := loaded(t, 120, 40)
	h.press("3")
	h.key(":", "type:metrics payments-w", "tab")
	h.mustSee("metrics payments-webhook")
	h.press("enter")
	h.mustSee("payments-webhook · Lambda metrics", "services › payments-webhook › metrics")
	h.key("esc", "1", "/", "type:checkout-api", "enter")
	h.key(":", "type:metrics", "enter")
	h.mustSee("checkout-api · Lambda metrics")
	h.key(":", "type:metrics a b", "enter")
	h.mustSee(":metrics shows one function")
}
