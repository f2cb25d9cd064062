package tui

import (
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// MFARequest asks the person for the code of an MFA device: a profile
// that assumes a role with one is being connected (:profile) or its role
// session renewed. The TUI shows a prompt over whatever is on screen and
// sends the code on Answer, or "" when the person cancels. Answer must be
// buffered so the TUI never blocks on it.
type MFARequest struct {
	Profile string
	Serial  string
	Answer  chan<- string
}

// mfaAskedMsg carries a request to the update loop.
type mfaAskedMsg struct{ req MFARequest }

// mfaPrompt is an open MFA prompt.
type mfaPrompt struct {
	req  MFARequest
	form *dialog.Form
}

// mfaCode is what an MFA device shows.
var mfaCode = regexp.MustCompile(`^[0-9]{6}$`)

// waitMFA waits for the next request for a code, until the model closes.
func (m *Model) waitMFA() tea.Cmd {
	ch, done := m.opt.MFA, m.mfaDone
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case r := <-ch:
			return mfaAskedMsg{req: r}
		case <-done:
			return nil
		}
	}
}

// mfaAsked opens the prompt. Requests come one at a time (the credential
// cache renews once); one that arrives while a prompt is open is refused.
func (m *Model) mfaAsked(msg mfaAskedMsg) tea.Cmd {
	if m.mfa != nil {
		msg.req.Answer <- ""
		return m.waitMFA()
	}
	r := msg.req
	form := dialog.NewForm(m.st, "MFA code", "profile "+sanitize.Line(r.Profile)+" assumes a role with MFA", []dialog.Field{{
		Label: "code", Hint: "the 6 digits " + sanitize.Line(r.Serial) + " shows now",
	}})
	form.SetSubmit("send the code")
	m.mfa = &mfaPrompt{req: r, form: form}
	return nil
}

// mfaKey handles keys while the prompt is open: it takes every key.
func (m *Model) mfaKey(msg tea.Msg) tea.Cmd {
	p := m.mfa
	res, cmd := p.form.Update(msg, &m.km.Actions.Form)
	switch res {
	case dialog.FormCancelled:
		m.mfa = nil
		p.req.Answer <- ""
		return tea.Batch(cmd, m.waitMFA(), m.notify(views.LevelWarn, "no MFA code given: profile "+p.req.Profile+" is not connected"))
	case dialog.FormSubmitted:
		code := strings.TrimSpace(p.form.Values()[0])
		if !mfaCode.MatchString(code) {
			p.form.SetError("an MFA code is 6 digits")
			return cmd
		}
		m.mfa = nil
		p.req.Answer <- code
		return tea.Batch(cmd, m.waitMFA(), m.notify(views.LevelInfo, "MFA code sent for profile "+p.req.Profile+"…"))
	}
	return cmd
}

// mfaView draws the prompt over the frame.
func (m *Model) mfaView(lines []string) []string {
	if m.mfa == nil {
		return lines
	}
	box := dialog.Center(m.mfa.form.View(&m.km.Actions.Form, m.width, max(m.bodyHeight(), 3)), m.width)
	top := 2 + max((m.bodyHeight()-len(box))/2, 0)
	return kit.Overlay(lines, box, top)
}
