// Package invokeview renders the invoke screen: the payload editor (a
// bubbles textarea with the JSON check's verdict under it) and the result
// of an invocation (status, function error, executed version, the response
// pretty-printed and bounded, and the decoded log tail with its REPORT
// line read out). Everything that came from AWS passes the sanitizer.
package invokeview

import (
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/views/theme"
)

// MaxLines caps the editor's lines and sizes its line-number gutter. The
// invoke screen hands the editor at most 300 lines (larger payloads are
// shown and sent as they are): the textarea renders every line on each
// key, about 75 µs a line (BenchmarkEditorKeystroke).
const MaxLines = 999

// Editor is the multi-line payload editor.
type Editor struct {
	ta textarea.Model
	st *theme.Styles
}

// NewEditor returns an empty, blurred editor.
func NewEditor(st *theme.Styles) *Editor {
	ta := textarea.New()
	ta.ShowLineNumbers = true
	ta.Prompt = ""
	ta.CharLimit = 0
	// MaxHeight caps logical lines and sizes the line-number gutter; the
	// size check before sending catches anything too large to send.
	ta.MaxHeight = MaxLines
	ta.MaxWidth = 0
	ta.Placeholder = "{}  (an empty payload sends {})"
	e := &Editor{ta: ta}
	e.SetStyles(st)
	return e
}

// SetStyles applies the theme.
func (e *Editor) SetStyles(st *theme.Styles) {
	e.st = st
	s := textarea.DefaultStyles(st.Mode != theme.Light)
	s.Focused.Text = st.Text.Normal
	s.Focused.LineNumber = st.Text.Subtle
	s.Focused.CursorLineNumber = st.Text.Muted
	s.Focused.Placeholder = st.Input.Placeholder
	s.Blurred.Text = st.Text.Muted
	s.Blurred.LineNumber = st.Text.Subtle
	s.Blurred.CursorLineNumber = st.Text.Subtle
	s.Blurred.Placeholder = st.Input.Placeholder
	s.Blurred.CursorLine = st.Text.Muted
	if st.Mode == theme.NoColor {
		s.Focused.CursorLine = st.Text.Normal
		s.Focused.EndOfBuffer = st.Text.Normal
		s.Blurred.EndOfBuffer = st.Text.Normal
	}
	s.Cursor.Blink = false
	e.ta.SetStyles(s)
}

// SetSize sets the editor's width and height in cells.
func (e *Editor) SetSize(w, h int) {
	e.ta.SetWidth(max(w, 12))
	e.ta.SetHeight(max(h, 1))
}

// SetValue replaces the text and puts the cursor at the start.
func (e *Editor) SetValue(s string) {
	e.ta.SetValue(s)
	e.ta.MoveToBegin()
}

// Value is the text.
func (e *Editor) Value() string { return e.ta.Value() }

// Focus starts editing.
func (e *Editor) Focus() tea.Cmd { return e.ta.Focus() }

// Blur stops editing.
func (e *Editor) Blur() { e.ta.Blur() }

// Focused reports whether the editor takes keys.
func (e *Editor) Focused() bool { return e.ta.Focused() }

// Update passes a key or paste to the textarea.
func (e *Editor) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	e.ta, cmd = e.ta.Update(msg)
	return cmd
}

// Length is the number of characters in the editor.
func (e *Editor) Length() int { return e.ta.Length() }

// Line and Column are the cursor's position (0-based).
func (e *Editor) Line() int { return e.ta.Line() }

// View renders the editor.
func (e *Editor) View() string { return e.ta.View() }
