package kit_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

func shown(tb *kit.Table[host]) []string {
	var out []string
	for i := range tb.Len() {
		tb.Top()
		tb.Move(i)
		h, _ := tb.Selected()
		out = append(out, h.name)
	}
	return out
}

func TestTableFilterSearchesOtherColumns(t *testing.T) {
	tb := hosts(theme.New(theme.Dark))
	tb.SetSearch(func(h host) []string { return []string{"load " + strconv.Itoa(h.load)} })
	tb.SetSize(40, 8)
	tb.SetFilter("load 90")
	if got := shown(tb); !slices.Equal(got, []string{"web-2"}) {
		t.Fatalf("/load 90 shows %q", got)
	}
	// Without a search function only names match.
	plain := hosts(theme.New(theme.Dark))
	plain.SetFilter("load")
	if plain.Len() != 0 {
		t.Fatalf("/load matched %d rows by name", plain.Len())
	}
}

func TestTableFilterKeepsSortAmongColumnMatches(t *testing.T) {
	tb := hosts(theme.New(theme.Dark))
	tb.SetSearch(func(h host) []string { return []string{"rack-a"} })
	tb.SortBy(colLoad, true)
	tb.SetSize(40, 8)
	tb.SetFilter("rack")
	if got := shown(tb); !slices.Equal(got, []string{"web-2", "db-1", "web-1", "cache-1"}) {
		t.Fatalf("/rack sorted by load shows %q", got)
	}
}

// TestTableFilterJob runs a filter the way the root model runs a big one:
// planned, computed elsewhere, applied; and dropped when the rows changed
// meanwhile.
func TestTableFilterJob(t *testing.T) {
	tb := hosts(theme.New(theme.Dark))
	tb.SetSize(40, 8)
	job := tb.PlanFilter("web", 0)
	if job == nil {
		t.Fatal("no job for a pass over 4 rows with minRows 0")
	}
	if tb.Filter() != "" || tb.Len() != 4 {
		t.Fatalf("planning changed the table: filter %q, %d rows", tb.Filter(), tb.Len())
	}
	job.Run()
	if !tb.ApplyFilter(job) || tb.Filter() != "web" || tb.Len() != 2 {
		t.Fatalf("applied: filter %q, %d rows", tb.Filter(), tb.Len())
	}
	// Kept results are applied at once, with no job.
	tb.SetFilter("")
	if job := tb.PlanFilter("web", 0); job != nil || tb.Len() != 2 {
		t.Fatalf("a kept result gave a job (%v) and %d rows", job != nil, tb.Len())
	}
	// Rows that change under a running job make it stale.
	tb.SetFilter("")
	job = tb.PlanFilter("db", 0)
	job.Run()
	tb.SetItems([]host{{"db-1", 1}, {"db-2", 2}})
	if tb.ApplyFilter(job) || tb.Filter() != "" {
		t.Fatalf("a stale job was applied: filter %q", tb.Filter())
	}
	// Small passes do not need a job.
	if job := tb.PlanFilter("db", 100); job != nil || tb.Len() != 2 {
		t.Fatalf("a small pass gave a job (%v) and %d rows", job != nil, tb.Len())
	}
}

// TestTableFilterNarrowsAndReuses types a query, deletes it and types
// another: every step shows what a fresh table shows for that query.
func TestTableFilterNarrowsAndReuses(t *testing.T) {
	var hs []host
	for i := range 300 {
		hs = append(hs, host{name: fmt.Sprintf("%s-%d", []string{"web", "db", "cache", "queue"}[i%4], i), load: i % 97})
	}
	search := func(h host) []string { return []string{"load" + strconv.Itoa(h.load)} }
	tb := hosts(theme.New(theme.Dark))
	tb.SetSearch(search)
	tb.SetItems(hs)
	tb.SetSize(40, 400)
	steps := []string{"w", "we", "web", "web 1", "web 1", "web", "we", "w", "", "l", "lo", "load9", "load9 !web", "load9"}
	for _, q := range steps {
		tb.SetFilter(q)
		fresh := hosts(theme.New(theme.Dark))
		fresh.SetSearch(search)
		fresh.SetItems(hs)
		fresh.SetSize(40, 400)
		fresh.SetFilter(q)
		if got, want := shown(tb), shown(fresh); !slices.Equal(got, want) {
			t.Fatalf("/%s shows %d rows, a fresh table %d", q, len(got), len(want))
		}
	}
}

// TestTableFilterJobRunsBesideTheTable runs a job on another goroutine
// while the table's rows, filter and sort change, as the root model does
// with a big filter (run with -race).
func TestTableFilterJobRunsBesideTheTable(t *testing.T) {
	rows := func(n int) []host {
		var hs []host
		for i := range n {
			hs = append(hs, host{name: fmt.Sprintf("web-%d", i), load: i % 100})
		}
		return hs
	}
	tb := hosts(theme.New(theme.Dark))
	tb.SetSearch(func(h host) []string { return []string{"load" + strconv.Itoa(h.load)} })
	tb.SetItems(rows(3000))
	tb.SetSize(60, 20)
	job := tb.PlanFilter("web 1", 0)
	done := make(chan struct{})
	go func() {
		job.Run()
		close(done)
	}()
	for i := range 20 {
		tb.SetItems(rows(3000 + i))
		tb.SetFilter("load" + strconv.Itoa(i))
		tb.CycleSort()
		_ = tb.View("")
	}
	<-done
	if tb.ApplyFilter(job) {
		t.Fatal("a job planned before the rows changed was applied")
	}
}

// TestTableFilterJobBuildsTheIndexOffTheLoop: after the rows change, the
// first big filter's job builds the index itself, so planning it (on the
// event loop) reads no row; the index is kept for the keystrokes after.
func TestTableFilterJobBuildsTheIndexOffTheLoop(t *testing.T) {
	reads := 0
	tb := hosts(theme.New(theme.Dark))
	tb.SetSearch(func(h host) []string { reads++; return []string{"load" + strconv.Itoa(h.load)} })
	var hs []host
	for i := range 5000 {
		hs = append(hs, host{name: fmt.Sprintf("web-%d", i), load: i % 100})
	}
	tb.SetItems(hs)
	tb.SetSize(60, 20)
	reads = 0
	job := tb.PlanFilter("web", 0)
	if job == nil || reads != 0 {
		t.Fatalf("planning the first filter read %d rows (job %v): the index must be built by the job", reads, job != nil)
	}
	job.Run()
	if reads != len(hs) || !tb.ApplyFilter(job) {
		t.Fatalf("the job read %d rows, want %d, and must apply", reads, len(hs))
	}
	next := tb.PlanFilter("web-1", 0)
	next.Run()
	if reads != len(hs) || !tb.ApplyFilter(next) || tb.Len() == 0 || tb.Len() == len(hs) {
		t.Fatalf("the next keystroke rebuilt the index (%d reads) or shows %d rows", reads, tb.Len())
	}
}
