package tui

import (
	"context"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/invokescreen"
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

// host is what the root lends the feature packages under tui/: each
// declares the small interface it needs (the clock, timers, calls,
// notices, keys, styles, the backend) and host implements all of them,
// so no screen holds the root or reaches into its fields.
type host struct{ m *Model }

func (h host) Now() time.Time               { return h.m.now() }
func (h host) Location() *time.Location     { return h.m.opt.Location }
func (h host) InZone(t time.Time) time.Time { return h.m.local(t) }
func (h host) Gen() int                     { return h.m.gen() }
func (h host) After(d time.Duration, msg tea.Msg) tea.Cmd {
	return h.m.opt.After(d, msg)
}
func (h host) CallCtx() (context.Context, context.CancelFunc) { return h.m.callCtx() }
func (h host) Notify(level views.Level, text string) tea.Cmd  { return h.m.notify(level, text) }
func (h host) Keys() *keymap.KeyMap                           { return &h.m.km }
func (h host) ActionKeys() keymap.Actions                     { return h.m.actions.Keys() }
func (h host) Styles() *theme.Styles                          { return h.m.st }
func (h host) Backend() providers.Backend                     { return h.m.opt.Backend }
func (h host) ReadOnly() bool                                 { return h.m.readOnly }
func (h host) Scope() providers.Scope                         { return h.m.who.ID().Scope() }
func (h host) Payloads() *invoke.History                      { return h.m.payloads() }
func (h host) Clock() func() time.Time                        { return h.m.opt.Now }
func (h host) Context() context.Context                       { return h.m.ctx }
func (h host) Idle() bool                                     { return h.m.idle() }
func (h host) LogOptions() logpane.Options                    { return h.m.opt.Logs }
func (h host) KnownLogGroups() map[string]string              { return h.m.knownLogGroups() }
func (h host) Back() tea.Cmd                                  { return h.m.back() }
func (h host) CanFollow() bool                                { return h.m.follow != nil }

func (h host) Follow(fn providers.Function, requestID string, at time.Time) tea.Cmd {
	return h.m.follow(fn, requestID, at)
}

func (h host) Push(build func(id int) screen) tea.Cmd { return h.m.pushScreen(build) }

// Below is the screen under the top of the stack, nil when that is a table.
func (h host) Below() screen {
	if n := len(h.m.stack); n >= 2 {
		return h.m.stack[n-2].scr
	}
	return nil
}

func (h host) Epoch() int                                { return h.m.epoch }
func (h host) Region() string                            { return h.m.who.ID().Region }
func (h host) Paused() bool                              { return h.m.credsExpired }
func (h host) CallFailed(err error) tea.Cmd              { return h.m.metricsFailed(err) }
func (h host) RetryDelay(n int, err error) time.Duration { return h.m.retry.Delay(n, err) }

// The functions' shared state: one detail cache, written by storeDetail
// alone; the list's live figures and reserved concurrency (List).

func (h host) Detail(name string) (providers.FunctionDetail, bool) { return h.m.detail.Of(name) }
func (h host) DetailAsked(name string) bool                        { return h.m.detail.Asked(name) }
func (h host) StoreDetail(name string, d providers.FunctionDetail, at time.Time) {
	h.m.storeDetail(name, d, at)
}

// ProposeInvoke opens the confirmation of an invocation asked for by the
// invoke screen; InvokeResult routes the outcome back to it.
func (h host) ProposeInvoke(screen int, req providers.InvokeRequest) tea.Cmd {
	return h.m.actions.ProposeInvoke(screen, req)
}

func (h host) Journal() *journal.Journal { return h.m.journal() }

// What the action pipeline needs besides the above.

func (h host) Identity() providers.Identity { return h.m.who.ID() }
func (h host) CallTimeout() time.Duration   { return h.m.opt.CallTimeout }
func (h host) StatusShown() bool            { text, _ := h.m.status.Shown(); return text != "" }
func (h host) ClearStatus()                 { h.m.status.Clear() }
func (h host) ReadOnlyReason() string       { return h.m.opt.ReadOnlyReason }
func (h host) Log() *slog.Logger            { return h.m.opt.Log }

func (h host) Essential(arn string) map[string]bool { return h.m.detail.Essential(arn) }

func (h host) OpenInvoke(fn providers.Function) tea.Cmd { return h.m.openInvoke(fn) }

func (h host) InvokeResult(screen int, out action.Outcome, err error) tea.Cmd {
	return h.m.routeScreenMsg(invokescreen.Result{ID: screen, Out: out, Err: err})
}

// SetOverlay shows the pipeline's form or confirmation, or hides it
// without closing another overlay.
func (h host) SetOverlay(open bool) {
	switch {
	case open:
		h.m.over = overlayAction
	case h.m.over == overlayAction:
		h.m.over = overlayNone
	}
}

func (h host) StoreServices(cluster string, svcs []providers.Service) {
	h.m.storeServices(cluster, svcs)
}

// RefreshResources reads the visible functions or services table again.
func (h host) RefreshResources() tea.Cmd {
	return h.m.refetch(func(l *location) bool { return l.kind == kindFunctions || l.kind == kindServices })
}

// RefreshTasks reads the visible tasks table again if it shows cluster.
func (h host) RefreshTasks(cluster string) tea.Cmd {
	return h.m.refetch(func(l *location) bool {
		return l.kind == kindTasks && (l.cluster == "" || l.cluster == cluster)
	})
}

func (h host) Changed(a action.Action) tea.Cmd { return h.m.eksRefresh(a) }
