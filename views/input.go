package views

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/theme"
)

// newInput returns a text input styled from the theme. The cursor does not
// blink: a blinking cursor redraws twice a second forever, which costs CPU
// and SSH bandwidth for nothing.
func newInput(st *theme.Styles, prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = 256
	applyInputStyles(&in, st)
	return in
}

func applyInputStyles(in *textinput.Model, st *theme.Styles) {
	s := textinput.DefaultStyles(st.Mode != theme.Light)
	s.Focused.Prompt = st.Input.Prompt
	s.Focused.Text = st.Input.Text
	s.Focused.Placeholder = st.Input.Placeholder
	s.Blurred = s.Focused
	s.Cursor.Blink = false
	in.SetStyles(s)
}

// FilterBar is the "/" input that filters the current table as you type.
type FilterBar struct {
	in textinput.Model
}

// NewFilterBar returns a closed filter bar.
func NewFilterBar(st *theme.Styles) *FilterBar {
	return &FilterBar{in: newInput(st, "/", "fuzzy filter · enter keep · esc clear")}
}

// SetStyles swaps the styles.
func (f *FilterBar) SetStyles(st *theme.Styles) { applyInputStyles(&f.in, st) }

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

// Update handles a key while the bar is open.
func (f *FilterBar) Update(msg tea.Msg, km *keymap.KeyMap) (FilterResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Input.Accept):
			f.in.Blur()
			return FilterAccepted, nil
		case key.Matches(k, km.Input.Cancel):
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
	return fitStyled(f.in.View(), w)
}

// Command is one entry of the command palette.
type Command struct {
	Name    string
	Aliases []string
	Desc    string
}

// Palette is the ":" command line with fuzzy completion.
type Palette struct {
	in       textinput.Model
	commands []Command
	matches  []paletteMatch
	sel      int
	st       *theme.Styles
}

type paletteMatch struct {
	cmd   Command
	label string
	idx   []int
}

// NewPalette returns a closed palette over commands. The same widget is
// the profile and region picker: prompt and placeholder say which.
func NewPalette(st *theme.Styles, prompt, placeholder string, commands []Command) *Palette {
	p := &Palette{in: newInput(st, prompt, placeholder), commands: commands, st: st}
	p.refresh()
	return p
}

// SetStyles swaps the styles.
func (p *Palette) SetStyles(st *theme.Styles) { p.st = st; applyInputStyles(&p.in, st) }

// SetCommands replaces the command list (commands depend on capabilities).
func (p *Palette) SetCommands(c []Command) { p.commands = c; p.refresh() }

// Open starts a new command.
func (p *Palette) Open() tea.Cmd {
	p.in.SetValue("")
	p.sel = 0
	p.refresh()
	return p.in.Focus()
}

// refresh ranks commands by fuzzy score over their names and aliases; an
// exact alias match ranks first so ":fn" always means functions.
func (p *Palette) refresh() {
	q := strings.TrimSpace(p.in.Value())
	p.matches = p.matches[:0]
	if q == "" {
		for _, c := range p.commands {
			p.matches = append(p.matches, paletteMatch{cmd: c, label: c.Name})
		}
		p.sel = min(p.sel, max(len(p.matches)-1, 0))
		return
	}
	head := strings.Fields(q)[0]
	type cand struct {
		cmd   Command
		label string
	}
	var cands []cand
	var labels []string
	for _, c := range p.commands {
		for _, l := range append([]string{c.Name}, c.Aliases...) {
			cands = append(cands, cand{c, l})
			labels = append(labels, l)
		}
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if c.label == head && !seen[c.cmd.Name] {
			seen[c.cmd.Name] = true
			p.matches = append(p.matches, paletteMatch{cmd: c.cmd, label: c.label, idx: seq(len(head))})
		}
	}
	for _, m := range fuzzy.Find(head, labels) {
		c := cands[m.Index]
		if seen[c.cmd.Name] {
			continue
		}
		seen[c.cmd.Name] = true
		p.matches = append(p.matches, paletteMatch{cmd: c.cmd, label: c.label, idx: m.MatchedIndexes})
	}
	p.sel = min(p.sel, max(len(p.matches)-1, 0))
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// PaletteResult is what a key did to the palette.
type PaletteResult struct {
	Done bool
	// Command is the chosen command's Name ("" when cancelled), Args the
	// words typed after it.
	Command string
	Args    []string
}

// Update handles a key while the palette is open.
func (p *Palette) Update(msg tea.Msg, km *keymap.KeyMap) (PaletteResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Input.Cancel):
			p.in.Blur()
			return PaletteResult{Done: true}, nil
		case key.Matches(k, km.Input.Accept):
			p.in.Blur()
			if len(p.matches) == 0 {
				return PaletteResult{Done: true}, nil
			}
			fields := strings.Fields(p.in.Value())
			var args []string
			if len(fields) > 1 {
				args = fields[1:]
			}
			return PaletteResult{Done: true, Command: p.matches[p.sel].cmd.Name, Args: args}, nil
		case key.Matches(k, km.Input.Complete):
			if len(p.matches) > 0 {
				p.in.SetValue(p.matches[p.sel].cmd.Name + " ")
				p.in.CursorEnd()
				p.refresh()
			}
			return PaletteResult{}, nil
		case key.Matches(k, km.Input.Next):
			if len(p.matches) > 0 {
				p.sel = (p.sel + 1) % len(p.matches)
			}
			return PaletteResult{}, nil
		case key.Matches(k, km.Input.Prev):
			if len(p.matches) > 0 {
				p.sel = (p.sel - 1 + len(p.matches)) % len(p.matches)
			}
			return PaletteResult{}, nil
		}
	}
	var cmd tea.Cmd
	before := p.in.Value()
	p.in, cmd = p.in.Update(msg)
	if p.in.Value() != before {
		p.sel = 0
		p.refresh()
	}
	return PaletteResult{}, cmd
}

// View renders the suggestion list (at most maxRows, best first, listed
// bottom-up so the best sits next to the input) and the input line.
func (p *Palette) View(w, maxRows int) []string {
	rows := min(len(p.matches), maxRows)
	lines := make([]string, 0, rows+1)
	nameW := 0
	for _, m := range p.matches[:rows] {
		nameW = max(nameW, width(m.label))
	}
	for i := rows - 1; i >= 0; i-- {
		m := p.matches[i]
		label := fit(m.label, nameW, false)
		base, hi := NewBrush(p.st.Input.Suggestion), NewBrush(p.st.Input.Match)
		line := "  " + paintMatches(label, m.idx, base, hi) + "  " + p.st.Text.Subtle.Render(m.cmd.Desc)
		if m.label != m.cmd.Name {
			line += p.st.Text.Subtle.Render(" (" + m.cmd.Name + ")")
		}
		if i == p.sel {
			line = p.st.Input.SuggestionSel.Render(fit("› "+m.label+"  "+m.cmd.Desc, w, false))
		}
		lines = append(lines, fitStyled(line, w))
	}
	p.in.SetWidth(max(w-3, 1))
	lines = append(lines, fitStyled(p.in.View(), w))
	return lines
}

func paintMatches(s string, idx []int, base, hi Brush) string {
	if len(idx) == 0 {
		return base.Paint(s)
	}
	set := map[int]bool{}
	for _, i := range idx {
		set[i] = true
	}
	var b strings.Builder
	for i, r := range s {
		if set[i] {
			b.WriteString(hi.Paint(string(r)))
		} else {
			b.WriteString(base.Paint(string(r)))
		}
	}
	return b.String()
}

// Overlay draws box (lines) over base (lines) starting at row y, keeping
// the base lines elsewhere.
func Overlay(base []string, box []string, y int) []string {
	out := append([]string(nil), base...)
	for i, l := range box {
		if y+i >= 0 && y+i < len(out) {
			out[y+i] = l
		}
	}
	return out
}
