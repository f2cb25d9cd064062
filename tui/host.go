package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/action"
	"github.com/virgahq/virga/invoke"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/theme"
)

// host is what the root lends the feature packages under tui/: each
// declares the small interface it needs (the clock, timers, calls,
// notices, keys, styles, the backend) and host implements all of them,
// so no screen holds the root or reaches into its fields.
type host struct{ m *Model }

func (h host) Now() time.Time { return h.m.now() }
func (h host) Gen() int       { return h.m.gen() }
func (h host) After(d time.Duration, msg tea.Msg) tea.Cmd {
	return h.m.opt.After(d, msg)
}
func (h host) CallCtx() (context.Context, context.CancelFunc) { return h.m.callCtx() }
func (h host) Notify(level views.Level, text string) tea.Cmd  { return h.m.notify(level, text) }
func (h host) Keys() *keymap.KeyMap                           { return &h.m.km }
func (h host) ActionKeys() keymap.Actions                     { return h.m.actionKeys() }
func (h host) Styles() *theme.Styles                          { return h.m.st }
func (h host) Backend() providers.Backend                     { return h.m.opt.Backend }
func (h host) ReadOnly() bool                                 { return h.m.readOnly }
func (h host) Scope() providers.Scope                         { return h.m.identity.Scope() }
func (h host) Payloads() *invoke.History                      { return h.m.payloads() }
func (h host) CanFollow() bool                                { return h.m.actions.follow != nil }

func (h host) Follow(fn providers.Function, requestID string, at time.Time) tea.Cmd {
	return h.m.actions.follow(fn, requestID, at)
}

// ProposeInvoke opens the confirmation of an invocation asked for by the
// invoke screen; actionDone routes the outcome back to it.
func (h host) ProposeInvoke(screen int, req providers.InvokeRequest) tea.Cmd {
	f := h.m.newFlow()
	f.screen = screen
	return h.m.openConfirm(f, action.InvokeFunction(req))
}
