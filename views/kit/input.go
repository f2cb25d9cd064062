package kit

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/theme"
)

// InputStyles are the text input styles of the theme, the same focused
// or not. The cursor does not blink: a blinking cursor redraws twice a
// second forever, which costs CPU and SSH bandwidth for nothing.
func InputStyles(st *theme.Styles) textinput.Styles {
	s := textinput.DefaultStyles(st.Mode != theme.Light)
	s.Focused.Prompt = st.Input.Prompt
	s.Focused.Text = st.Input.Text
	s.Focused.Placeholder = st.Input.Placeholder
	s.Blurred = s.Focused
	s.Cursor.Blink = false
	return s
}

// NewInput returns a blurred one-line text input with the theme's input
// styles, accepting at most limit characters.
func NewInput(st *theme.Styles, prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetStyles(InputStyles(st))
	return in
}

// FilterBar is the "/" input that filters the current table as you type.
type FilterBar struct {
	in textinput.Model
}

// NewFilterBar returns a closed filter bar.
func NewFilterBar(st *theme.Styles) *FilterBar {
	return &FilterBar{in: NewInput(st, "/", "name or any column · !word excludes · ~regex · enter keep · esc clear", 256)}
}

// NewSearchBar returns a closed "/" input that searches a pane's text.
func NewSearchBar(st *theme.Styles) *FilterBar {
	return &FilterBar{in: NewInput(st, "/", "search the text, any case · enter keep · esc clear", 256)}
}

// SetStyles swaps the styles.
func (f *FilterBar) SetStyles(st *theme.Styles) { f.in.SetStyles(InputStyles(st)) }

// Open starts editing with the current filter text.
func (f *FilterBar) Open(current string) tea.Cmd {
	f.in.SetValue(current)
	f.in.CursorEnd()
	return f.in.Focus()
}

// FilterResult says what a key did to the filter bar.
type FilterResult uint8

// Filter bar outcomes.
const (
	FilterEditing FilterResult = iota
	FilterAccepted
	FilterCancelled
)

// Update handles a key or paste while the bar is open.
func (f *FilterBar) Update(msg tea.Msg, km *keymap.Input) (FilterResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Accept):
			f.in.Blur()
			return FilterAccepted, nil
		case key.Matches(k, km.Cancel):
			f.in.Blur()
			f.in.SetValue("")
			return FilterCancelled, nil
		}
	}
	var cmd tea.Cmd
	f.in, cmd = f.in.Update(msg)
	return FilterEditing, cmd
}

// Value returns the filter text.
func (f *FilterBar) Value() string { return f.in.Value() }

// View renders the bar on one line of width w.
func (f *FilterBar) View(w int) string {
	f.in.SetWidth(max(w-3, 1))
	return FitStyled(f.in.View(), w)
}
