package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
)

func TestDemoShowsFunctionsAtOnce(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.mustSee("DEMO", "123456789012", "us-east-1", "functions (", "checkout-api", "NAME", "INV/m")
	h.mustNotSee("loading functions")
}

func TestMetricColumnsFillAndChange(t *testing.T) {
	h, _ := newDemo(t, 200, 50)
	h.advance(time.Second) // metrics are requested shortly after rows appear
	first := h.screen()
	if strings.Count(first, "…") > 5 {
		t.Fatalf("metrics still loading after the first request:\n%s", first)
	}
	h.advance(5 * time.Minute)
	second := h.screen()
	a, b := strings.Split(first, "\n"), strings.Split(second, "\n")
	changed := 0
	for i := 3; i < len(a)-1 && i < len(b)-1; i++ {
		if a[i] != b[i] {
			changed++
		}
	}
	if changed < 5 {
		t.Fatalf("only %d rows changed over five minutes of refreshes:\n%s\n%s", changed, first, second)
	}
}

func rowOf(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, name) {
			return l
		}
	}
	return ""
}

func TestEveryFunctionCanBeFoundByFilter(t *testing.T) {
	h, acct := newDemo(t, 120, 40)
	names := functionNames(t, acct)
	if len(names) < 40 {
		t.Fatalf("demo has %d functions, want >= 40", len(names))
	}
	for _, n := range names {
		h.key("/", "type:"+n, "enter")
		h.mustSee("/" + n)
		sel := selectedRow(h)
		if !strings.Contains(sel, n) {
			t.Fatalf("filter %q selects %q", n, sel)
		}
		h.key("esc")
	}
}

// selectedRow names the selection of the visible table.
func selectedRow(h *harness) string {
	return h.m.SelectedName()
}

func TestNavigationAndBreadcrumbs(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key("2")
	h.mustSee("clusters (", "prod-api", "prod-workers", "staging")
	h.key("/", "type:prod-api", "enter", "enter")
	h.mustSee("clusters › prod-api › services (", "catalog-api")
	h.key("/", "type:catalog-api", "enter", "enter")
	h.mustSee("clusters › prod-api › services › catalog-api › tasks (", "RUNNING")
	h.key("esc")
	h.mustSee("clusters › prod-api › services (")
	// The filter typed at this level is still there after coming back.
	h.mustSee("/catalog-api")
	h.key("esc", "esc")
	h.mustSee("clusters (")
	h.key("3")
	h.mustSee("services (", "CLUSTER")
	h.key("4")
	h.mustSee("tasks (")
	h.key(":", "type:fn", "enter")
	h.mustSee("functions (")
	h.key(":", "type:svc prod-workers", "enter")
	h.mustSee("services › prod-workers", "pdf-renderer")
}

func TestHelpListsViewAndGlobalKeys(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key("?")
	h.mustSee("Keys", "Table", "Global", "filter", "sort column", "functions", "clusters", "services", "tasks", ":services")
	h.key("esc")
	h.mustNotSee("Keys — esc closes")
}

func TestDetailPaneMasksSecrets(t *testing.T) {
	h, acct := newDemo(t, 200, 50)
	h.press("/", "type:payments-webhook", "enter")
	h.mustSee("Environment", "••••••••")
	d, err := acct.GetFunction(context.Background(), "payments-webhook")
	if err != nil {
		t.Fatal(err)
	}
	// Values long enough not to appear elsewhere on screen by chance.
	var distinct []string
	for _, e := range d.Function.Env {
		if len(e.Value) >= 10 {
			distinct = append(distinct, e.Value)
		}
	}
	if len(distinct) < 2 {
		t.Fatalf("payments-webhook should carry secret-looking values, has %v", d.Function.Env)
	}
	shown := func() int {
		n := 0
		for _, v := range distinct {
			if strings.Contains(h.screen(), v[:10]) {
				n++
			}
		}
		return n
	}
	if n := shown(); n != 0 {
		t.Fatalf("%d values shown before any reveal", n)
	}
	h.key("tab")
	for range d.Function.Env {
		h.key("v")
		if n := shown(); n > 1 {
			t.Fatalf("v reveals one value at a time, %d shown", n)
		}
	}
	h.key("v")
	if n := shown(); n != 0 {
		t.Fatalf("after the last variable every value is masked again, %d shown", n)
	}
}

func TestNarrowDetailIsFullScreen(t *testing.T) {
	h, _ := newDemo(t, 80, 24)
	h.press("enter")
	h.mustSee("Configuration", "Runtime")
	h.mustNotSee("INV/m")
	h.key("esc")
	h.mustSee("INV/m")
}

func TestTooSmallIgnoresKeysButQuit(t *testing.T) {
	h, _ := newDemo(t, 40, 10)
	h.mustSee("terminal too small")
	h.mustStay("quit on a non-quit key", "2", ":", "?")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.mustSee("functions (")
	h.send(tea.WindowSizeMsg{Width: 30, Height: 8})
	h.mustQuit("q should quit from the too-small screen", "q")
}

func TestNoPanicAtAnySize(t *testing.T) {
	h, _ := newDemo(t, 80, 24)
	for w := 0; w <= 70; w += 3 {
		for ht := 0; ht <= 20; ht += 2 {
			h.send(tea.WindowSizeMsg{Width: w, Height: ht})
			frame := h.m.Render()
			if w >= 1 && ht >= 1 {
				checkFrame(t, frame, w, ht)
			}
		}
	}
}

func TestThrottledListStaysStaleAndRecovers(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.fail("Lambda.ListFunctions", providers.ErrThrottled, 90*time.Second)
	h.advance(65 * time.Second)
	h.mustSee("checkout-api", "stale ·")
	h.mustNotSee("could not load")
	h.advance(5 * time.Minute)
	h.mustNotSee("stale ·")
	h.mustSee("checkout-api")
}

func TestQuitFromFlow(t *testing.T) {
	h, _ := newDemo(t, 120, 40)
	h.key("3", "/", "type:checkout", "enter", "enter")
	h.mustSee("services › checkout-web › tasks")
	h.key("?")
	h.mustSee("Keys")
	h.mustQuit("q did not quit", "esc", "q")
}
