package kit

import "github.com/virgahq/virga/views/filter"

// SetSearch names the text of an item's other columns, which "/" matches
// by substring besides the name (runtime, status, cluster, ...).
func (t *Table[T]) SetSearch(fields func(T) []string) {
	t.search = fields
	t.dataChanged()
	t.reorder()
	t.clamp()
}

// keptResults bounds the results kept for backspace and narrowing: one
// per letter of a typical query.
const keptResults = 12

// dataChanged drops what was derived from the items: the natural order,
// the filter's index and its results.
func (t *Table[T]) dataChanged() {
	t.dataGen++
	t.natural, t.index, t.results = nil, nil, nil
}

// find returns q's rows: a kept result, or a pass over the smallest kept
// result q narrows (typing more only removes rows), or over every row.
func (t *Table[T]) find(q filter.Query) *filter.Result {
	r, job := t.plan(q)
	if r == nil {
		r, t.index = job()
		t.keep(r)
	}
	return r
}

// plan returns q's result when it is kept, or the work to compute it and
// the index it used. The work reads only the candidates and the index,
// which nothing modifies; after a data change it builds the index itself
// from the items as they are now (SetItems replaces the slice, it never
// writes into it), so even that pass over every row may run on another
// goroutine instead of the first keystroke after a refresh.
func (t *Table[T]) plan(q filter.Query) (*filter.Result, func() (*filter.Result, *filter.Index)) {
	for _, r := range t.results {
		if r.Query.String() == q.String() {
			return r, nil
		}
	}
	candidates := t.natural
	for _, r := range t.results {
		if q.Refines(r.Query) && len(r.Kept()) < len(candidates) {
			candidates = r.Kept()
		}
	}
	ix, items, name, search := t.index, t.items, t.name, t.search
	return nil, func() (*filter.Result, *filter.Index) {
		if ix == nil {
			ix = filter.NewIndex(len(items), func(i int) filter.Row {
				r := filter.Row{Name: name(items[i])}
				if search != nil {
					r.Fields = search(items[i])
				}
				return r
			})
		}
		return ix.Find(q, candidates), ix
	}
}

func (t *Table[T]) keep(r *filter.Result) {
	if len(t.results) == keptResults {
		t.results = append(t.results[:0], t.results[1:]...)
	}
	t.results = append(t.results, r)
}

// show makes r the display order.
func (t *Table[T]) show(r *filter.Result) {
	t.order = t.order[:0]
	t.matches = t.matches[:0]
	for _, m := range r.Matches {
		t.order = append(t.order, m.Row)
		t.matches = append(t.matches, m.Pos)
	}
}

// FilterJob is a filter computed off the event loop: Run it on another
// goroutine, then hand it to ApplyFilter.
type FilterJob struct {
	query   string
	dataGen int
	run     func() (*filter.Result, *filter.Index)
	result  *filter.Result
	index   *filter.Index
}

// Run computes the result. It touches nothing the table owns.
func (j *FilterJob) Run() { j.result, j.index = j.run() }

// Query is the filter text the job is for.
func (j *FilterJob) Query() string { return j.query }

// PlanFilter returns the work of filtering for q when it would cost at
// least minRows rows' worth of matching (Table.cost); otherwise (or when q's result is kept) it
// applies q at once and returns nil.
func (t *Table[T]) PlanFilter(q string, minRows int) *FilterJob {
	if q == t.filter {
		return nil
	}
	pq := filter.Parse(q)
	if pq.Empty() {
		t.setFilter(q, nil)
		return nil
	}
	if t.natural == nil {
		t.reorder()
	}
	r, run := t.plan(pq)
	if r != nil {
		t.setFilter(q, r)
		return nil
	}
	if t.cost(pq) < minRows {
		r, t.index = run()
		t.keep(r)
		t.setFilter(q, r)
		return nil
	}
	return &FilterJob{query: q, dataGen: t.dataGen, run: run}
}

// cost is the work of filtering for q in rows' worth of matching: the
// pass, and building the index first when the rows changed since the
// last filter (about as dear as a full pass: BenchmarkIndex10k and
// BenchmarkFilterFullPass10k in views/filter).
func (t *Table[T]) cost(q filter.Query) int {
	c := q.Cost(t.candidates(q))
	if t.index == nil {
		c += len(t.items)
	}
	return c
}

// candidates is how many rows a pass for q would look at.
func (t *Table[T]) candidates(q filter.Query) int {
	n := len(t.natural)
	for _, r := range t.results {
		if q.Refines(r.Query) {
			n = min(n, len(r.Kept()))
		}
	}
	return n
}

// ApplyFilter shows a job's result. It reports false, and changes
// nothing, when the data changed since the job was planned: plan again.
func (t *Table[T]) ApplyFilter(j *FilterJob) bool {
	if j.dataGen != t.dataGen || j.result == nil {
		return false
	}
	t.index = j.index
	t.keep(j.result)
	if j.query != t.filter {
		t.setFilter(j.query, j.result)
	}
	return true
}
