// Package filter is the "/" filter bar over the resource tables and the
// EKS tables: it narrows the rows as the user types, on the event loop
// when the pass is small and off it when it is not, and drops a result
// that a later keystroke made stale. The root says what it narrows.
package filter

import (
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Host is what the bar needs from the program around it.
type Host interface {
	Keys() *keymap.KeyMap
	Styles() *theme.Styles
	// Gen hands out generation numbers: a filter whose generation is no
	// longer current is dropped.
	Gen() int
}

// Target is what the bar narrows: a table, or an EKS screen's.
type Target interface {
	SetFilter(string)
	Filter() string
}

// planner is a target that can run a big filter off the event loop and
// show its result (the resource tables).
type planner interface {
	PlanFilter(string, int) *kit.FilterJob
	ApplyFilter(*kit.FilterJob) bool
}

// asyncRows is the work, in rows' worth of matching, above which a
// filter runs off the event loop: a first letter over 10,000 rows costs
// about 4 ms of CPU (BenchmarkFilterFullPass10k in views/filter) and the
// index the first filter after a refresh builds as much again, too much
// for one keystroke; a pass over 5,000 rows takes about 2 ms. Typing more
// narrows the previous result, so only the first letters of a query over
// a large table go off the loop.
const asyncRows = 5_000

// DoneMsg carries a filter computed off the event loop for the location
// loc.
type DoneMsg struct {
	loc, gen int
	job      *kit.FilterJob
}

// Bar is the filter bar.
type Bar struct {
	h   Host
	bar *kit.FilterBar
	// gen is the generation of the filter running off the loop.
	gen int
}

// New returns a closed bar.
func New(h Host) *Bar { return &Bar{h: h, bar: kit.NewFilterBar(h.Styles())} }

func (b *Bar) SetStyles(st *theme.Styles) { b.bar.SetStyles(st) }

// Open opens the bar on t's filter.
func (b *Bar) Open(t Target) tea.Cmd { return b.bar.Open(t.Filter()) }

func (b *Bar) View(width int) string { return b.bar.View(width) }

// Key edits the filter of t, the target of location loc (nil when there
// is none); closed says the bar closed. Esc drops the filter.
func (b *Bar) Key(msg tea.Msg, t Target, loc int) (closed bool, cmd tea.Cmd) {
	res, cmd := b.bar.Update(msg, &b.h.Keys().Input)
	if res == kit.FilterCancelled {
		b.gen = b.h.Gen() // a filter still running is dropped
		if t != nil {
			t.SetFilter("")
		}
		return true, cmd
	}
	return res == kit.FilterAccepted, tea.Batch(cmd, b.apply(t, loc))
}

// apply filters t as the user types: at once when the pass is small,
// otherwise on another goroutine whose result is shown if no keystroke
// came after it.
func (b *Bar) apply(t Target, loc int) tea.Cmd {
	if t == nil {
		return nil
	}
	p, ok := t.(planner)
	if !ok {
		t.SetFilter(b.bar.Value())
		return nil
	}
	job := p.PlanFilter(b.bar.Value(), asyncRows)
	if job == nil {
		return nil
	}
	b.gen = b.h.Gen()
	gen := b.gen
	return func() tea.Msg {
		job.Run()
		return DoneMsg{loc: loc, gen: gen, job: job}
	}
}

// Done shows a filter computed off the loop on t, the target of location
// loc, if it is still current; when the rows changed while it ran, again
// filters the new ones.
func (b *Bar) Done(msg DoneMsg, t Target, loc int) (shown bool, again tea.Cmd) {
	p, ok := t.(planner)
	if !ok || msg.gen != b.gen || msg.loc != loc {
		return false, nil
	}
	if !p.ApplyFilter(msg.job) {
		return false, b.apply(t, loc)
	}
	return true, nil
}
