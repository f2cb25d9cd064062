package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/identity"
	"github.com/virgahq/virga/tui/lists"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/tui/mfa"
	"github.com/virgahq/virga/tui/reserved"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

// Update routes a message: size first, then keys (dialogs before global
// keys before the focused pane), then data messages to the location that
// asked for them.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opt.ThemeAuto {
			mode := theme.Light
			if msg.IsDark() {
				mode = theme.Dark
			}
			m.setStyles(mode)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		return m, m.handlePaste(msg)
	case tea.MouseWheelMsg:
		m.lastInput = m.now()
		return m, m.handleWheel(msg)
	case tea.MouseClickMsg:
		m.lastInput = m.now()
		return m, m.handleClick(msg)
	case statusExpiredMsg:
		m.status.Expired(msg)
		return m, nil
	case clockDueMsg:
		m.clockArmed = false
		return m, m.armClock()
	case mfa.Msg:
		return m, m.mfa.Update(msg)
	case Notice:
		return m, m.notify(views.LevelWarn, msg.Text)
	}
	cmd := m.updateData(msg)
	m.metrics.SampleCalls()
	m.syncStats()
	return m, cmd
}

// rootMsg is a data message the root model handles itself; its update
// method is the handler, next to the code that sends it. Messages of
// the feature packages go to the package that owns their state.
type rootMsg interface{ update(m *Model) tea.Cmd }

func (m *Model) updateData(msg tea.Msg) tea.Cmd {
	if sm, ok := msg.(screenMsg); ok {
		return m.routeScreenMsg(sm)
	}
	switch msg := msg.(type) {
	case rootMsg:
		return msg.update(m)
	// The feature packages' messages the root takes part in: their types
	// live in the packages, so their handlers are root methods.
	case filterDoneMsg:
		return m.filterDone(msg)
	case detailDueMsg:
		return m.detailDue(msg)
	case functionDetailLoadedMsg:
		return m.functionDetailLoaded(msg)
	case taskDefLoadedMsg:
		return m.taskDefLoaded(msg)
	case describeLoadedMsg:
		return m.describeLoaded(msg)
	case backendSwitchedMsg:
		return m.backendSwitched(msg)
	case execDoneMsg:
		return m.execDone(msg)
	case identity.Loaded:
		return m.identityLoaded(msg)
	case identity.Due:
		return m.who.Due(msg, m.credsExpired)
	case lists.PollDue:
		if l := m.current(msg.Ref); l != nil && m.visible(l) {
			return m.fetch(l)
		}
		// Hidden locations make no calls; activate restarts them.
		return nil
	case lists.PageDue:
		if l := m.current(msg.Ref); l != nil && m.visible(l) {
			return lists.NextPage(host{m}, m.metrics.Reads(), &l.Cycle, l.ref(), msg.Marker)
		}
		return nil
	case lists.Page:
		return m.functionsPage(msg)
	case lists.Loaded[providers.Cluster]:
		return listLoaded(m, msg, func(l *location) *[]providers.Cluster { return &l.accClusters },
			func(l *location, cs []providers.Cluster) {
				l.clusters.SetItems(cs)
				m.seen.clusters = lists.ClusterNames(cs)
			}, nil)
	case lists.Loaded[providers.Service]:
		return listLoaded(m, msg, func(l *location) *[]providers.Service { return &l.accServices },
			func(l *location, ss []providers.Service) { l.services.SetItems(ss) }, m.loadServices)
	case lists.Loaded[providers.Task]:
		return listLoaded(m, msg, func(l *location) *[]providers.Task { return &l.accTasks },
			func(l *location, ts []providers.Task) { l.tasks.SetItems(ts) }, m.loadTasks)
	case metrics.ListMsg, reserved.Msg:
		return m.metrics.Update(msg)
	case actionMsg:
		return m.actions.Update(msg)
	}
	return nil
}

// current is the location a message of one of its fetch cycles is for,
// nil when the location was left or the cycle is over (a bumped gen
// drops every answer and timer of the cycle before).
func (m *Model) current(r lists.Ref) *location {
	if l := m.findLocation(r.Loc); l != nil && l.Gen == r.Gen {
		return l
	}
	return nil
}

// listLoaded folds one call's rows into their location (lists.Gather):
// a cycle that spans clusters gathers them in acc, next loads the
// clusters that remain.
func listLoaded[T any](m *Model, msg lists.Loaded[T], acc func(*location) *[]T, set func(*location, []T),
	next func(*location, []string) tea.Cmd) tea.Cmd {
	l := m.current(msg.Ref)
	if l == nil {
		return nil
	}
	if msg.Err != nil {
		return m.fetchFailed(l, msg.Err)
	}
	more := len(msg.Rest) > 0 && next != nil
	if rows := lists.Gather(&l.Cycle, acc(l), msg.Items, more); rows != nil {
		set(l, append([]T(nil), rows...))
	}
	if more {
		return next(l, msg.Rest)
	}
	return m.fetchDone(l, msg.At)
}

// identityLoaded records who the backend is (tui/identity); expired
// credentials pause every poll, and the account may make the session
// read-only.
func (m *Model) identityLoaded(msg identity.Loaded) tea.Cmd {
	cmd, got, expired := m.who.Update(msg)
	m.credsExpired = m.credsExpired || expired
	if id := m.who.ID(); got && m.opt.ReadOnlyFor != nil && m.opt.ReadOnlyFor(id.Profile, id.Account) {
		m.setReadOnly(true)
	}
	return cmd
}

// functionsPage folds one ListFunctions page into its location
// (lists.Gather): a first listing shows rows page by page and asks for
// the next at once; a refresh paces its pages (lists.NextPage) and shows
// the whole list when the last one comes.
func (m *Model) functionsPage(msg lists.Page) tea.Cmd {
	l := m.current(msg.Ref)
	if l == nil {
		return nil
	}
	if msg.Err != nil {
		return m.fetchFailed(l, msg.Err)
	}
	more := msg.Page.Next != ""
	rows := lists.Gather(&l.Cycle, &l.accFns, msg.Page.Functions, more)
	if rows != nil {
		l.fns.SetItems(m.metrics.Rows(rows))
	}
	if more {
		var changed tea.Cmd
		if rows != nil {
			// A first listing: rows appear page by page.
			m.syncDetail()
			changed = m.selectionChanged()
		}
		return tea.Batch(changed, lists.NextPage(host{m}, m.metrics.Reads(), &l.Cycle, l.ref(), msg.Page.Next))
	}
	m.seen.functions = functionNames(l.accFns)
	return tea.Batch(m.fetchDone(l, msg.At), m.selectionChanged())
}

// fetchDone ends a successful fetch cycle and arms the next one.
func (m *Model) fetchDone(l *location, at time.Time) tea.Cmd {
	l.Done(at)
	m.relayout(l)
	m.syncDetail()
	return tea.Batch(m.schedule(l), m.selectionChanged())
}

// fetchFailed keeps the last good data on screen, marks it stale and backs
// off. Throttling is not an error to the user; expired credentials pause
// every poll behind one banner; a denied permission names the IAM action.
func (m *Model) fetchFailed(l *location, err error) tea.Cmd {
	first := l.Failed(err)
	var cmds []tea.Cmd
	switch providers.KindOf(err) {
	case providers.ErrThrottled:
		// Stale, not an error: the status line shows the age.
	case providers.ErrCredentials:
		if !m.credsExpired {
			m.credsExpired = true
			cmds = append(cmds, m.notifyErr(providers.Short(err)+" · ctrl+r retries", err))
		}
		return tea.Batch(cmds...)
	default:
		if first {
			cmds = append(cmds, m.notifyErr(providers.Short(err), err))
		}
	}
	cmds = append(cmds, m.schedule(l), m.armClock())
	return tea.Batch(cmds...)
}

// clockDueMsg redraws ages ("stale · 12s") while something is stale.
type clockDueMsg struct{}

// armClock redraws once a second while the visible location is stale, so
// "stale · 12s" counts up; when nothing is stale no timer runs at all
// (an idle virga writes nothing to the terminal).
func (m *Model) armClock() tea.Cmd {
	if _, _, stale := m.staleness(); m.clockArmed || !stale {
		return nil
	}
	m.clockArmed = true
	return m.opt.After(time.Second, clockDueMsg{})
}
