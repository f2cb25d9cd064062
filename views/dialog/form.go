package dialog

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Field is one input of a form.
type Field struct {
	Label string
	// Value is the initial text (the current value, so Enter keeps it).
	// It shows selected: typing replaces it, as in a GUI's text field,
	// so 2 typed over 6 gives 2, not 62; an arrow key keeps it to edit.
	Value string
	// Hint says what is accepted; it may list values read from AWS.
	Hint        string
	Placeholder string
}

// FormResult is what a key did to a form.
type FormResult uint8

// Form outcomes. Submitting a form never changes anything: it leads to
// the confirmation.
const (
	FormEditing FormResult = iota
	FormSubmitted
	FormCancelled
)

// Form asks for an action's values.
type Form struct {
	title, sub string
	fields     []Field
	inputs     []textinput.Model
	// selected marks a field whose whole text is selected: the next
	// typed character replaces it.
	selected []bool
	focus    int
	err      string
	st       *theme.Styles
	// submit says what Enter does; "review the change" by default.
	submit string
}

// NewForm opens a form; sub is a line under the title (the resource).
func NewForm(st *theme.Styles, title, sub string, fields []Field) *Form {
	f := &Form{title: title, sub: sub, fields: fields, st: st}
	for _, fl := range fields {
		in := newInput(st, fl.Placeholder)
		in.SetValue(fl.Value)
		in.CursorEnd()
		f.inputs = append(f.inputs, in)
		f.selected = append(f.selected, fl.Value != "")
	}
	if len(f.inputs) > 0 {
		f.inputs[0].Focus()
	}
	return f
}

// SetStyles swaps the styles.
func (f *Form) SetStyles(st *theme.Styles) {
	f.st = st
	for i := range f.inputs {
		styleInput(&f.inputs[i], st)
	}
}

// Values returns the text of every field.
func (f *Form) Values() []string {
	out := make([]string, len(f.inputs))
	for i, in := range f.inputs {
		out[i] = in.Value()
	}
	return out
}

// SetSubmit says what Enter does in the key line, for a form that is not
// an action's ("send the code").
func (f *Form) SetSubmit(what string) { f.submit = what }

// SetError shows why the values were not accepted.
func (f *Form) SetError(msg string) { f.err = msg }

// Error is the message under the form, for tests.
func (f *Form) Error() string { return f.err }

func (f *Form) setFocus(i int) tea.Cmd {
	if len(f.inputs) == 0 {
		return nil
	}
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	f.selected[f.focus] = f.inputs[f.focus].Value() != ""
	return f.inputs[f.focus].Focus()
}

// replaceSelection applies a key or paste to a selected field: text
// replaces the value, backspace or delete clears it, any other key
// (an arrow, home, end) keeps the value to edit it.
func (f *Form) replaceSelection(msg tea.Msg) (handled bool) {
	if !f.selected[f.focus] {
		return false
	}
	f.selected[f.focus] = false
	in := &f.inputs[f.focus]
	switch m := msg.(type) {
	case tea.PasteMsg:
		in.SetValue("")
	case tea.KeyPressMsg:
		switch {
		case m.Text != "":
			in.SetValue("")
		case m.Code == tea.KeyBackspace || m.Code == tea.KeyDelete:
			in.SetValue("")
			return true
		}
	}
	return false
}

// Update handles a key or a paste.
func (f *Form) Update(msg tea.Msg, km *keymap.Form) (FormResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Cancel):
			return FormCancelled, nil
		case key.Matches(k, km.Submit):
			f.err = ""
			return FormSubmitted, nil
		case key.Matches(k, km.Next):
			return FormEditing, f.setFocus(f.focus + 1)
		case key.Matches(k, km.Prev):
			return FormEditing, f.setFocus(f.focus - 1)
		}
	}
	if len(f.inputs) == 0 {
		return FormEditing, nil
	}
	if f.replaceSelection(msg) {
		return FormEditing, nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return FormEditing, cmd
}

// View renders the form box for a frame of width w and at most h lines.
func (f *Form) View(km *keymap.Form, w, h int) []string {
	st := f.st
	bw := boxWidth(w)
	text := bw - 4
	var lines []string
	add := func(s string) { lines = append(lines, " "+kit.FitStyled(s, text)+" ") }
	if f.sub != "" {
		add(st.Text.Bold.Render(sanitize.Line(f.sub)))
	}
	labelW := 0
	for _, fl := range f.fields {
		labelW = max(labelW, len(fl.Label))
	}
	labelW = min(labelW+1, text/3)
	for i, fl := range f.fields {
		add("")
		mark := " "
		if i == f.focus {
			mark = st.Input.Prompt.Render("›")
		}
		f.inputs[i].SetWidth(max(text-labelW-3, 4))
		field := f.inputs[i].View()
		if i == f.focus && f.selected[i] {
			// Selected: shown as a selection, which the first key replaces.
			field = st.Input.SuggestionSel.Render(sanitize.Line(f.inputs[i].Value()))
		}
		add(st.Pane.Label.Render(kit.FitStyled(fl.Label, labelW)) + " " + mark + field)
		for _, l := range kit.WrapLine(fl.Hint, text-labelW-2) {
			if l != "" {
				add(kit.FitStyled("", labelW+2) + st.Text.Muted.Render(l))
			}
		}
	}
	add("")
	keep := 1
	if f.err != "" {
		for _, l := range kit.WrapLine(f.err, text) {
			add(st.Text.Err.Render(l))
			keep++
		}
	}
	submit := f.submit
	if submit == "" {
		submit = "review the change"
	}
	add(st.Text.Muted.Render(km.Submit.Help().Key + " " + submit + " · " + km.Next.Help().Key + " next field · " + km.Cancel.Help().Key + " cancel"))
	return box(st, f.title, lines, bw, h, keep)
}
