package tui

import (
	"context"
	"io"
	"sort"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/palette"
	"github.com/virgahq/virga/views"
)

// backendSwitchedMsg carries a backend opened for another profile or
// region (tui/palette).
type backendSwitchedMsg = palette.Switched

// canSwitch reports whether profiles and regions can be changed here.
func (m *Model) canSwitch() bool { return m.palette.CanSwitch() }

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

// switchTo switches to profile and region once they answer.
func (m *Model) switchTo(profile, region string) tea.Cmd { return m.palette.SwitchTo(profile, region) }

// update swaps the backend. Every cache and generation is reset,
// so no result fetched for the previous account or region can land under
// the new header.
func (m *Model) backendSwitched(msg backendSwitchedMsg) tea.Cmd {
	if !m.palette.Current(msg) {
		return nil
	}
	if msg.Err != nil {
		return m.notify(views.LevelError, "could not switch to "+palette.Describe(msg.Profile, msg.Region)+": "+providers.Short(msg.Err))
	}
	old := m.opt.Backend
	// Cancel every call of the old backend, then start a new context.
	m.stop()
	m.ctx, m.stop = context.WithCancel(context.Background())
	if c, ok := old.(io.Closer); ok && old != msg.Backend {
		_ = c.Close()
	}
	m.opt.Backend = msg.Backend
	m.who.Set(msg.Identity)
	m.credsExpired = false
	m.detail.Forget()
	m.metrics.Reset()
	m.epoch++
	// The new backend gets the session's read-only mode, re-decided for
	// the new profile and account.
	ro := m.opt.ReadOnly
	if m.opt.ReadOnlyFor != nil {
		ro = ro || m.opt.ReadOnlyFor(msg.Identity.Profile, msg.Identity.Account)
	}
	m.setReadOnly(ro)
	root := m.stack[0]
	leave(m.stack)
	m.stack = []*location{m.reroot(root)}
	m.setFocus(focusTable)
	return tea.Batch(m.activate(m.top()),
		m.notify(views.LevelInfo, "now on account "+msg.Identity.Account+" · "+msg.Identity.Region+" · "+palette.Describe(msg.Identity.Profile, msg.Identity.Region)))
}
