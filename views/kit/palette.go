package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/theme"
)

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
	p := &Palette{in: NewInput(st, prompt, placeholder, 256), commands: commands, st: st}
	p.refresh()
	return p
}

// SetStyles swaps the styles.
func (p *Palette) SetStyles(st *theme.Styles) { p.st = st; p.in.SetStyles(InputStyles(st)) }

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
func (p *Palette) Update(msg tea.Msg, km *keymap.Input) (PaletteResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Cancel):
			p.in.Blur()
			return PaletteResult{Done: true}, nil
		case key.Matches(k, km.Accept):
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
		case key.Matches(k, km.Complete):
			if len(p.matches) > 0 {
				p.in.SetValue(p.matches[p.sel].cmd.Name + " ")
				p.in.CursorEnd()
				p.refresh()
			}
			return PaletteResult{}, nil
		case key.Matches(k, km.Next):
			if len(p.matches) > 0 {
				p.sel = (p.sel + 1) % len(p.matches)
			}
			return PaletteResult{}, nil
		case key.Matches(k, km.Prev):
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
		nameW = max(nameW, Width(m.label))
	}
	for i := rows - 1; i >= 0; i-- {
		m := p.matches[i]
		label := Fit(m.label, nameW)
		base, hi := NewBrush(p.st.Input.Suggestion), NewBrush(p.st.Input.Match)
		line := "  " + paintMatches(label, m.idx, base, hi) + "  " + p.st.Text.Subtle.Render(m.cmd.Desc)
		if m.label != m.cmd.Name {
			line += p.st.Text.Subtle.Render(" (" + m.cmd.Name + ")")
		}
		if i == p.sel {
			line = p.st.Input.SuggestionSel.Render(Fit("› "+m.label+"  "+m.cmd.Desc, w))
		}
		lines = append(lines, FitStyled(line, w))
	}
	p.in.SetWidth(max(w-3, 1))
	lines = append(lines, FitStyled(p.in.View(), w))
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
