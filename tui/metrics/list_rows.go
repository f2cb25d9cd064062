package metrics

import (
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// The rows of the functions tables: each holds its function's live entry
// and what is known of its reserved concurrency, which ListFunctions does
// not say.

// Rows pairs functions with their live figures and their reservations.
func (l *List) Rows(fns []providers.Function) []views.FunctionRow {
	rows := make([]views.FunctionRow, len(fns))
	for i, f := range fns {
		if n, ok := l.reads.Of(f.Name); ok {
			f.Reserved, f.ReservedKnown = n, true
		}
		rows[i] = views.FunctionRow{Fn: f, Live: l.live[f.Name]}
	}
	return rows
}

// RefreshRows rebuilds the rows of every functions table, so new figures
// or a new reservation show at once.
func (l *List) RefreshRows() {
	for _, t := range l.host.FunctionsTables() {
		t.SetItems(l.Rows(functionsOf(t.Items())))
	}
	l.host.SyncDetail()
}

// Replace puts a function's fresh configuration (GetFunction, after an
// action) in every row of name.
func (l *List) Replace(name string, fn providers.Function) {
	for _, t := range l.host.FunctionsTables() {
		fns := functionsOf(t.Items())
		for i := range fns {
			if fns[i].Name == name {
				fns[i] = fn
			}
		}
		t.SetItems(l.Rows(fns))
	}
	l.host.SyncDetail()
}

// OnScreen lists the rows of the functions table on top, the selection
// first; none while calls are paused.
func (l *List) OnScreen() []string {
	t := l.host.FunctionsTable()
	if t == nil || l.host.Paused() {
		return nil
	}
	var out []string
	if r, ok := t.Selected(); ok {
		out = append(out, r.Fn.Name)
	}
	for _, r := range t.Visible() {
		out = append(out, r.Fn.Name)
	}
	return out
}

// ShowReserved puts the reservations read since into the rows, in place:
// the table renders rows from its items every frame, so only a table
// sorted by RSV or LIMIT needs its order rebuilt (at 10,000 functions a
// rebuild costs about 4 ms, patching a fraction of that).
func (l *List) ShowReserved() {
	for _, t := range l.host.FunctionsTables() {
		items := t.Items()
		for i := range items {
			if n, ok := l.reads.Of(items[i].Fn.Name); ok {
				items[i].Fn.Reserved, items[i].Fn.ReservedKnown = n, true
			}
		}
		if col, _ := t.Sort(); col == views.FnReserved || col == views.FnLimit {
			t.SetItems(items)
		}
	}
	l.host.SyncDetail()
}

func functionsOf(rows []views.FunctionRow) []providers.Function {
	out := make([]providers.Function, len(rows))
	for i, r := range rows {
		out[i] = r.Fn
	}
	return out
}
