package views_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// checkFrame fails unless out is exactly h lines of exactly w cells.
func checkFrame(t *testing.T, out string, w, h int) {
	t.Helper()
	viewtest.CheckFrame(t, out, w, h)
}

// fnTable is a dark functions table of w×h holding rows.
func fnTable(w, h int, rows []views.FunctionRow) *kit.Table[views.FunctionRow] {
	tb := views.NewFunctionsTable(viewtest.Dark())
	tb.SetSize(w, h)
	tb.SetItems(rows)
	return tb
}

func TestTableFitsEverySize(t *testing.T) {
	st := viewtest.Dark()
	tb := views.NewFunctionsTable(st)
	tb.SetItems(viewtest.ManyFunctionRows(50))
	for w := 20; w <= 220; w += 7 {
		for h := 1; h <= 40; h += 3 {
			tb.SetSize(w, h)
			checkFrame(t, tb.View("empty"), w, h)
		}
	}
	empty := views.NewFunctionsTable(st)
	empty.SetSize(80, 10)
	out := empty.View("no Lambda functions in this region")
	checkFrame(t, out, 80, 10)
	if !strings.Contains(out, "no Lambda functions") {
		t.Fatal("empty text missing")
	}
}

func TestFuzzyFilterRanksAndKeepsSelection(t *testing.T) {
	tb := fnTable(120, 20, viewtest.ManyFunctionRows(100))
	tb.Move(5)
	sel, _ := tb.Selected()
	tb.SetFilter("paywh")
	if tb.Len() == 0 || tb.Len() == 100 {
		t.Fatalf("filter kept %d of 100 rows", tb.Len())
	}
	first, _ := tb.Selected()
	if !strings.HasPrefix(first.Fn.Name, "payments-webhook") {
		t.Fatalf("best match should rank first, got %s", first.Fn.Name)
	}
	// The filter survives new data.
	tb.SetItems(viewtest.ManyFunctionRows(100))
	if tb.Filter() != "paywh" || tb.Len() == 100 {
		t.Fatal("filter lost on refresh")
	}
	tb.Move(1)
	found, _ := tb.Selected()
	tb.SetFilter("")
	if tb.Len() != 100 {
		t.Fatal("clearing the filter did not restore rows")
	}
	// Clearing the filter keeps the row the user found with it.
	got, _ := tb.Selected()
	if got.Fn.Name != found.Fn.Name || got.Fn.Name == sel.Fn.Name {
		t.Fatalf("after clearing the filter the selection is %s, want %s", got.Fn.Name, found.Fn.Name)
	}
}

func TestMatchesAreHighlighted(t *testing.T) {
	st := viewtest.Dark()
	tb := fnTable(100, 5, viewtest.ManyFunctionRows(20))
	tb.SetFilter("orders")
	out := tb.View("")
	hi := st.Table.Match.Render("o")
	if !strings.Contains(out, strings.TrimSuffix(hi, ansi.Strip(hi))[:4]) {
		t.Fatal("no highlight escape in filtered output")
	}
}

func TestSortByColumnAndSelectionSurvives(t *testing.T) {
	rows := viewtest.ManyFunctionRows(30)
	rows[7].Live.ErrRate = 0.9
	rows[3].Live = nil // not loaded yet: sorts last
	tb := fnTable(200, 30, rows)
	if !tb.SortBy(views.FnErrorRate, true) {
		t.Fatal("ERR% not sortable")
	}
	top, _ := tb.Selected()
	tb.Top()
	top, _ = tb.Selected()
	if top.Fn.Name != rows[7].Fn.Name {
		t.Fatalf("highest error rate should be first, got %s", top.Fn.Name)
	}
	tb.Bottom()
	last, _ := tb.Selected()
	if last.Fn.Name != rows[3].Fn.Name {
		t.Fatalf("rows without data should sort last, got %s", last.Fn.Name)
	}
	tb.ReverseSort()
	if col, desc := tb.Sort(); col != views.FnErrorRate || desc {
		t.Fatalf("reverse: %d %v", col, desc)
	}
	if got := tb.SortLabel(); got != "ERR%↑" {
		t.Fatalf("sort label after reverse = %q, want ERR%%↑", got)
	}
	sel, _ := tb.Selected()
	if sel.Fn.Name != rows[3].Fn.Name {
		t.Fatal("selection moved when the sort was reversed")
	}
}

func TestNavigationClamps(t *testing.T) {
	tb := fnTable(80, 10, viewtest.ManyFunctionRows(25))
	tb.Move(-5)
	if tb.Cursor() != 0 {
		t.Fatal("cursor below zero")
	}
	tb.Page(1)
	tb.Page(1)
	tb.Page(1)
	tb.Page(1)
	if tb.Cursor() != 24 {
		t.Fatalf("page down should stop at the last row, got %d", tb.Cursor())
	}
	tb.Scroll(-100)
	if tb.Cursor() > 8 {
		t.Fatalf("scrolling up should drag the cursor onto the screen, got %d", tb.Cursor())
	}
	if !tb.Click(2) {
		t.Fatal("click on a row")
	}
	if len(tb.Visible()) != 9 {
		t.Fatalf("visible rows: %d", len(tb.Visible()))
	}
}

// TestLiveCellStates: not asked, loading, not permitted, failed, no data
// and one failed series each look different; "n/a" means only "not
// permitted", and a failed series is "err" while the others show.
func TestLiveCellStates(t *testing.T) {
	st := theme.New(theme.NoColor)
	tb := views.NewFunctionsTable(st)
	tb.SetSize(200, 8)
	rows := viewtest.ManyFunctionRows(6)
	rows[0].Live = nil
	rows[1].Live = &views.FunctionLive{Loading: true, InvPerMin: math.NaN(), ErrRate: math.NaN(), Throttles: math.NaN(), P95: math.NaN(), MaxConc: math.NaN()}
	rows[2].Live = &views.FunctionLive{Denied: true, Err: "no permission: cloudwatch:GetMetricData"}
	rows[3].Live = &views.FunctionLive{Err: "CloudWatch answered HTTP 500"}
	rows[4].Live = &views.FunctionLive{InvPerMin: 0, ErrRate: math.NaN(), P95: math.NaN(), MaxConc: 0}
	rows[5].Live = &views.FunctionLive{InvPerMin: 12, ErrRate: 0.5, Throttles: 3, P95: math.NaN(), MaxConc: 4,
		Failed: views.LiveFailures{P95: "CloudWatch answered HTTP 500"}}
	tb.SetItems(rows)
	out := viewtest.Plain(tb.View(""))
	lines := strings.Split(out, "\n")
	cells := func(i int) []string { f := strings.Fields(lines[i+1]); return f[len(f)-6:] }
	want := [][]string{
		{"·", "·", "·", "·", "·", "·"},
		{"·", "…", "…", "…", "…", "…"},
		{"·", "n/a", "n/a", "n/a", "n/a", "n/a"},
		{"·", "err", "err", "err", "err", "err"},
		{"·", "0", "—", "0", "—", "0"},
		{"·", "12", "50%", "3", "err", "4"},
	}
	for i, w := range want {
		if got := cells(i); !slices.Equal(got, w) {
			t.Errorf("row %d: RSV and live cells %q, want %q\n%s", i, got, w, out)
		}
	}
}

// BenchmarkFuzzyFilter10k switches among queries typed before: after the
// first round their results are kept, so this is the cost of showing a
// kept result (backspace), not of a pass.
func BenchmarkFuzzyFilter10k(b *testing.B) {
	tb := fnTable(200, 60, viewtest.ManyFunctionRows(10_000))
	queries := []string{"pay", "chkapi", "img-res", "orders-con", "x"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tb.SetFilter(queries[i%len(queries)])
		i++
	}
}

// BenchmarkFilterAfterRefresh10k is the dearest keystroke at 10,000
// functions: the first letter after the rows changed (a metrics or list
// refresh), which builds the filter's index and passes over every row.
// "inline" does both at once, as SetFilter does; "plan" is what the
// keystroke costs the TUI's event loop, which plans a pass this big and
// runs it off the loop: planning reads no row, the job builds the index.
func BenchmarkFilterAfterRefresh10k(b *testing.B) {
	rows := viewtest.ManyFunctionRows(10_000)
	for _, c := range []struct {
		name string
		key  func(tb *kit.Table[views.FunctionRow]) bool
	}{
		{"inline", func(tb *kit.Table[views.FunctionRow]) bool { tb.SetFilter("p"); return true }},
		{"plan", func(tb *kit.Table[views.FunctionRow]) bool { return tb.PlanFilter("p", 2000) != nil }},
	} {
		b.Run(c.name, func(b *testing.B) {
			tb := fnTable(200, 60, rows)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				tb.SetFilter("")
				tb.SetItems(rows)
				b.StartTimer()
				if !c.key(tb) {
					b.Fatal("a pass over 10,000 rows was not planned as a job")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/key")
		})
	}
}

func BenchmarkTableView10k(b *testing.B) {
	tb := fnTable(200, 60, viewtest.ManyFunctionRows(10_000))
	b.ReportAllocs()
	for b.Loop() {
		tb.Move(1)
		_ = tb.View("")
	}
}

// TestPodsTableHostileNames: names from the cluster pass the sanitizer.
func TestPodsTableHostileNames(t *testing.T) {
	rows := viewtest.ManyPodRows(1)
	rows[0].Pod.Name = "evil\x1b]52;c;aGk=\x07pod"
	rows[0].Pod.Node = "node\x1b[2J"
	tb := views.NewPodsTable(viewtest.Dark(), true, true, viewtest.Now)
	tb.SetSize(200, 5)
	tb.SetItems(rows)
	out := viewtest.Plain(tb.View(""))
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "evil") {
		t.Errorf("escape reached the table:\n%q", out)
	}
}

func TestSelectorText(t *testing.T) {
	got := views.SelectorText([]providers.FargateSelector{{Namespace: "payments", Labels: map[string]string{"tier": "api", "team": "pay"}}, {Namespace: "web-*"}})
	if got != "payments team=pay tier=api; web-*" {
		t.Errorf("SelectorText = %q", got)
	}
}

func BenchmarkPodsTableView5k(b *testing.B) {
	tb := views.NewPodsTable(viewtest.Dark(), true, true, viewtest.Now)
	tb.SetSize(200, 50)
	tb.SetItems(viewtest.ManyPodRows(5000))
	b.ReportAllocs()
	for b.Loop() {
		tb.Move(1)
		_ = tb.View("")
	}
}
