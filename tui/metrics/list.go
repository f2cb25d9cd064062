package metrics

import (
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/reserved"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
)

// listPoints is how many periods the list's window is cut into: one-minute
// periods up to an hour, so the sparklines and the columns come from the
// same per-minute series, and coarser ones beyond.
const listPoints = 60

// listBatch caps functions per request: 5 queries each keeps one request
// inside one GetMetricData call (500 queries).
const listBatch = 100

// ListHost is what the functions list's live columns need from the root:
// its clock and calls, and the functions tables they fill.
type ListHost interface {
	screen.Env
	// Clock is the clock itself, for Cmds that stamp their answers.
	Clock() func() time.Time
	// Epoch changes when the backend is switched: answers of an earlier
	// epoch belong to another account or region and are dropped.
	Epoch() int
	// Idle says the user has not touched a key for a while: polls slow
	// down; Paused says expired credentials stopped every poll.
	Idle() bool
	Paused() bool
	RetryDelay(n int, err error) time.Duration
	// FunctionsTables are the functions tables on the stack;
	// FunctionsTable is the one on top, nil when another view is.
	FunctionsTables() []*kit.Table[views.FunctionRow]
	FunctionsTable() *kit.Table[views.FunctionRow]
	// SyncDetail redraws the selection's detail after its row changed.
	SyncDetail()
	// ListFailed is the root's answer to a failed request (expired
	// credentials stop every poll); ArmClock counts the stale age up.
	ListFailed(err error) tea.Cmd
	ArmClock() tea.Cmd
}

// List is the functions list's live columns and what the metrics screens
// share with it: the figures of the rows on screen, polled once per
// refresh interval; the REPORT memory peaks; the count of what was asked
// for :stats. It is their one owner and only writer: readers get values,
// except a table's row, which holds its entry and draws from it as the
// list fills it in.
type List struct {
	host ListHost
	// live are the figures by function, shared by every functions table
	// so drilling in and out does not refetch.
	live map[string]*views.FunctionLive
	// reads are the reserved concurrency of the rows on screen, which
	// ListFunctions does not say (tui/reserved).
	reads *reserved.Reads
	// memUse is the peak memory of REPORT lines read for a function when
	// its metrics screen was open: the memory headroom signal.
	memUse map[string]views.MemoryUse

	gen      int
	inflight bool
	again    bool // rows became due while a request was in flight
	fetched  map[string]time.Time
	// window is the list's window chosen with `w`; zero means the
	// configured one, def.
	window, def time.Duration
	// err is the last request's failure (nil after a success); failures
	// counts them in a row, and okAt is when a request last succeeded.
	err      error
	failures int
	okAt     time.Time

	// asked counts what virga asked CloudWatch for this run; samples
	// count Lambda calls over the last minute (:stats).
	asked   views.MetricsAsked
	samples []callSample
}

// NewList returns the live columns of the functions list over window.
func NewList(h ListHost, window time.Duration) *List {
	l := &List{host: h, def: window, live: map[string]*views.FunctionLive{}}
	l.reads = reserved.New(readsHost{h, l})
	return l
}

// readsHost is the root's host with the rows the reads are for.
type readsHost struct {
	ListHost
	l *List
}

func (h readsHost) FunctionsOnScreen() []string { return h.l.OnScreen() }
func (h readsHost) ShowReserved()               { h.l.ShowReserved() }

// Reads are the reserved concurrency reads of the rows: their budget of
// Lambda calls is the list's, which an inventory refresh spends too.
func (l *List) Reads() *reserved.Reads { return l.reads }

type (
	// listDueMsg says it is time to check which visible functions need
	// fresh metrics.
	listDueMsg struct{ gen int }
	// listLoadedMsg carries the metric series of a batch of functions over
	// the window (start, n periods) they were asked for.
	listLoadedMsg struct {
		epoch int
		gen   int
		names []string
		frame listFrame
		res   providers.MetricResult
		err   error
		at    time.Time
	}
)

// ListMsg marks the messages of the list's polling; the root hands them
// and the reads' (reserved.Msg) to List.Update.
type ListMsg interface{ listMsg() }

func (listDueMsg) listMsg()    {}
func (listLoadedMsg) listMsg() {}

// Update handles the list's messages and its reads'.
func (l *List) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listDueMsg:
		return l.due(msg)
	case listLoadedMsg:
		return l.loaded(msg)
	case reserved.Msg:
		return l.reads.Update(msg)
	}
	return nil
}

// Reset forgets the figures after a switch of account or region; the
// window and the run's accounting stay, timers of before are dropped.
func (l *List) Reset() {
	l.reads.Reset()
	*l = List{host: l.host, reads: l.reads, def: l.def, window: l.window, gen: l.gen + 1, asked: l.asked,
		samples: l.samples, live: map[string]*views.FunctionLive{}}
}

// Refetch makes every row due again (ctrl+r).
func (l *List) Refetch() { l.fetched = nil }

// Figures is the entry a row holds and draws from; nil before the
// function's first request.
func (l *List) Figures(name string) *views.FunctionLive { return l.live[name] }

// Live is a copy of a function's figures.
func (l *List) Live(name string) (views.FunctionLive, bool) {
	if lv := l.live[name]; lv != nil {
		return *lv, true
	}
	return views.FunctionLive{}, false
}

// MemoryUse is a function's REPORT peak, if one was read.
func (l *List) MemoryUse(name string) (views.MemoryUse, bool) {
	u, ok := l.memUse[name]
	return u, ok
}

// memory is a copy of a function's REPORT peak for a view, nil when none
// was read.
func (l *List) memory(name string) *views.MemoryUse {
	if u, ok := l.memUse[name]; ok {
		return &u
	}
	return nil
}

// SetMemoryUse records a function's REPORT peak for the list's headroom
// flag and the detail pane.
func (l *List) SetMemoryUse(name string, use views.MemoryUse) {
	if l.memUse == nil {
		l.memUse = map[string]views.MemoryUse{}
	}
	l.memUse[name] = use
	if lv := l.live[name]; lv != nil {
		lv.Mem = l.memory(name)
	}
}

// CountAsked records a GetMetricData request of n queries.
func (l *List) CountAsked(n int) {
	l.asked.Metrics += n
	l.asked.Requests++
	l.asked.Calls += (n + 499) / 500
}

// Stale is the last request's failure, and when figures were last good,
// while the rows show figures older than they should; a denied read is
// not stale (its rows say "n/a").
func (l *List) Stale() (okAt time.Time, err error, stale bool) {
	if l.err == nil || providers.KindOf(l.err) == providers.ErrAccessDenied {
		return time.Time{}, nil, false
	}
	return l.okAt, l.err, true
}

func (l *List) reader() (providers.MetricsReader, bool) {
	r, ok := l.host.Backend().(providers.MetricsReader)
	return r, ok
}

// Readable says the backend can read metrics at all.
func (l *List) Readable() bool { _, ok := l.reader(); return ok }

// Window is the window of the live columns.
func (l *List) Window() time.Duration {
	if l.window > 0 {
		return l.window
	}
	return l.def
}

// period is the period of the live columns' series.
func (l *List) period() time.Duration { return PeriodFor(l.Window(), listPoints) }

// every is how often a row's metrics are refetched: once a period for the
// 15-minute window, less often for wider ones.
func (l *List) every() time.Duration { return LiveEvery(l.Window()) }

// Schedule arms the next metrics check after d, replacing any armed one.
func (l *List) Schedule(d time.Duration) tea.Cmd {
	if _, ok := l.reader(); !ok {
		return nil
	}
	l.gen++
	return l.host.After(d, listDueMsg{gen: l.gen})
}

// Soon asks for a check shortly, only when a row on screen is due, so
// moving the cursor over fresh rows costs nothing.
func (l *List) Soon() tea.Cmd {
	if len(l.dueNames()) == 0 {
		return nil
	}
	return l.Schedule(200 * time.Millisecond)
}

// dueNames lists the visible functions (and the selection) whose metrics
// were not fetched since the current refresh boundary.
func (l *List) dueNames() []string {
	if _, ok := l.reader(); !ok {
		return nil
	}
	every := l.every()
	boundary := RefreshBoundary(l.host.Now(), every)
	var out []string
	seen := map[string]bool{}
	for _, name := range l.OnScreen() {
		if seen[name] || len(out) >= listBatch {
			continue
		}
		seen[name] = true
		if last, ok := l.fetched[name]; ok && !RefreshBoundary(last, every).Before(boundary) {
			continue
		}
		out = append(out, name)
	}
	return out
}

func (l *List) due(msg listDueMsg) tea.Cmd {
	if msg.gen != l.gen || l.host.FunctionsTable() == nil {
		// A hidden functions view makes no calls; activate re-arms it.
		return nil
	}
	// Reservations past their age are read again on the same beat; the
	// next check comes a little after the next refresh boundary
	// (CloudWatch needs a moment to publish the minute), slower when idle.
	next := tea.Batch(l.Schedule(UntilRefresh(l.host.Now(), l.every(), l.host.Idle())), l.reads.Read())
	if l.inflight {
		l.again = true
		return next
	}
	names := l.dueNames()
	if len(names) == 0 {
		// Every row on screen has figures of this period: whatever failed
		// before is no longer shown (the rows left, or the list emptied).
		l.err, l.failures = nil, 0
		return next
	}
	return tea.Batch(next, l.request(names))
}

// request marks names as loading and fetches their five series over the
// window in one request.
func (l *List) request(names []string) tea.Cmd {
	r, _ := l.reader()
	now := l.host.Now()
	if l.fetched == nil {
		l.fetched = map[string]time.Time{}
	}
	created := false
	for _, n := range names {
		l.fetched[n] = now
		if lv, ok := l.live[n]; ok {
			lv.Loading = true
			continue
		}
		l.live[n] = &views.FunctionLive{Loading: true, InvPerMin: math.NaN(), ErrRate: math.NaN(),
			Throttles: math.NaN(), P95: math.NaN(), MaxConc: math.NaN(), Window: l.Window(), Mem: l.memory(n)}
		created = true
	}
	if t := l.host.FunctionsTable(); created && t != nil {
		// Rows hold pointers to their live figures; give new ones theirs.
		t.SetItems(l.Rows(functionsOf(t.Items())))
	}
	l.inflight = true
	req, frame := functionMetricsRequest(names, now, l.Window(), l.period())
	l.CountAsked(len(req.Queries))
	gen, clock, epoch := l.gen, l.host.Clock(), l.host.Epoch()
	ctx, cancel := l.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		res, err := r.GetMetricData(ctx, req)
		return listLoadedMsg{epoch: epoch, gen: gen, names: names, frame: frame, res: res, err: err, at: clock()}
	}
}

func (l *List) loaded(msg listLoadedMsg) tea.Cmd {
	if msg.epoch != l.host.Epoch() {
		return nil
	}
	l.inflight = false
	var cmds []tea.Cmd
	switch {
	case msg.frame.window != l.Window():
		// Asked before `w` changed the window; its rows are due again.
	case msg.err != nil:
		cmds = append(cmds, l.failed(msg))
	default:
		l.err, l.failures, l.okAt = nil, 0, msg.at
		folded := foldLive(msg.res, msg.names, msg.frame)
		for _, n := range msg.names {
			if lv := l.live[n]; lv != nil {
				f := folded[n]
				f.Mem = l.memory(n)
				*lv = f
			}
		}
	}
	if t := l.host.FunctionsTable(); t != nil {
		if col, _ := t.Sort(); views.LiveColumn(col) {
			t.SetItems(t.Items())
		}
	}
	l.host.SyncDetail()
	if l.again || msg.frame.window != l.Window() {
		l.again = false
		cmds = append(cmds, l.Soon())
	}
	return tea.Batch(cmds...)
}

// failed handles a failed request of the list's metrics. A denied read is
// "n/a" on every row it asked for. Otherwise rows keep the figures they
// had, the list is marked stale, and rows that had none say why
// (throttled ones stay loading); the rows are due again and asked for
// after the retry delay rather than at the next period.
func (l *List) failed(msg listLoadedMsg) tea.Cmd {
	kind := providers.KindOf(msg.err)
	if l.err == nil && l.okAt.IsZero() {
		l.okAt = msg.at
	}
	l.err = msg.err
	l.failures++
	for _, n := range msg.names {
		lv := l.live[n]
		if lv == nil {
			continue
		}
		switch {
		case kind == providers.ErrAccessDenied:
			lv.Loading, lv.Denied, lv.Err = false, true, providers.Short(msg.err)
		case lv.Period > 0 && lv.Err == "":
			// Figures from an earlier request: kept, and stale.
			lv.Loading = false
		case kind == providers.ErrThrottled:
			lv.Loading = true
		default:
			lv.Loading, lv.Err = false, providers.Short(msg.err)
		}
		if kind != providers.ErrAccessDenied {
			delete(l.fetched, n)
		}
	}
	switch kind {
	case providers.ErrCredentials:
		return l.host.ListFailed(msg.err)
	case providers.ErrAccessDenied:
		return nil
	}
	return tea.Batch(l.Schedule(l.host.RetryDelay(l.failures, msg.err)), l.host.ArmClock())
}

// CycleWindow is `w`: the next window of the live columns. Figures of the
// old window are dropped, so no row shows a number for a window it was not
// asked for; the rows on screen are fetched again at once.
func (l *List) CycleWindow() tea.Cmd {
	if _, ok := l.reader(); !ok {
		return nil
	}
	ws := ListWindows()
	i := RangeIndex(ws, l.Window())
	if ws[i].Span == l.Window() {
		i = (i + 1) % len(ws)
	}
	l.window = ws[i].Span
	l.fetched = nil
	l.live = map[string]*views.FunctionLive{}
	l.RefreshRows()
	return tea.Batch(l.host.Notify(views.LevelInfo, "metric window "+ws[i].Label+" · "+format.Period(l.period())+
		" periods · refreshed every "+format.Period(l.every())), l.Soon())
}
