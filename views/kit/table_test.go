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

// host is a row type the kit knows nothing about.
type host struct {
	name string
	load int
}

const (
	colName kit.ColumnID = iota + 1
	colLoad
)

func hosts(st *theme.Styles) *kit.Table[host] {
	cols := []kit.Column[host]{
		{ID: colName, Title: "HOST", Min: 8, Max: 30, Flex: true,
			Cell:    func(h host) kit.Cell { return kit.Cell{Text: h.name} },
			Compare: func(a, b host) int { return cmp.Compare(a.name, b.name) }},
		{ID: colLoad, Title: "LOAD", Min: 5, Right: true,
			Cell:    func(h host) kit.Cell { return kit.Cell{Text: strconv.Itoa(h.load), Tone: kit.ToneWarn} },
			Compare: func(a, b host) int { return cmp.Compare(a.load, b.load) }},
		{Title: "NOTE", Min: 20, Drop: 1, Cell: func(h host) kit.Cell { return kit.Cell{Text: "note on " + h.name, Tone: kit.ToneMuted} }},
	}
	tb := kit.NewTable(st, cols, func(h host) string { return h.name }, func(h host) string { return h.name })
	tb.SetItems([]host{{"web-1", 30}, {"web-2", 90}, {"db-1", 60}, {"cache-1", 10}})
	return tb
}

func lines(t *testing.T, out string, w, h int) []string {
	t.Helper()
	ls := strings.Split(out, "\n")
	if len(ls) != h {
		t.Fatalf("%d lines, want %d", len(ls), h)
	}
	for i, l := range ls {
		if ansi.StringWidth(l) != w {
			t.Fatalf("line %d is %d cells, want %d: %q", i, ansi.StringWidth(l), w, ansi.Strip(l))
		}
		ls[i] = ansi.Strip(l)
	}
	return ls
}

func TestTableSortsByColumnID(t *testing.T) {
	tb := hosts(theme.New(theme.Dark))
	tb.SetSize(40, 6)
	if id, _ := tb.Sort(); id != 0 || tb.SortLabel() != "" {
		t.Fatalf("a new table is sorted by %d %q", id, tb.SortLabel())
	}
	tb.SelectKey("db-1")
	tb.CycleSort() // HOST, ascending: text columns sort A to Z
	tb.CycleSort() // LOAD, descending: numbers sort largest first
	if id, desc := tb.Sort(); id != colLoad || !desc || tb.SortLabel() != "LOAD↓" {
		t.Fatalf("sort = %d %v %q", id, desc, tb.SortLabel())
	}
	ls := lines(t, tb.View(""), 40, 6)
	if !strings.HasPrefix(ls[0], "HOST") || !strings.Contains(ls[0], "LOAD↓") || !strings.HasPrefix(ls[1], "web-2") {
		t.Fatalf("sorted view:\n%s", strings.Join(ls, "\n"))
	}
	if sel, _ := tb.Selected(); sel.name != "web-2" {
		t.Fatalf("after sorting the cursor is on %s, want the top row", sel.name)
	}
	if tb.SortBy(kit.ColumnID(99), false) || tb.SortBy(0, false) {
		t.Fatal("SortBy accepted a column that does not exist")
	}
}

func TestTableDropsColumnsThatDoNotFit(t *testing.T) {
	tb := hosts(theme.New(theme.Light))
	tb.SetSize(60, 3)
	if ls := lines(t, tb.View(""), 60, 3); !strings.Contains(ls[0], "NOTE") {
		t.Fatalf("NOTE missing at 60 columns: %q", ls[0])
	}
	tb.SetSize(20, 3)
	if ls := lines(t, tb.View(""), 20, 3); strings.Contains(ls[0], "NOTE") || !strings.Contains(ls[0], "LOAD") {
		t.Fatalf("at 20 columns the header is %q", ls[0])
	}
	tb.SetSize(4, 3)
	lines(t, tb.View(""), 4, 3)
}

func TestTableFilterHighlightsAndRestoresSelection(t *testing.T) {
	tb := hosts(theme.New(theme.Dark))
	tb.SetSize(40, 6)
	tb.SetFilter("wb2")
	if tb.Len() != 1 || tb.Total() != 4 {
		t.Fatalf("filter kept %d of %d", tb.Len(), tb.Total())
	}
	out := tb.View("")
	if !strings.Contains(ansi.Strip(out), "web-2") || strings.Count(out, "\x1b[") < 4 {
		t.Fatalf("the match is not highlighted: %q", out)
	}
	tb.SetFilter("")
	if sel, _ := tb.Selected(); sel.name != "web-2" || tb.Len() != 4 {
		t.Fatalf("clearing the filter left %s selected of %d", sel.name, tb.Len())
	}
	tb.SetFilter("zzz")
	if ls := lines(t, tb.View("nothing matches"), 40, 6); !strings.Contains(strings.Join(ls, "\n"), "nothing matches") {
		t.Fatal("the empty text is missing")
	}
}

func TestPaneScrollsAndSaysWhere(t *testing.T) {
	p := kit.NewPane(theme.New(theme.Dark))
	p.SetSize(30, 5, true)
	var body []string
	for i := range 20 {
		body = append(body, "line "+strconv.Itoa(i))
	}
	p.SetContent("detail", body)
	ls := lines(t, p.View(), 30, 5)
	if !strings.Contains(ls[0], "detail [1-4/20]") || !strings.HasPrefix(ls[1], "│ line 0") {
		t.Fatalf("pane:\n%s", strings.Join(ls, "\n"))
	}
	p.ScrollBottom()
	if ls = lines(t, p.View(), 30, 5); !strings.Contains(ls[4], "line 19") || !strings.Contains(ls[0], "[17-20/20]") {
		t.Fatalf("bottom:\n%s", strings.Join(ls, "\n"))
	}
	p.SetContent("detail", body) // a refresh keeps the place
	if ls = lines(t, p.View(), 30, 5); !strings.Contains(ls[4], "line 19") {
		t.Fatal("a refresh moved the pane")
	}
	p.SetContent("other", body) // a new selection starts at the top
	if ls = lines(t, p.View(), 30, 5); !strings.Contains(ls[1], "line 0") {
		t.Fatal("a new title kept the old scroll")
	}
}

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
	for _, step := range []struct {
		letter rune
		label  string // the sort after the key
		top    string // the row under the cursor after it; "" not checked
	}{
		{'R', "RUNTIME↑", "alpha"}, // the cursor goes to the top row (alpha, go)
		{'R', "RUNTIME↓", ""},      // again: reversed
		{'M', "MEM↓", "bravo"},
		{'M', "MODS↓", ""}, // again: the next M column
	} {
		if !tb.SortByLetter(step.letter) || tb.SortLabel() != step.label {
			t.Fatalf("%c sorted by %q, want %q", step.letter, tb.SortLabel(), step.label)
		}
		if sel, _ := tb.Selected(); step.top != "" && sel.name != step.top {
			t.Fatalf("after %c the cursor is on %s, want the top row %s", step.letter, sel.name, step.top)
		}
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

// TestTextColumnAndTextOrDash: a text column shows its string sanitized
// to one line in its tone and sorts by it; TextOrDash is a muted "—"
// for an empty string and the string sanitized otherwise.
func TestTextColumnAndTextOrDash(t *testing.T) {
	col := kit.TextColumn(kit.Column[host]{Title: "HOST", Min: 8}, kit.ToneInfo, func(h host) string { return h.name })
	if col.Title != "HOST" || col.Min != 8 {
		t.Errorf("the column lost its layout: %+v", col)
	}
	if c := col.Cell(host{name: "web\x1b[2J\n1"}); strings.ContainsAny(c.Text, "\x1b\n") || !strings.Contains(c.Text, "web") || c.Tone != kit.ToneInfo {
		t.Errorf("cell %+v: want the name sanitized, in ToneInfo", c)
	}
	if col.Compare(host{name: "db-1"}, host{name: "web-1"}) >= 0 || col.Compare(host{name: "b"}, host{name: "b"}) != 0 {
		t.Error("the column does not sort by its string")
	}
	for _, c := range []struct {
		in   string
		want kit.Cell
	}{
		{"", kit.Cell{Text: "—", Tone: kit.ToneMuted}},
		{"\x1b\x07", kit.Cell{Text: "␛␇", Tone: kit.ToneWarn}},
		{"0.25vCPU 1GB", kit.Cell{Text: "0.25vCPU 1GB", Tone: kit.ToneWarn}},
	} {
		if got := kit.TextOrDash(c.in, kit.ToneWarn); got != c.want {
			t.Errorf("TextOrDash(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}
