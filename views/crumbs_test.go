package views_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

func TestCompactCrumbsNeverRepeatALevel(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"functions", "journal", "journal"}, []string{"functions", "journal"}},
		{[]string{"clusters", "prod-api", "services", "checkout-web", "tasks", "prod-api/checkout-web", "metrics"},
			[]string{"clusters", "prod-api", "services", "checkout-web", "tasks", "metrics"}},
		// From the all-services view the pair says which service: it stays.
		{[]string{"services", "prod-api/checkout-web", "metrics"}, []string{"services", "prod-api/checkout-web", "metrics"}},
		{[]string{"functions", "checkout-api", "logs"}, []string{"functions", "checkout-api", "logs"}},
		{[]string{"clusters", "prod-workers", "services", "prod-workers/image-pipeline", "metrics"},
			[]string{"clusters", "prod-workers", "services", "image-pipeline", "metrics"}},
	} {
		if got := views.CompactCrumbs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("CompactCrumbs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCrumbsKeepClearOfTheInfo: a path longer than the line gives up its
// levels nearest the root, never the one you are at, and never touches
// the info on the right.
func TestCrumbsKeepClearOfTheInfo(t *testing.T) {
	st := theme.New(theme.Dark)
	path := []string{"clusters", "prod-api", "services", "checkout-web", "tasks", "task 32b6807b", "logs"}
	for _, w := range []int{60, 80, 120} {
		for _, info := range []string{"following", "0 entries · in memory (no journal file)", ""} {
			line := ansi.Strip(views.Crumbs(st, path, info, w))
			if got := ansi.StringWidth(line); got != w {
				t.Fatalf("w=%d: line is %d cells: %q", w, got, line)
			}
			if !strings.Contains(line, "› logs") {
				t.Errorf("w=%d info=%q: the last level is cut: %q", w, info, line)
			}
			if info == "" {
				continue
			}
			end := strings.Index(line, "logs") + len("logs")
			start := strings.LastIndex(line, info[:min(len(info), 4)])
			if start < 0 {
				t.Fatalf("w=%d: the info is gone: %q", w, line)
			}
			if gap := line[end:start]; len(gap) < 2 || strings.TrimSpace(gap) != "" {
				t.Errorf("w=%d info=%q: the crumbs run into the info: %q", w, info, line)
			}
		}
	}
}

func TestCrumbCount(t *testing.T) {
	for _, c := range []struct {
		shown, total int
		loading      bool
		want         string
	}{
		{48, 48, false, "(48)"},
		{3, 48, false, "(3/48)"},
		{2000, 2000, true, "(2,000 so far…)"},
		{12, 2000, true, "(12/2,000 so far…)"},
		{10000, 10000, false, "(10,000)"},
	} {
		if got := views.CrumbCount(c.shown, c.total, c.loading); got != c.want {
			t.Errorf("CrumbCount(%d, %d, %v) = %q, want %q", c.shown, c.total, c.loading, got, c.want)
		}
	}
}
