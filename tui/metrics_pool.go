package tui

import (
	"cmp"
	"math"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
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

// poolScreen is the account's concurrency pool: the regional limit, what
// reservations and provisioned configs set aside, what is in use and
// claimed, throttles, and the functions that use most of it.
type poolScreen struct {
	m     *Model
	id    int
	panel metricPanel
	pane  *kit.Pane
	w, h  int

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

func (s settingsReadMsg) screenID() int { return s.id }
func (p poolDetailMsg) screenID() int   { return p.id }

// openPool pushes the account concurrency pool (:concurrency, :pool).
func (m *Model) openPool() tea.Cmd {
	if _, ok := m.top().scr.(*poolScreen); ok {
		return nil
	}
	if _, ok := m.opt.Backend.(providers.AccountReader); !ok {
		return m.notify(views.LevelWarn, "this backend cannot read account settings")
	}
	return m.pushScreen(func(id int) screen {
		s := &poolScreen{m: m, id: id, pane: kit.NewPane(m.st)}
		s.panel.ranges = screenRanges()
		s.panel.rangeIdx = rangeIndex(s.panel.ranges, time.Hour)
		return s
	})
}

func (s *poolScreen) crumbs() []string { return []string{"concurrency pool"} }

func (s *poolScreen) info() string {
	return rangeInfo(s.m, &s.panel)
}

func (s *poolScreen) setSize(w, h int) {
	s.w, s.h = w, h
	s.pane.SetSize(w, h, false)
	s.panel.setPoints(views.MetricsGrid(w, h).Points())
	s.rebuild()
}

func (s *poolScreen) restyle() { s.pane.SetStyles(s.m.st); s.rebuild() }

func (s *poolScreen) activate() tea.Cmd {
	s.asked = map[string]bool{}
	cmds := []tea.Cmd{s.readSettings(), s.m.panelActivate(s.id, &s.panel, s.specs())}
	s.pane.SetFocused(true)
	s.rebuild()
	return tea.Batch(cmds...)
}

func (s *poolScreen) deactivate() { s.panel.deactivate() }

// forceRefresh makes the next activation ask again (ctrl+r).
func (s *poolScreen) forceRefresh() {
	s.panel.force()
	s.settingsAt = time.Time{}
}

func (s *poolScreen) readSettings() tea.Cmd {
	m := s.m
	r, ok := m.opt.Backend.(providers.AccountReader)
	if !ok || s.settingsWait || m.credsExpired || (!s.settingsAt.IsZero() && m.now().Sub(s.settingsAt) < settingsEvery) {
		return nil
	}
	s.settingsWait = true
	id, epoch, clock := s.id, m.epoch, m.opt.Now
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		st, err := r.AccountSettings(ctx)
		return settingsReadMsg{id: id, epoch: epoch, settings: st, err: err, at: clock()}
	}
}

// poolTop ranks the functions whose list metrics are loaded by peak
// concurrency, then throttles, and returns the busiest poolTopN and how
// many there were to choose from.
func (m *Model) poolTop() (top []string, candidates int) {
	type cand struct {
		name      string
		conc, thr float64
	}
	var cs []cand
	for name, lv := range m.live {
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
func (s *poolScreen) specs() []series.ID {
	specs := []series.ID{
		series.Account(series.Concurrency),
		series.Account(series.UnreservedConcurrency),
		series.Account(series.ClaimedConcurrency),
		series.Account(series.Throttles),
	}
	top, _ := s.m.poolTop()
	for _, n := range top {
		specs = append(specs, series.Function(series.Concurrency, n), series.Function(series.Throttles, n))
	}
	return specs
}

// readReservations asks GetFunction for the shown functions whose
// reservation is not known, once per activation each.
func (s *poolScreen) readReservations() tea.Cmd {
	m := s.m
	r, ok := m.opt.Backend.(providers.FunctionReader)
	if !ok || m.credsExpired {
		return nil
	}
	var cmds []tea.Cmd
	for _, n := range s.shown {
		if _, known := m.fnDetail[n]; known || s.asked[n] {
			continue
		}
		s.asked[n] = true
		id, epoch, clock, name := s.id, m.epoch, m.opt.Now, n
		ctx, cancel := m.callCtx()
		cmds = append(cmds, func() tea.Msg {
			defer cancel()
			d, err := r.GetFunction(ctx, name)
			return poolDetailMsg{id: id, epoch: epoch, name: name, detail: d, err: err, at: clock()}
		})
	}
	return tea.Batch(cmds...)
}

func (s *poolScreen) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	return s.m.panelKey(k, s.id, &s.panel, s.pane, s.specs, s.rebuild)
}

func (s *poolScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	switch msg := msg.(type) {
	case panelDueMsg:
		if msg.gen != s.panel.gen {
			return nil
		}
		return tea.Batch(m.panelPoll(s.id, &s.panel, s.specs()), s.readSettings())
	case panelLoadedMsg:
		ok, cmd := m.panelLoaded(&s.panel, msg)
		if !ok {
			return nil
		}
		if msg.err == nil {
			s.shown = s.shown[:0]
			for _, sp := range msg.specs {
				if sp.Metric == series.Concurrency && sp.Function != "" {
					s.shown = append(s.shown, sp.Function)
				}
			}
		}
		s.rebuild()
		return tea.Batch(cmd, s.readReservations())
	case settingsReadMsg:
		if msg.epoch != m.epoch {
			return nil
		}
		s.settingsWait = false
		s.settingsAt = msg.at
		if msg.err != nil {
			s.settingsErr = msg.err
			s.rebuild()
			return m.metricsFailed(msg.err)
		}
		st := msg.settings
		s.settings, s.settingsErr = &st, nil
		s.rebuild()
	case poolDetailMsg:
		if msg.epoch != m.epoch || msg.err != nil {
			return nil
		}
		m.fnDetail[msg.name] = detailEntry{detail: msg.detail, at: msg.at}
		m.setReserved(msg.name, msg.detail.Function.Reserved, msg.at)
		s.rebuild()
	}
	return nil
}

func (s *poolScreen) rebuild() {
	if s.w == 0 {
		return
	}
	m := s.m
	_, candidates := m.poolTop()
	d := views.PoolMetrics{Region: m.identity.Region, Settings: s.settings, Range: s.panel.label(),
		Frame: s.panel.frame, Candidates: candidates}
	if s.settingsErr != nil {
		d.SettingsErr = providers.Short(s.settingsErr)
	}
	d.Err = panelErr(&s.panel)
	for _, n := range s.shown {
		pf := views.PoolFunction{Name: n}
		pf.Reserved, pf.ReservedKnown = m.reservedOf(n)
		if e, ok := m.fnDetail[n]; ok && e.err == nil {
			pf.ProvisionedKnown = true
			for _, p := range e.detail.Provisioned {
				pf.Provisioned += p.Allocated
			}
		}
		d.Top = append(d.Top, pf)
	}
	s.pane.SetContent("Lambda account concurrency", views.PoolLines(m.st, d, s.w, s.h))
}

func (s *poolScreen) view() string { return s.pane.View() }

func (s *poolScreen) hints() []key.Binding {
	mk := s.m.km.Metrics
	return []key.Binding{mk.Wider, mk.Narrower, s.m.km.Detail.Down}
}

func (s *poolScreen) help() []views.HelpGroup { return metricsScreenHelp(s.m) }

func (s *poolScreen) status() (string, string) { return s.m.panelStatus(&s.panel) }

func (s *poolScreen) cost() views.OnScreenCost {
	top, _ := s.m.poolTop()
	c := s.m.panelCost(&s.panel, "account concurrency over "+s.panel.label()+" · 4 account metrics + 2 for each of "+
		itoa(len(top))+" top functions", len(s.specs()))
	c.Extra = append(c.Extra, "GetAccountSettings every 5m", "GetFunction once per top function not yet read")
	return c
}
