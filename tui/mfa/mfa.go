// Package mfa is the prompt for the code of an MFA device, shown over
// whatever is on screen when a profile that assumes a role with MFA is
// connected or its role session renewed.
package mfa

import (
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Request asks the person for the code of an MFA device: a profile
// that assumes a role with one is being connected (:profile) or its role
// session renewed. The TUI shows a prompt over whatever is on screen and
// sends the code on Answer, or "" when the person cancels. Answer must be
// buffered so the TUI never blocks on it.
type Request struct {
	Profile string
	Serial  string
	Answer  chan<- string
}

// Host is what the prompt needs from the program around it.
type Host interface {
	Notify(level views.Level, text string) tea.Cmd
	Keys() *keymap.KeyMap
	Styles() *theme.Styles
}

// Prompt waits for requests and asks for their codes, one at a time.
type Prompt struct {
	host Host
	asks <-chan Request
	done chan struct{}
	// req and form are the open prompt; form is nil when none is open.
	req  Request
	form *dialog.Form
}

// New returns a prompt for the requests of asks (nil: none ever come).
func New(h Host, asks <-chan Request) *Prompt {
	return &Prompt{host: h, asks: asks, done: make(chan struct{})}
}

// Msg is a message of the prompt.
type Msg interface{ isMFAMsg() }

// askedMsg carries a request to the update loop.
type askedMsg struct{ req Request }

func (askedMsg) isMFAMsg() {}

// code is what an MFA device shows.
var code = regexp.MustCompile(`^[0-9]{6}$`)

// Wait waits for the next request for a code, until Close.
func (p *Prompt) Wait() tea.Cmd {
	ch, done := p.asks, p.done
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case r := <-ch:
			return askedMsg{req: r}
		case <-done:
			return nil
		}
	}
}

// Close ends the waiter; it may be called more than once.
func (p *Prompt) Close() {
	select {
	case <-p.done:
	default:
		close(p.done)
	}
}

// Open says a prompt is open: it takes every key.
func (p *Prompt) Open() bool { return p.form != nil }

// Update opens the prompt. Requests come one at a time (the credential
// cache renews once); one that arrives while a prompt is open is refused.
func (p *Prompt) Update(msg Msg) tea.Cmd {
	m, ok := msg.(askedMsg)
	if !ok {
		return nil
	}
	if p.form != nil {
		m.req.Answer <- ""
		return p.Wait()
	}
	r := m.req
	form := dialog.NewForm(p.host.Styles(), "MFA code", "profile "+sanitize.Line(r.Profile)+" assumes a role with MFA", []dialog.Field{{
		Label: "code", Hint: "the 6 digits " + sanitize.Line(r.Serial) + " shows now",
	}})
	form.SetSubmit("send the code")
	p.req, p.form = r, form
	return nil
}

// Key handles keys while the prompt is open.
func (p *Prompt) Key(msg tea.Msg) tea.Cmd {
	req, form := p.req, p.form
	res, cmd := form.Update(msg, &p.host.Keys().Actions.Form)
	switch res {
	case dialog.FormCancelled:
		p.req, p.form = Request{}, nil
		req.Answer <- ""
		return tea.Batch(cmd, p.Wait(), p.host.Notify(views.LevelWarn, "no MFA code given: profile "+req.Profile+" is not connected"))
	case dialog.FormSubmitted:
		c := strings.TrimSpace(form.Values()[0])
		if !code.MatchString(c) {
			form.SetError("an MFA code is 6 digits")
			return cmd
		}
		p.req, p.form = Request{}, nil
		req.Answer <- c
		return tea.Batch(cmd, p.Wait(), p.host.Notify(views.LevelInfo, "MFA code sent for profile "+req.Profile+"…"))
	}
	return cmd
}

// View draws the prompt over lines, the frame of width columns whose
// body (below the two header lines) is bodyH high.
func (p *Prompt) View(lines []string, width, bodyH int) []string {
	if p.form == nil {
		return lines
	}
	box := dialog.Center(p.form.View(&p.host.Keys().Actions.Form, width, max(bodyH, 3)), width)
	top := 2 + max((bodyH-len(box))/2, 0)
	return kit.Overlay(lines, box, top)
}
