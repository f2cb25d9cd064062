package logs

import (
	"cmp"
	"slices"

	"github.com/virgahq/virga/providers"
)

// Invocation is one function invocation put together from its lines: the
// START or first line, any error line, and the REPORT.
type Invocation struct {
	RequestID string
	// Start and End are Unix milliseconds of the first line and of the
	// REPORT (0 while the invocation has not reported).
	Start, End int64
	Report     *Report
	// Error says an ERROR line or a failed/timed-out status was seen.
	Error bool
	Lines int
	Src   uint8
}

// Invocations indexes the invocations whose lines passed through a pane,
// newest last, keeping at most max of them.
type Invocations struct {
	max   int
	byID  map[string]*Invocation
	order []string
	// version changes when anything changed, so a table built from the
	// index can tell when to rebuild.
	version int
}

// NewInvocations returns an empty index of at most max invocations.
func NewInvocations(max int) *Invocations {
	return &Invocations{max: max, byID: map[string]*Invocation{}}
}

// Reset forgets every invocation.
func (x *Invocations) Reset() {
	clear(x.byID)
	x.order = x.order[:0]
	x.version++
}

// Version changes whenever an invocation is added or updated.
func (x *Invocations) Version() int { return x.version }

// Observe records a line of an invocation.
func (x *Invocations) Observe(l *Line) {
	if l.ReqID == "" || l.Marker() {
		return
	}
	iv, ok := x.byID[l.ReqID]
	if !ok {
		if len(x.order) >= x.max {
			delete(x.byID, x.order[0])
			x.order = x.order[1:]
		}
		iv = &Invocation{RequestID: l.ReqID, Start: l.Time, Src: l.Src}
		x.byID[l.ReqID] = iv
		x.order = append(x.order, l.ReqID)
	}
	iv.Lines++
	iv.Start = min(iv.Start, l.Time)
	if l.Level == LevelError {
		iv.Error = true
	}
	if l.Report != nil {
		iv.Report, iv.End = l.Report, l.Time
		if l.Report.Status == providers.ReportError || l.Report.Status == providers.ReportTimeout {
			iv.Error = true
		}
	}
	x.version++
}

// Reported returns the invocations that have a REPORT, newest first
// (older history paged in later sorts below).
func (x *Invocations) Reported() []Invocation {
	out := make([]Invocation, 0, len(x.order))
	for i := len(x.order) - 1; i >= 0; i-- {
		if iv := x.byID[x.order[i]]; iv.Report != nil {
			out = append(out, *iv)
		}
	}
	slices.SortStableFunc(out, func(a, b Invocation) int { return cmp.Compare(b.Start, a.Start) })
	return out
}

// Get returns the invocation of a request id.
func (x *Invocations) Get(id string) (Invocation, bool) {
	iv, ok := x.byID[id]
	if !ok {
		return Invocation{}, false
	}
	return *iv, true
}
