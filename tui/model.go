// Package tui holds virga's one Bubble Tea model: layout, focus, routing,
// polling and the Cmds that call providers. Views render what it hands
// them; providers never see Bubble Tea.
package tui

import (
	"context"
	"log/slog"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/ecsexec"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/actions"
	"github.com/virgahq/virga/tui/detail"
	"github.com/virgahq/virga/tui/filter"
	"github.com/virgahq/virga/tui/identity"
	"github.com/virgahq/virga/tui/lists"
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/tui/metrics"
	"github.com/virgahq/virga/tui/mfa"
	"github.com/virgahq/virga/tui/notice"
	"github.com/virgahq/virga/tui/palette"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Minimum terminal size; below it virga shows a "too small" screen.
const (
	MinWidth  = 60
	MinHeight = 12
	// splitWidth is the width from which the detail pane sits beside the
	// table instead of taking the whole screen.
	splitWidth = 120
)

// Options configures the root model.
type Options struct {
	Backend providers.Backend
	// Now is the clock. Tests inject a fixed one.
	Now func() time.Time
	// Location is the zone times are shown and typed in; nil is UTC.
	// The command picks the machine's zone once; tests pin one so they
	// pass in any zone.
	Location *time.Location
	Keys     keymap.KeyMap
	// Theme is the palette; ThemeAuto asks the terminal for its background
	// and switches between dark and light when it answers.
	Theme     theme.Mode
	ThemeAuto bool
	// Refresh is the poll interval of ECS lists and the selection's detail.
	Refresh time.Duration
	// FunctionsRefresh is the poll interval of the function inventory,
	// longer because ListFunctions shares Lambda's 15 req/s control-plane
	// quota with every other caller in the account.
	FunctionsRefresh time.Duration
	// MetricsWindow is the window of the live metric columns.
	MetricsWindow time.Duration
	// IdleAfter is how long without input before polling slows down.
	IdleAfter time.Duration
	ReadOnly  bool
	// Start is the first view: "functions", "clusters", "services", "tasks".
	Start string
	// Notices are shown in the status line at start (config problems).
	Notices []string
	// After schedules msg after d. Nil means tea.Tick; tests inject a
	// recorder so timers can be fired by hand.
	After func(d time.Duration, msg tea.Msg) tea.Cmd
	// CallTimeout bounds every provider call.
	CallTimeout time.Duration
	// Connect opens a backend for another profile or region (the :profile
	// and :region pickers); nil disables switching.
	Connect func(ctx context.Context, profile, region string) (providers.Backend, error)
	// Profiles lists the profiles of the shared config files.
	Profiles func() ([]string, error)
	// Regions lists the regions the :region picker offers.
	Regions []string
	// ReadOnlyFor decides read-only mode for a profile and account (config
	// file defaults such as every profile matching "*prod*").
	ReadOnlyFor func(profile, account string) bool
	// MFA brings requests for MFA codes (a profile that assumes a role
	// with MFA being connected or renewed); the TUI prompts for each. Nil
	// when nothing can ask.
	MFA <-chan MFARequest
	// Log is the debug log (--log-file): actions and the warnings and
	// errors of the status line. Nil logs nothing.
	Log *slog.Logger
	// ReadOnlyReason, when set, is why every change is refused whatever
	// the account (a config file that could not be read); a refused key
	// says it.
	ReadOnlyReason string
	// Logs configures the log panes (tui/logpane).
	Logs LogOptions
	// Journal records every action; nil keeps the session's journal in
	// memory (tests).
	Journal *journal.Journal
	// Payloads is the invoke screen's payload history; nil keeps it in
	// memory (tests).
	Payloads *invoke.History
	// Version is virga's version, shown in the help screen's title.
	Version string
	// Exec runs ECS Exec's shell (tea.ExecProcess, which suspends the
	// TUI); nil where a shell cannot reach the user's terminal (virga
	// serve), so the key says ECS Exec is not available (tui/exec.go).
	Exec func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd
	// LookPath finds the tools ECS Exec needs; nil is exec.LookPath.
	LookPath ecsexec.LookPath
	// EndpointURL is the custom AWS endpoint in use (--endpoint-url), ""
	// for AWS's own; ECS Exec passes it on to the AWS CLI.
	EndpointURL string
}

func (o *Options) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Refresh <= 0 {
		o.Refresh = config.DefaultRefresh
	}
	if o.FunctionsRefresh <= 0 {
		o.FunctionsRefresh = config.DefaultFunctionsRefresh
	}
	if o.MetricsWindow <= 0 {
		o.MetricsWindow = config.DefaultMetricsWindow
	}
	if o.IdleAfter <= 0 {
		o.IdleAfter = 10 * time.Minute
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 20 * time.Second
	}
	if o.LookPath == nil {
		o.LookPath = exec.LookPath
	}
	if o.After == nil {
		o.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}
	}
	if len(o.Keys.Contexts()) == 0 || len(o.Keys.Global.Quit.Keys()) == 0 {
		o.Keys = keymap.Default()
	}
}

type focusArea uint8

const (
	focusTable focusArea = iota
	focusDetail
)

type overlay uint8

const (
	overlayNone overlay = iota
	overlayHelp
	overlayPalette
	overlayFilter
	overlayPicker
	overlayStats
	// overlayMessage is the last warning or error in full (tui/message.go).
	overlayMessage
	// overlayRaw is a resource's API document (tui/detail/raw.go).
	overlayRaw
	// overlayAction is an action's form or confirmation (tui/actions).
	overlayAction
)

// LogOptions configures the log panes.
type LogOptions = logpane.Options

// MFARequest asks the person for the code of an MFA device (tui/mfa).
type MFARequest = mfa.Request

// Notice is a message from outside the program (virga serve shutting
// down) shown in the status line as a warning.
type Notice struct{ Text string }

// Model is the root model.
type Model struct {
	opt    Options
	km     keymap.KeyMap
	st     *theme.Styles
	ctx    context.Context
	stop   context.CancelFunc
	width  int
	height int

	// who is the identity in use and its lookup (tui/identity).
	who *identity.Who
	// retry draws every retry delay and its jitter (tui/lists).
	retry *lists.Retry
	// credsExpired pauses all polling until the user refreshes.
	credsExpired bool

	stack []*location
	focus focusArea
	// detailOpen is the user's choice to show the detail pane; on wide
	// terminals it sits beside the table, on narrow ones it replaces it.
	detailOpen bool
	// laidOut is the table width the last layout used, so new data
	// lays out again only when it moves the split.
	laidOut int
	detail  *detail.Pane
	over    overlay
	help    *kit.Pane
	// palette is the command palette and the profile and region pickers
	// (tui/palette).
	palette *palette.Palette
	filter  *filter.Bar
	// seen are the names the last full listings returned, for the
	// palette to complete arguments with after their view is left.
	seen     seenNames
	stats    *kit.Pane
	raw      *detail.Raw
	readOnly bool
	// actions is the action pipeline (tui/actions).
	actions *actions.Pipeline
	// follow opens the log pane on one request's lines; nil while the
	// backend cannot read logs, and the invoke screen hides its follow key.
	follow func(fn providers.Function, requestID string, at time.Time) tea.Cmd
	// epoch changes when the backend is switched; results of an earlier
	// epoch belong to another account or region and are dropped.
	epoch int

	// status is the status line's notices and the ! pane (tui/notice).
	status     *notice.Line
	clockArmed bool
	lastInput  time.Time

	// metrics is the functions list's live figures (tui/metrics).
	metrics *metrics.List

	// nextGen hands out generation numbers; a result whose generation is no
	// longer current is dropped.
	nextGen int

	// mfa prompts for MFA codes (tui/mfa).
	mfa *mfa.Prompt
}

// New returns the root model.
func New(o Options) *Model {
	o.defaults()
	ctx, stop := context.WithCancel(context.Background())
	m := &Model{
		opt:        o,
		km:         o.Keys,
		ctx:        ctx,
		stop:       stop,
		detailOpen: true,
		lastInput:  o.Now(),
		retry:      lists.NewRetry(o.Now()),
	}
	m.st = theme.New(o.Theme)
	m.status = notice.New(host{m})
	m.who = identity.New(host{m})
	m.detail = detail.New(host{m}, o.Refresh)
	m.help = kit.NewPane(m.st)
	m.stats = kit.NewPane(m.st)
	m.raw = detail.NewRaw(host{m})
	m.actions = actions.New(host{m})
	m.metrics = metrics.NewList(host{m}, o.MetricsWindow)
	m.mfa = mfa.New(host{m}, o.MFA)
	m.setReadOnly(o.ReadOnly)
	m.palette = palette.New(host{m}, m.names(), o.Connect)
	m.filter = filter.New(host{m})
	m.stack = []*location{m.newLocation(kindFromName(o.Start), "", "")}
	// The invoke screen's "follow this request" opens the log pane, when
	// the backend can read logs at all.
	if m.canReadLogs() {
		m.follow = func(fn providers.Function, requestID string, at time.Time) tea.Cmd {
			return logpane.FollowRequest(host{m}, fn, requestID, at)
		}
	}
	for _, n := range o.Notices {
		m.status.Set(views.LevelWarn, n, 15*time.Second)
	}
	return m
}

// Close cancels every call and stream the model started. The program's
// owner calls it after Run returns.
func (m *Model) Close() {
	leave(m.stack)
	m.stop()
	m.mfa.Close()
}

// Init loads the identity and the first view.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.who.Load(), m.activate(m.top()), m.mfa.Wait()}
	if m.opt.ThemeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if text, _ := m.status.Shown(); text != "" {
		cmds = append(cmds, m.status.Expire())
	}
	return tea.Batch(cmds...)
}

func (m *Model) now() time.Time { return m.opt.Now() }

// local is t in the zone times are shown in.
func (m *Model) local(t time.Time) time.Time { return t.In(m.opt.Location) }

func (m *Model) gen() int { m.nextGen++; return m.nextGen }

func (m *Model) top() *location { return m.stack[len(m.stack)-1] }

// callCtx returns a context with the call deadline; every provider call
// goes through one.
func (m *Model) callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(m.ctx, m.opt.CallTimeout)
}

// idle reports whether the user has not touched a key for a long time;
// polling then slows down.
func (m *Model) idle() bool { return m.now().Sub(m.lastInput) >= m.opt.IdleAfter }

// setStyles rebuilds everything that caches styles.
func (m *Model) setStyles(mode theme.Mode) {
	if m.st.Mode == mode {
		return
	}
	m.st = theme.New(mode)
	m.detail.SetStyles(m.st)
	m.help.SetStyles(m.st)
	m.stats.SetStyles(m.st)
	m.status.Pane().SetStyles(m.st)
	m.raw.SetStyles(m.st)
	m.palette.SetStyles(m.st)
	m.filter.SetStyles(m.st)
	for _, l := range m.stack {
		if l.scr != nil {
			l.scr.Restyle()
			continue
		}
		l.table().SetStyles(m.st)
	}
	m.syncDetail()
}

// Styles returns the styles in use (tests and screenshots).
func (m *Model) Styles() *theme.Styles { return m.st }

// setReadOnly sets the session's read-only mode, the first wall (actions
// hidden and refused), and switches the backend's own wall to match, so a
// rule that needed the account id covers the SDK too.
func (m *Model) setReadOnly(on bool) {
	m.readOnly = on
	if s, ok := m.opt.Backend.(providers.ReadOnlySetter); ok {
		s.SetReadOnly(on)
	}
}
