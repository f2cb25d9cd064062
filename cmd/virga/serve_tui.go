package main

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/serve"
	"github.com/virgahq/virga/internal/wait"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/theme"
)

// serveOpener opens the server's own backends: the simulated account for
// --demo (one account and region), else AWS with the root flags as the
// defaults. closeAll ends what the demo started.
func serveOpener(ctx context.Context, f *flags) (serve.Opener, func(), error) {
	if f.demo {
		be, err := openDemo(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		up, ok := be.backend.(shared.Upstream)
		if !ok {
			be.close()
			return nil, nil, errors.New("demo backend lacks a capability")
		}
		return func(_ context.Context, profile, region string) (shared.Upstream, func(), error) {
			if profile != "" || region != "" {
				return nil, nil, errors.New("the demo serves one simulated account and region")
			}
			return up, func() {}, nil
		}, be.close, nil
	}
	pick := func(asked, def string) string {
		if asked != "" {
			return asked
		}
		return def
	}
	return func(ctx context.Context, profile, region string) (shared.Upstream, func(), error) {
		p, err := awsprov.New(ctx, awsprov.Config{
			Profile: pick(profile, f.profile), Region: pick(region, f.region), EndpointURL: f.endpoint,
			ReadOnly: f.readOnly, CloudWatchJSON: emulatorEndpoint(f.endpoint),
		})
		if err != nil {
			return nil, nil, err
		}
		return p, p.Close, nil
	}, func() {}, nil
}

// tuiSessions builds each interactive session's TUI from the server's
// configuration.
type tuiSessions struct {
	f       *flags
	cfg     config.Config
	journal string
}

func (t *tuiSessions) program(s *serve.Session) (tea.Model, func(), error) {
	v, err := s.Open(s.Context(), "", "")
	if err != nil {
		return nil, nil, err
	}
	km := keymap.Default()
	role := s.Key.Role.String()
	if s.Key.Role == serve.Viewer {
		role += " (read-only)"
	}
	notices := []string{"signed in as " + s.Actor() + " · " + role}
	if err := km.Apply(t.cfg.Keys); err != nil {
		notices = append(notices, "config keys: "+err.Error()+"; using default keys")
	}
	mode, auto := sessionTheme(s.Env, t.f.theme, t.cfg.Theme)
	m := tui.New(tui.Options{
		Backend: v,
		Now:     time.Now,
		// The server's zone: an SSH client does not send its own.
		Location:         time.Local,
		Keys:             km,
		Theme:            mode,
		ThemeAuto:        auto,
		Refresh:          time.Duration(t.cfg.Refresh),
		FunctionsRefresh: time.Duration(t.cfg.FunctionsRefresh),
		MetricsWindow:    time.Duration(t.cfg.MetricsWindow),
		ReadOnly:         s.Key.Role == serve.Viewer || t.f.readOnly || t.cfg.ReadOnlyFor(t.f.profile, ""),
		ReadOnlyFor:      t.cfg.ReadOnlyFor,
		Journal:          journal.OpenAs(t.journal, s.Actor(), s.Key.Fingerprint),
		Notices:          notices,
		After:            afterUntil(s.Context()),
		Connect: func(ctx context.Context, profile, region string) (providers.Backend, error) {
			v, err := s.Open(ctx, profile, region)
			if err != nil {
				return nil, err
			}
			return v, nil
		},
		Profiles: func() ([]string, error) { return s.Profiles(), nil },
		Regions:  s.Regions(),
		Logs: tui.LogOptions{
			Lines:      t.cfg.Logs.BufferLines,
			NoLiveTail: t.cfg.Logs.LiveTail != nil && !*t.cfg.Logs.LiveTail,
			NoSave:     true,
		},
	})
	return m, m.Close, nil
}

// sessionTheme is themeMode for a client's terminal: its NO_COLOR and
// TERM, not the server's.
func sessionTheme(env []string, flag, file string) (theme.Mode, bool) {
	getenv := func(name string) string {
		for _, kv := range env {
			if k, v, _ := strings.Cut(kv, "="); k == name {
				return v
			}
		}
		return ""
	}
	return themeModeIn(getenv, flag, file)
}

// afterUntil schedules a message like tea.Tick, except that the wait ends
// with ctx: a session's program ends long before its next poll is due,
// and a server runs many sessions, so its timers must not outlive it.
func afterUntil(ctx context.Context) func(time.Duration, tea.Msg) tea.Cmd {
	return func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg {
			if wait.Sleep(ctx, d) != nil {
				return nil
			}
			return msg
		}
	}
}
