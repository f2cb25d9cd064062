package tui

import (
	"context"
	"io"
	"sort"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// backendSwitchedMsg carries a backend opened for another profile or
// region, with the identity that validated it.
type backendSwitchedMsg struct {
	gen      int
	backend  providers.Backend
	identity providers.Identity
	profile  string
	region   string
	err      error
}

// switchTimeout bounds connecting to another profile or region, the MFA
// prompt included.
const switchTimeout = 2 * time.Minute

// canSwitch reports whether profiles and regions can be changed here.
func (m *Model) canSwitch() bool { return m.opt.Connect != nil }

// openPicker opens the profile or region picker.
func (m *Model) openPicker(what string) tea.Cmd {
	if !m.canSwitch() {
		return m.notify(views.LevelWarn, "switching "+what+" is not available here")
	}
	names, err := m.opt.Regions, error(nil)
	if what == "profile" {
		names, err = m.profiles()
	}
	cmd, ok := m.palette.OpenPicker(what, names, err)
	if ok {
		m.over = overlayPicker
	}
	return cmd
}

func (m *Model) profiles() ([]string, error) {
	if m.opt.Profiles == nil {
		return nil, nil
	}
	names, err := m.opt.Profiles()
	sort.Strings(names)
	return names, err
}

// switchTo opens a backend for profile and region and validates it by
// reading its identity; the current account stays on screen until that
// succeeds.
func (m *Model) switchTo(profile, region string) tea.Cmd {
	if !m.canSwitch() {
		return nil
	}
	m.switchGen++
	gen, connect := m.switchGen, m.opt.Connect
	// Long enough to type an MFA code when the profile asks for one.
	ctx, cancel := context.WithTimeout(m.ctx, max(m.opt.CallTimeout, switchTimeout))
	cmd := func() tea.Msg {
		defer cancel()
		b, err := connect(ctx, profile, region)
		if err != nil {
			return backendSwitchedMsg{gen: gen, profile: profile, region: region, err: err}
		}
		id, err := b.Identity(ctx)
		if err != nil {
			if c, ok := b.(io.Closer); ok {
				_ = c.Close()
			}
			return backendSwitchedMsg{gen: gen, profile: profile, region: region, err: err}
		}
		return backendSwitchedMsg{gen: gen, backend: b, identity: id, profile: profile, region: region}
	}
	return tea.Batch(cmd, m.notify(views.LevelInfo, "connecting to "+describe(profile, region)+"…"))
}

func describe(profile, region string) string {
	if profile == "" {
		profile = "default"
	}
	return "profile " + profile + " in " + region
}

// backendSwitched swaps the backend. Every cache and generation is reset,
// so no result fetched for the previous account or region can land under
// the new header.
func (m *Model) backendSwitched(msg backendSwitchedMsg) tea.Cmd {
	if msg.gen != m.switchGen {
		if msg.backend != nil {
			if c, ok := msg.backend.(io.Closer); ok {
				_ = c.Close()
			}
		}
		return nil
	}
	if msg.err != nil {
		return m.notify(views.LevelError, "could not switch to "+describe(msg.profile, msg.region)+": "+providers.Short(msg.err))
	}
	old := m.opt.Backend
	// Cancel every call of the old backend, then start a new context.
	m.stop()
	m.ctx, m.stop = context.WithCancel(context.Background())
	if c, ok := old.(io.Closer); ok && old != msg.backend {
		_ = c.Close()
	}
	m.opt.Backend = msg.backend
	m.identity = msg.identity
	m.identityErr = nil
	m.identityFails = 0
	m.identityGen++
	m.credsExpired = false
	m.live = map[string]*views.FunctionLive{}
	m.detail.Forget()
	m.reserved.Reset()
	m.metrics = metricsState{gen: m.metrics.gen + 1, window: m.metrics.window, asked: m.metrics.asked}
	m.epoch++
	// The new backend gets the session's read-only mode, re-decided for
	// the new profile and account.
	ro := m.opt.ReadOnly
	if m.opt.ReadOnlyFor != nil {
		ro = ro || m.opt.ReadOnlyFor(msg.identity.Profile, msg.identity.Account)
	}
	m.setReadOnly(ro)
	root := m.stack[0]
	leave(m.stack)
	m.stack = []*location{m.reroot(root)}
	m.setFocus(focusTable)
	return tea.Batch(m.activate(m.top()),
		m.notify(views.LevelInfo, "now on account "+msg.identity.Account+" · "+msg.identity.Region+" · "+describe(msg.identity.Profile, msg.identity.Region)))
}
