package metrics

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
)

// poolTopN bounds "the functions that use most of the pool": finding the
// true top users of an account with 10,000 functions would mean asking
// for 10,000 metrics a refresh, so the pool ranks the functions whose
// metrics the list already has and charts the busiest few.
const poolTopN = 10

// settingsEvery is how often the pool rereads the account settings; they
// change only when someone reserves concurrency, and GetAccountSettings
// shares Lambda's 15 req/s control-plane quota.
const settingsEvery = 5 * time.Minute

// Pool is the account's concurrency pool: the regional limit, what
// reservations and provisioned configs set aside, what is in use and
// claimed, throttles, and the functions that use most of it.
type Pool struct {
	chart

	settings     *providers.AccountSettings
	settingsErr  error
	settingsAt   time.Time
	settingsWait bool
	// shown are the top functions of the last answer; asked are those
	// whose GetFunction (for their reservation) was sent this activation.
	shown []string
	asked map[string]bool
}

type (
	// settingsReadMsg carries GetAccountSettings for the pool.
	settingsReadMsg struct {
		id, epoch int
		settings  providers.AccountSettings
		err       error
		at        time.Time
	}
	// poolDetailMsg carries GetFunction for one of the pool's functions.
	poolDetailMsg struct {
		id, epoch int
		name      string
		detail    providers.FunctionDetail
		err       error
		at        time.Time
	}
)

func (s settingsReadMsg) ScreenID() int { return s.id }
func (p poolDetailMsg) ScreenID() int   { return p.id }

// OpenPool pushes the account concurrency pool (:concurrency, :pool).
func OpenPool(h Host) tea.Cmd {
	if _, ok := h.Backend().(providers.AccountReader); !ok {
		return h.Notify(views.LevelWarn, "this backend cannot read account settings")
	}
	return open(h, time.Hour, func(c chart) *Pool { return &Pool{chart: c} })
}

func (s *Pool) Crumbs() []string { return []string{"concurrency pool"} }

func (s *Pool) Activate() tea.Cmd {
	s.asked = map[string]bool{}
	return s.activate(s.readSettings())
}

// ForceRefresh makes the next activation ask again (ctrl+r).
func (s *Pool) ForceRefresh() {
	s.panel.force()
	s.settingsAt = time.Time{}
}

func (s *Pool) readSettings() tea.Cmd {
	r, ok := s.host.Backend().(providers.AccountReader)
	if !ok || s.settingsWait || s.host.Paused() || (!s.settingsAt.IsZero() && s.host.Now().Sub(s.settingsAt) < settingsEvery) {
		return nil
	}
	s.settingsWait = true
	id, epoch, clock := s.id, s.host.Epoch(), s.host.Clock()
	ctx, cancel := s.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		st, err := r.AccountSettings(ctx)
		return settingsReadMsg{id: id, epoch: epoch, settings: st, err: err, at: clock()}
	}
}

// poolTop ranks the functions whose list metrics are loaded by peak
// concurrency, then throttles, and returns the busiest poolTopN and how
// many there were to choose from.
func poolTop(live map[string]*views.FunctionLive) (top []string, candidates int) {
	type cand struct {
		name      string
		conc, thr float64
	}
	var cs []cand
	for name, lv := range live {
		if lv == nil || lv.Err != "" || lv.Loading && math.IsNaN(lv.MaxConc) {
			continue
		}
		c := cand{name: name, conc: lv.MaxConc, thr: lv.Throttles}
		if math.IsNaN(c.conc) {
			c.conc = 0
		}
		if math.IsNaN(c.thr) {
			c.thr = 0
		}
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if r := cmp.Compare(b.conc, a.conc); r != 0 {
			return r
		}
		if r := cmp.Compare(b.thr, a.thr); r != 0 {
			return r
		}
		return cmp.Compare(a.name, b.name)
	})
	for i := 0; i < len(cs) && i < poolTopN; i++ {
		top = append(top, cs[i].name)
	}
	return top, len(cs)
}

// specs are four account-wide series plus the concurrency and throttles
// of each top function: at most 24 metrics a refresh at any account size.
func (s *Pool) specs() []series.ID {
	specs := []series.ID{
		series.Account(series.Concurrency),
		series.Account(series.UnreservedConcurrency),
		series.Account(series.ClaimedConcurrency),
		series.Account(series.Throttles),
	}
	top, _ := poolTop(s.host.List().live)
	for _, n := range top {
		specs = append(specs, series.Function(series.Concurrency, n), series.Function(series.Throttles, n))
	}
	return specs
}

// readReservations asks GetFunction for the shown functions whose
// reservation is not known, once per activation each.
func (s *Pool) readReservations() tea.Cmd {
	r, ok := s.host.Backend().(providers.FunctionReader)
	if !ok || s.host.Paused() {
		return nil
	}
	var cmds []tea.Cmd
	for _, n := range s.shown {
		if s.host.DetailAsked(n) || s.asked[n] {
			continue
		}
		s.asked[n] = true
		id, epoch, clock, name := s.id, s.host.Epoch(), s.host.Clock(), n
		ctx, cancel := s.host.CallCtx()
		cmds = append(cmds, func() tea.Msg {
			defer cancel()
			d, err := r.GetFunction(ctx, name)
			return poolDetailMsg{id: id, epoch: epoch, name: name, detail: d, err: err, at: clock()}
		})
	}
	return tea.Batch(cmds...)
}

// foldShown keeps which functions an answer's concurrency series were
// for: the ones the table of the busiest shows.
func (s *Pool) foldShown(msg panelLoadedMsg) {
	if msg.err != nil {
		return
	}
	s.shown = s.shown[:0]
	for _, sp := range msg.specs {
		if sp.Metric == series.Concurrency && sp.Function != "" {
			s.shown = append(s.shown, sp.Function)
		}
	}
}

func (s *Pool) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.panelUpdate(msg, s.foldShown, s.readSettings, s.readReservations); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case settingsReadMsg:
		s.settingsWait = false
		s.settingsAt = msg.at
		if msg.err != nil {
			s.settingsErr = msg.err
			s.rebuild()
			return s.host.CallFailed(msg.err)
		}
		st := msg.settings
		s.settings, s.settingsErr = &st, nil
		s.rebuild()
	case poolDetailMsg:
		if msg.err != nil {
			return nil
		}
		s.host.List().reads.Set(msg.name, msg.detail.Function.Reserved, msg.at)
		s.host.StoreDetail(msg.name, msg.detail, msg.at)
		s.rebuild()
	}
	return nil
}

func (s *Pool) rebuild() {
	if s.w == 0 {
		return
	}
	_, candidates := poolTop(s.host.List().live)
	d := views.PoolMetrics{Region: s.host.Region(), Settings: s.settings, Range: s.panel.label(),
		Frame: s.panel.frame, Candidates: candidates}
	if s.settingsErr != nil {
		d.SettingsErr = providers.Short(s.settingsErr)
	}
	d.Err = panelErr(&s.panel)
	for _, n := range s.shown {
		pf := views.PoolFunction{Name: n}
		pf.Reserved, pf.ReservedKnown = s.host.List().reads.Of(n)
		if d, ok := s.host.Detail(n); ok {
			pf.ProvisionedKnown = true
			for _, p := range d.Provisioned {
				pf.Provisioned += p.Allocated
			}
		}
		d.Top = append(d.Top, pf)
	}
	s.pane.SetContent("Lambda account concurrency", views.PoolLines(s.host.Styles(), d, s.w, s.h))
}

func (s *Pool) Cost() views.OnScreenCost {
	top, _ := poolTop(s.host.List().live)
	c := s.panel.cost(s.host, "account concurrency over "+s.panel.label()+" · 4 account metrics + 2 for each of "+
		strconv.Itoa(len(top))+" top functions", len(s.specs()))
	c.Extra = append(c.Extra, "GetAccountSettings every 5m", "GetFunction once per top function not yet read")
	return c
}
