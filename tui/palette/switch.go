package palette

import (
	"context"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// Connect opens a backend for another profile or region.
type Connect func(ctx context.Context, profile, region string) (providers.Backend, error)

// Switched carries a backend opened for another profile or region, with
// the identity that validated it, or why it could not be opened.
type Switched struct {
	gen      int
	Backend  providers.Backend
	Identity providers.Identity
	Profile  string
	Region   string
	Err      error
}

// switchTimeout bounds connecting to another profile or region, the MFA
// prompt included.
const switchTimeout = 2 * time.Minute

// CanSwitch reports whether profiles and regions can be changed here.
func (p *Palette) CanSwitch() bool { return p.connect != nil }

// SwitchTo opens a backend for profile and region and validates it by
// reading its identity; the current account stays on screen until that
// succeeds. Only the latest switch asked for counts (Current).
func (p *Palette) SwitchTo(profile, region string) tea.Cmd {
	if p.connect == nil {
		return nil
	}
	p.switchGen++
	gen, connect := p.switchGen, p.connect
	// Long enough to type an MFA code when the profile asks for one.
	ctx, cancel := context.WithTimeout(p.h.Context(), max(p.h.CallTimeout(), switchTimeout))
	cmd := func() tea.Msg {
		defer cancel()
		b, err := connect(ctx, profile, region)
		if err != nil {
			return Switched{gen: gen, Profile: profile, Region: region, Err: err}
		}
		id, err := b.Identity(ctx)
		if err != nil {
			closeBackend(b)
			return Switched{gen: gen, Profile: profile, Region: region, Err: err}
		}
		return Switched{gen: gen, Backend: b, Identity: id, Profile: profile, Region: region}
	}
	return tea.Batch(cmd, p.h.Notify(views.LevelInfo, "connecting to "+Describe(profile, region)+"…"))
}

// Current reports whether msg answers the latest switch; the backend of
// an earlier one is closed.
func (p *Palette) Current(msg Switched) bool {
	if msg.gen != p.switchGen {
		closeBackend(msg.Backend)
		return false
	}
	return true
}

// Describe names a profile and region for notices.
func Describe(profile, region string) string {
	if profile == "" {
		profile = "default"
	}
	return "profile " + profile + " in " + region
}

// closeBackend closes b if it holds anything open.
func closeBackend(b providers.Backend) {
	if c, ok := b.(io.Closer); ok {
		_ = c.Close()
	}
}
