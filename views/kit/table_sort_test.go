package kit_test

import (
	"cmp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

type fn struct {
	name, runtime string
	mem, errs     int
}

// functions has two sortable columns that start with M (MEM, MODS) and
// one (ERRORS) that is the first to go on a narrow screen.
func functions() *kit.Table[fn] {
	cols := []kit.Column[fn]{
		{Title: "NAME", Min: 6, Max: 20, Flex: true, Cell: func(f fn) kit.Cell { return kit.Cell{Text: f.name} },
			Compare: func(a, b fn) int { return cmp.Compare(a.name, b.name) }},
		{Title: "RUNTIME", Min: 7, Cell: func(f fn) kit.Cell { return kit.Cell{Text: f.runtime} },
			Compare: func(a, b fn) int { return cmp.Compare(a.runtime, b.runtime) }},
		{Title: "MEM", Min: 4, Right: true, Cell: func(f fn) kit.Cell { return kit.Cell{Text: strconv.Itoa(f.mem)} },
			Compare: func(a, b fn) int { return cmp.Compare(a.mem, b.mem) }},
		{Title: "MODS", Min: 4, Right: true, Cell: func(f fn) kit.Cell { return kit.Cell{Text: "x"} },
			Compare: func(a, b fn) int { return cmp.Compare(len(a.name), len(b.name)) }},
		{Title: "ERRORS", Min: 6, Right: true, Drop: 1, Cell: func(f fn) kit.Cell { return kit.Cell{Text: strconv.Itoa(f.errs)} },
			Compare: func(a, b fn) int { return cmp.Compare(a.errs, b.errs) }},
	}
	tb := kit.NewTable(theme.New(theme.Dark), cols, func(f fn) string { return f.name }, func(f fn) string { return f.name })
	tb.SetItems([]fn{{"alpha", "go", 128, 3}, {"bravo", "python", 1024, 0}, {"charlie", "node", 512, 9}})
	return tb
}

// TestSortByLetter: shift+letter sorts by the visible column whose title
// starts with it, the cursor going to the top row; again, it reverses;
// several titles with one letter take turns; a hidden column is not
// sorted by.
func TestSortByLetter(t *testing.T) {
	tb := functions()
	tb.SetSize(60, 6)
	tb.SelectKey("charlie")
	if !tb.SortByLetter('R') || tb.SortLabel() != "RUNTIME↑" {
		t.Fatalf("R sorted by %q", tb.SortLabel())
	}
	if sel, _ := tb.Selected(); sel.name != "alpha" {
		t.Fatalf("after sorting the cursor is on %s, want the top row (alpha, go)", sel.name)
	}
	tb.SortByLetter('R')
	if tb.SortLabel() != "RUNTIME↓" {
		t.Fatalf("R again gave %q, want it reversed", tb.SortLabel())
	}
	tb.SortByLetter('M')
	if tb.SortLabel() != "MEM↓" {
		t.Fatalf("M gave %q", tb.SortLabel())
	}
	if sel, _ := tb.Selected(); sel.name != "bravo" {
		t.Fatalf("top row after MEM↓ is %s, want bravo", sel.name)
	}
	tb.SortByLetter('M')
	if tb.SortLabel() != "MODS↓" {
		t.Fatalf("M again gave %q, want the next M column", tb.SortLabel())
	}
	if tb.SortByLetter('Z') {
		t.Fatal("Z sorted by a column that does not exist")
	}
	tb.SetSize(28, 6) // ERRORS is dropped
	if head := ansi.Strip(strings.Split(tb.View(""), "\n")[0]); strings.Contains(head, "ERRORS") {
		t.Fatalf("ERRORS still shown at 28 columns: %q", head)
	}
	if tb.SortByLetter('E') {
		t.Fatal("E sorted by a hidden column")
	}
}

// TestCycleSortSkipsHiddenColumns: o steps only through columns on screen.
func TestCycleSortSkipsHiddenColumns(t *testing.T) {
	tb := functions()
	tb.SetSize(28, 6)
	var seen []string
	for range 6 {
		tb.CycleSort()
		seen = append(seen, tb.SortLabel())
	}
	if got := strings.Join(seen, ","); got != "NAME↑,RUNTIME↑,MEM↓,MODS↓,,NAME↑" {
		t.Fatalf("o cycled through %s", got)
	}
}

// TestSortArrowKeepsTitle: a title as wide as its column keeps every
// letter when the arrow is added; the column grows by one.
func TestSortArrowKeepsTitle(t *testing.T) {
	for _, w := range []int{28, 40, 60} {
		tb := functions()
		tb.SetSize(w, 6)
		tb.SortByLetter('R')
		head := ansi.Strip(strings.Split(tb.View(""), "\n")[0])
		if !strings.Contains(head, "RUNTIME↑") {
			t.Fatalf("at %d columns the header is %q", w, head)
		}
		if ansi.StringWidth(head) != w {
			t.Fatalf("header is %d cells wide, want %d", ansi.StringWidth(head), w)
		}
	}
}
