package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/theme"
)

// mfaAccount is an account behind a profile that assumes a role with MFA:
// its identity is known only once a code is given.
type mfaAccount struct {
	*sim.Account
	ask   chan<- tui.MFARequest
	codes chan string
}

func (a mfaAccount) Identity(ctx context.Context) (providers.Identity, error) {
	answer := make(chan string, 1)
	a.ask <- tui.MFARequest{Profile: "prod-admin", Serial: "arn:aws:iam::210987654321:mfa/alice", Answer: answer}
	code := <-answer
	a.codes <- code
	if code == "" {
		return providers.Identity{}, &providers.Error{Kind: providers.ErrCredentials, Message: "profile prod-admin: no MFA code"}
	}
	id, err := a.Account.Identity(ctx)
	id.Profile = "prod-admin"
	return id, err
}

// TestProfileSwitchAsksForTheMFACode runs the TUI's event loop: switching
// to a profile that needs an MFA code opens a prompt in the TUI naming the
// profile and the device; a code that is not 6 digits is refused there;
// the code typed reaches the credentials, and the switch completes.
func TestProfileSwitchAsksForTheMFACode(t *testing.T) {
	clock := func() time.Time { return start }
	first := sim.New(sim.Config{Seed: 1, Now: clock})
	asks := make(chan tui.MFARequest)
	codes := make(chan string, 1)
	second := mfaAccount{Account: sim.New(sim.Config{Seed: 2, Account: "210987654321", Now: clock}), ask: asks, codes: codes}
	m := tui.New(tui.Options{
		Backend: first, Now: clock, Theme: theme.Dark, MFA: asks,
		Logs: tui.LogOptions{NoLiveTail: true},
		Connect: func(context.Context, string, string) (providers.Backend, error) {
			return second, nil
		},
	})
	defer m.Close()
	var screen testkit.Buffer
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(&screen), tea.WithWindowSize(120, 40), tea.WithoutSignals())
	ran := make(chan error, 1)
	go func() { _, err := p.Run(); ran <- err }()
	defer func() {
		p.Quit()
		<-ran
	}()
	waitFor := func(text string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(screen.String(), text); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the screen never showed %q", text)
			}
		}
	}
	typeText := func(s string) {
		for _, r := range s {
			p.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	waitFor("123456789012")
	typeText(":profile prod-admin")
	p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("assumes a role with MFA")
	waitFor("arn:aws:iam::210987654321:mfa/alice")
	typeText("12")
	p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("an MFA code is 6 digits")
	typeText("3456")
	p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	select {
	case c := <-codes:
		if c != "123456" {
			t.Fatalf("the credentials got %q", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no code reached the credentials")
	}
	waitFor("now on account 210987654321")
}
