package views_test

import (
	"testing"

	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// sized is what every table shares for a snapshot.
type sized interface {
	SetSize(w, h int)
	View(empty string) string
}

func show(tb sized, w, h int, empty string) string {
	tb.SetSize(w, h)
	return tb.View(empty)
}

// functions is the functions table holding the fixture rows.
func functions(st *theme.Styles) *kit.Table[views.FunctionRow] {
	tb := views.NewFunctionsTable(st)
	tb.SetItems(viewtest.FunctionRows())
	return tb
}

// TestTablesGolden snapshots the resource tables from fixture data at
// every size and palette: which columns survive a narrow terminal, the
// tones of each status, the live columns in each of their states.
// Regenerate with: go test ./views -run Golden -update
func TestTablesGolden(t *testing.T) {
	viewtest.Golden(t, "functions", func(_ *testing.T, st *theme.Styles, w, h int) string {
		return show(functions(st), w, h, "")
	})
	viewtest.Golden(t, "functions-sorted-blurred", func(t *testing.T, st *theme.Styles, w, h int) string {
		tb := functions(st)
		if !tb.SortBy(views.FnErrorRate, true) {
			t.Fatal("ERR% is not sortable")
		}
		tb.SetSize(w, h)
		tb.Move(2)
		tb.SetFocused(false)
		return tb.View("")
	})
	viewtest.Golden(t, "functions-filter", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := functions(st)
		tb.SetFilter("ck")
		return show(tb, w, h, "")
	})
	viewtest.Golden(t, "functions-empty", func(_ *testing.T, st *theme.Styles, w, h int) string {
		return show(views.NewFunctionsTable(st), w, h, "no Lambda functions in this region")
	})
	viewtest.Golden(t, "clusters", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewClustersTable(st)
		tb.SetItems(viewtest.Clusters())
		return show(tb, w, h, "")
	})
	viewtest.Golden(t, "services", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewServicesTable(st, views.AllClusters)
		tb.SetItems(viewtest.Services())
		tb.SetSize(w, h)
		tb.Move(2)
		return tb.View("")
	})
	viewtest.Golden(t, "services-one-cluster", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewServicesTable(st, views.OneCluster)
		tb.SetItems(viewtest.Services())
		return show(tb, w, h, "")
	})
	viewtest.Golden(t, "tasks", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewTasksTable(st, viewtest.Now, views.OneCluster)
		tb.SetItems(viewtest.Tasks())
		tb.CycleSort()
		return show(tb, w, h, "")
	})
	viewtest.Golden(t, "tasks-all-clusters", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewTasksTable(st, viewtest.Now, views.AllClusters)
		tb.SetItems(viewtest.Tasks())
		return show(tb, w, h, "")
	})
	viewtest.Golden(t, "journal", func(_ *testing.T, st *theme.Styles, w, h int) string {
		tb := views.NewJournalTable(st)
		tb.SetItems(viewtest.Journal())
		return show(tb, w, h, "")
	})
}
