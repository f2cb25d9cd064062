package logs

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Prompt is the one-line input of the log pane: the local filter, the
// CloudWatch filter pattern, the start time. The cursor does not blink
// (a blinking cursor redraws forever).
type Prompt struct {
	in   textinput.Model
	what string
}

// NewPrompt opens a prompt for what (a name the caller keys on), with a
// label, a placeholder and the current value.
func NewPrompt(st *theme.Styles, what, label, placeholder, value string) *Prompt {
	in := kit.NewInput(st, label, placeholder, 512)
	in.SetValue(value)
	in.CursorEnd()
	in.Focus()
	return &Prompt{in: in, what: what}
}

// What names the prompt.
func (p *Prompt) What() string { return p.what }

// Value is the text typed.
func (p *Prompt) Value() string { return p.in.Value() }

// Update passes a key or paste to the input.
func (p *Prompt) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	return cmd
}

// View renders the prompt at width w.
func (p *Prompt) View(w int) string {
	p.in.SetWidth(max(w-len(p.in.Prompt)-2, 1))
	return kit.FitStyled(p.in.View(), w)
}
