package views

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views/chart"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// PoolFunction is one of the functions that use most of the pool.
type PoolFunction struct {
	Name string
	// Reserved is its reserved concurrency (nil: none); ReservedKnown says
	// it was read. Unread values show "·", read and none "—".
	Reserved      *int
	ReservedKnown bool
	// Provisioned is the concurrency allocated by its provisioned configs;
	// ProvisionedKnown says GetFunction has answered for it.
	Provisioned      int
	ProvisionedKnown bool
}

// PoolMetrics is what the account concurrency pool screen shows.
type PoolMetrics struct {
	Region      string
	Settings    *providers.AccountSettings
	SettingsErr string
	Range       string
	Frame       MetricFrame
	Err         string
	// Top are the functions charted, chosen from Candidates functions
	// whose metrics virga has loaded.
	Top        []PoolFunction
	Candidates int
}

// PoolLines renders the account concurrency pool for a pane of w x h:
// the quota and how it is split, what is in use and claimed now, why
// throttles happen, the charts, and the functions that use most of it.
func PoolLines(st *theme.Styles, d PoolMetrics, w, h int) []string {
	g := MetricsGrid(w, h)
	f := d.Frame
	l := &lines{st: st}
	head := rangeLabel(d.Range, f)
	if d.Region != "" {
		head = d.Region + " · " + head
	}
	l.line(head, st.Pane.Label)
	if d.Err != "" {
		l.line("metrics: "+d.Err, st.Text.Err)
	}
	claimed, _ := series.Last(f.Get(series.Account(series.ClaimedConcurrency)))
	unresUse, at := series.Last(f.Get(series.Account(series.UnreservedConcurrency)))
	switch {
	case d.Settings != nil:
		s := d.Settings
		reserved := s.ConcurrencyLimit - s.UnreservedConcurrency
		wd := g.Width
		l.kvWrap("Limit", fmt.Sprintf("%s concurrent executions (the region's quota)", format.Group(s.ConcurrencyLimit)), st.Pane.Value, wd)
		l.kvWrap("Reserved", fmt.Sprintf("%s set aside by reserved concurrency · unreserved pool %s", format.Group(reserved), format.Group(s.UnreservedConcurrency)), st.Pane.Value, wd)
		if !math.IsNaN(claimed) && !math.IsNaN(unresUse) {
			prov := claimed - unresUse - float64(reserved)
			l.kvWrap("Provisioned", fmt.Sprintf("%s allocated on unreserved functions (claimed − unreserved in use − reserved, at %s)",
				format.Count(math.Max(prov, 0)), f.at(at)), st.Pane.Value, wd)
		}
		if !math.IsNaN(unresUse) {
			peak, pat := series.Peak(f.Get(series.Account(series.UnreservedConcurrency)))
			r := unresUse / float64(max(s.UnreservedConcurrency, 1))
			l.kvWrap("On demand", fmt.Sprintf("%s in use of the unreserved pool (%s) · peak %s at %s", format.Count(unresUse), format.Percent(r), format.Count(peak), f.at(pat)),
				toneFor(st, r >= 0.95, r >= 0.8), wd)
		}
		if !math.IsNaN(claimed) {
			peak, pat := series.Peak(f.Get(series.Account(series.ClaimedConcurrency)))
			l.out = append(l.out, gaugeLines(st, "Claimed", claimed/float64(max(s.ConcurrencyLimit, 1)), wd,
				fmt.Sprintf("%s of %s · peak %s at %s", format.Count(claimed), format.Group(s.ConcurrencyLimit), format.Count(peak), f.at(pat)), 0.8, 0.95)...)
			l.kvWrap("", "claimed = unreserved in use + reserved + provisioned: what on-demand invocations cannot use", st.Pane.Muted, wd)
		}
	case d.SettingsErr != "":
		l.kvTone("Limit", "unknown: "+d.SettingsErr, st.Text.Err)
	default:
		l.kvTone("Limit", "reading account settings…", st.Text.Muted)
	}
	if f.Loaded() {
		text, bad := throttleVerdict(d)
		tone := st.Text.OK
		if bad {
			tone = st.Text.Err
		}
		l.kvWrap("Throttles", text, tone, g.Width)
	}
	l.out = append(l.out, "")
	l.out = append(l.out, renderGrid(st, g, poolCharts(st, d))...)
	l.out = append(l.out, topFunctions(st, d, g.Width)...)
	return l.out
}

// throttleVerdict answers "why are we throttled" from the pool and the
// top functions; bad says there are throttles.
func throttleVerdict(d PoolMetrics) (text string, bad bool) {
	f := d.Frame
	total := series.Sum(f.Get(series.Account(series.Throttles)))
	if total == 0 {
		return "none in this range", false
	}
	head := format.Count(total) + " in this range"
	if s := d.Settings; s != nil {
		unres, _ := series.Peak(f.Get(series.Account(series.UnreservedConcurrency)))
		if !math.IsNaN(unres) && unres >= 0.9*float64(s.UnreservedConcurrency) {
			return head + " · the unreserved pool ran out: functions without reserved concurrency are throttled", true
		}
	}
	worst, worstThr := -1, 0.0
	for i, fn := range d.Top {
		if t := series.Sum(f.Get(series.Function(series.Throttles, fn.Name))); t > worstThr {
			worst, worstThr = i, t
		}
	}
	if worst < 0 {
		return head + " · none from the functions below; the pool has room, so look for a function with a small reservation", true
	}
	fn := d.Top[worst]
	why := "its own limit"
	if fn.Reserved != nil {
		why = "its reserved concurrency of " + strconv.Itoa(*fn.Reserved)
	}
	return fmt.Sprintf("%s · %s throttled %s of them: it runs into %s, not the account pool",
		head, fn.Name, format.Count(worstThr), why), true
}

func poolCharts(st *theme.Styles, d PoolMetrics) []chart.Chart {
	f := d.Frame
	base := f.baseChart("no data in this range")
	c := base
	c.Title, c.Kind, c.Format = "Concurrency", chart.Lines, format.Count
	c.Series = []chart.Series{
		{Name: "claimed", Values: f.Get(series.Account(series.ClaimedConcurrency)), Style: st.Text.Warn},
		{Name: "in use", Values: f.Get(series.Account(series.Concurrency)), Style: st.Text.Info},
		{Name: "unreserved in use", Values: f.Get(series.Account(series.UnreservedConcurrency)), Style: st.Text.OK},
	}
	legendLatest(&c, format.Count)
	if s := d.Settings; s != nil {
		c.Ref = &chart.Ref{Value: float64(s.ConcurrencyLimit), Label: "limit " + format.Group(s.ConcurrencyLimit), Style: st.Text.Err}
	}
	t := base
	t.Title, t.Kind, t.Format = "Throttles (account)", chart.Bars, format.Count
	t.Series = []chart.Series{{Name: "throttles", Values: f.Get(series.Account(series.Throttles)), Style: st.Text.Err}}
	if f.Loaded() {
		t.Summary = "per " + format.Period(f.Period) + " · " + format.Count(series.Sum(f.Get(series.Account(series.Throttles)))) + " total"
	}
	return []chart.Chart{c, t}
}

// topFunctions is the table of the functions that use most of the pool,
// with the set they were chosen from spelled out.
func topFunctions(st *theme.Styles, d PoolMetrics, width int) []string {
	f := d.Frame
	l := &lines{st: st, out: []string{st.Pane.Section.Render("Functions using the most concurrency")}}
	if len(d.Top) == 0 {
		l.textWrap("none yet: the set is chosen from the functions whose metrics the functions list has loaded (rows you have seen)", st.Text.Muted, width)
		return l.out
	}
	l.textWrap(fmt.Sprintf("the %d busiest by peak concurrency of the %d functions whose metrics virga has loaded "+
		"(rows seen in the functions list); others are not fetched, to keep the cost bounded", len(d.Top), d.Candidates), st.Pane.Label, width)
	out := l.out
	// Fixed columns take 44 cells and the "at its reservation" note 19;
	// the name and the sparkline share the rest.
	const fixed, note = 44, 19
	nameW := min(max(width-fixed-note-16, 16), 40)
	sparkW := min(max(width-nameW-fixed-note, 8), 30)
	roomForNote := nameW+fixed+sparkW+note <= width
	out = append(out, st.Table.Header.Render(kit.Fit("FUNCTION", nameW)+kit.FitRight("RESERVED", 9)+kit.FitRight("PROV", 6)+
		kit.FitRight("PEAK", 7)+kit.FitRight("OF LIMIT", 9)+kit.FitRight("THROTTLES", 11)+"  CONCURRENCY"))
	limit := 0
	if d.Settings != nil {
		limit = d.Settings.ConcurrencyLimit
	}
	top := slices.Clone(d.Top)
	peakFor := func(fn PoolFunction) float64 {
		p, _ := series.Peak(f.Get(series.Function(series.Concurrency, fn.Name)))
		if math.IsNaN(p) {
			return -1
		}
		return p
	}
	slices.SortStableFunc(top, func(a, b PoolFunction) int { return cmp.Compare(peakFor(b), peakFor(a)) })
	for _, fn := range top {
		conc := f.Get(series.Function(series.Concurrency, fn.Name))
		peak, _ := series.Peak(conc)
		thr := series.Sum(f.Get(series.Function(series.Throttles, fn.Name)))
		rsv := "·"
		switch {
		case fn.ReservedKnown && fn.Reserved != nil:
			rsv = strconv.Itoa(*fn.Reserved)
		case fn.ReservedKnown:
			rsv = "—"
		}
		share := math.NaN()
		if limit > 0 && !math.IsNaN(peak) {
			share = peak / float64(limit)
		}
		prov := "·"
		switch {
		case fn.Provisioned > 0:
			prov = strconv.Itoa(fn.Provisioned)
		case fn.ProvisionedKnown:
			prov = "—"
		}
		atLimit := fn.Reserved != nil && *fn.Reserved > 0 && !math.IsNaN(peak) && peak >= float64(*fn.Reserved)
		row := st.Pane.Value.Render(kit.FitLine(fn.Name, nameW)) +
			st.Pane.Value.Render(kit.FitRight(rsv, 9)+kit.FitRight(prov, 6)) +
			toneFor(st, atLimit, false).Render(kit.FitRight(format.Count(peak), 7)) +
			st.Pane.Value.Render(kit.FitRight(format.Percent(share), 9)) +
			toneFor(st, thr > 0, false).Render(kit.FitRight(format.Count(thr), 11)) + "  " +
			st.Text.Info.Render(chart.Spark(conc, sparkW, chart.Max))
		if atLimit && roomForNote {
			row += st.Text.Err.Render(" at its reservation")
		}
		out = append(out, row)
	}
	return out
}
