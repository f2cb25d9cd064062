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
	// Args lists the values its argument may take (function names,
	// clusters, profiles), read when the palette completes them; nil
	// for a command without one.
	Args func() []string
}

// Palette is the ":" command line with fuzzy completion.
type Palette struct {
	in       textinput.Model
	commands []Command
	matches  []paletteMatch
	sel      int
	st       *theme.Styles
	// argFor is the command whose argument is being typed (the input
	// holds a command word and a space); matches then are its values.
	argFor *Command
	// picked: ↑/↓ chose an argument, which enter then uses.
	picked bool
	// cycle and cycleAt: repeated tabs step through these candidates.
	cycle   []string
	cycleAt int
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
	p.argFor = nil
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
	if v := strings.TrimLeft(p.in.Value(), " "); strings.Contains(v, " ") && len(p.matches) > 0 {
		// A word and a space: the command is chosen, its argument is typed.
		c := p.matches[0].cmd
		p.argFor = &c
		p.matches = argMatches(c, lastWord(v))
	}
	p.sel = min(p.sel, max(len(p.matches)-1, 0))
}

// lastWord is the word being typed at the end of v ("" after a space).
func lastWord(v string) string {
	if strings.HasSuffix(v, " ") {
		return ""
	}
	f := strings.Fields(v)
	return f[len(f)-1]
}

// argMatches ranks c's argument values for the word typed: values that
// start with it first (in their order), then fuzzy ones.
func argMatches(c Command, word string) []paletteMatch {
	if c.Args == nil {
		return nil
	}
	vals := c.Args()
	var out []paletteMatch
	seen := map[string]bool{}
	for _, v := range vals {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(word)) && !seen[v] {
			seen[v] = true
			out = append(out, paletteMatch{cmd: Command{Name: v, Desc: c.Name + " argument"}, label: v, idx: seq(len(word))})
		}
	}
	if word == "" {
		return out
	}
	for _, m := range fuzzy.Find(word, vals) {
		if v := vals[m.Index]; !seen[v] {
			seen[v] = true
			out = append(out, paletteMatch{cmd: Command{Name: v, Desc: c.Name + " argument"}, label: v, idx: m.MatchedIndexes})
		}
	}
	return out
}

// prefixOf is the longest prefix every value shares.
func prefixOf(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	pre := vals[0]
	for _, v := range vals[1:] {
		for !strings.HasPrefix(v, pre) {
			pre = pre[:len(pre)-1]
		}
	}
	return pre
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
	// Unknown is the word typed when no command matches it.
	Unknown string
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
			return p.accept(), nil
		case key.Matches(k, km.Complete):
			p.complete()
			return PaletteResult{}, nil
		case key.Matches(k, km.Next):
			if len(p.matches) > 0 {
				p.sel = (p.sel + 1) % len(p.matches)
				p.picked = p.argFor != nil
			}
			return PaletteResult{}, nil
		case key.Matches(k, km.Prev):
			if len(p.matches) > 0 {
				p.sel = (p.sel - 1 + len(p.matches)) % len(p.matches)
				p.picked = p.argFor != nil
			}
			return PaletteResult{}, nil
		}
	}
	p.cycle, p.picked = nil, false
	var cmd tea.Cmd
	before := p.in.Value()
	p.in, cmd = p.in.Update(msg)
	if p.in.Value() != before {
		p.sel = 0
		p.refresh()
	}
	return PaletteResult{}, cmd
}

// accept runs the command typed: its arguments as typed, or the one
// picked with ↑/↓; a word no command matches comes back as Unknown.
func (p *Palette) accept() PaletteResult {
	fields := strings.Fields(p.in.Value())
	if len(fields) == 0 {
		return PaletteResult{Done: true}
	}
	var args []string
	if len(fields) > 1 {
		args = fields[1:]
	}
	name := ""
	switch {
	case p.argFor != nil:
		name = p.argFor.Name
		if p.picked && len(p.matches) > 0 {
			v := p.in.Value()
			if lastWord(v) == "" {
				args = append(args, p.matches[p.sel].label)
			} else {
				args[len(args)-1] = p.matches[p.sel].label
			}
		}
	case len(p.matches) > 0:
		name = p.matches[p.sel].cmd.Name
	default:
		return PaletteResult{Done: true, Unknown: fields[0]}
	}
	return PaletteResult{Done: true, Command: name, Args: args}
}

// complete is tab. On the command word it completes the command; on an
// argument it extends the word to the longest prefix its values share,
// and when that adds nothing, steps through the values. It never removes
// what was typed.
func (p *Palette) complete() {
	if p.argFor == nil {
		if len(p.matches) > 0 && !strings.Contains(strings.TrimLeft(p.in.Value(), " "), " ") {
			p.setValue(p.matches[p.sel].cmd.Name + " ")
		}
		return
	}
	v := p.in.Value()
	word := lastWord(v)
	stem := v[:len(v)-len(word)]
	if p.cycle != nil {
		p.cycleAt = (p.cycleAt + 1) % len(p.cycle)
		p.setValue(stem + p.cycle[p.cycleAt])
		return
	}
	var pre, all []string
	for _, m := range p.matches {
		all = append(all, m.label)
		if strings.HasPrefix(m.label, word) {
			pre = append(pre, m.label)
		}
	}
	if lcp := prefixOf(pre); len(lcp) > len(word) {
		p.setValue(stem + lcp)
		return
	}
	cands := pre
	if len(cands) == 0 {
		cands = all
	}
	if len(cands) == 0 || (len(cands) == 1 && cands[0] == word) {
		return
	}
	p.setValue(stem + cands[0])
	p.cycle, p.cycleAt = cands, 0
}

func (p *Palette) setValue(v string) {
	cycle := p.cycle
	p.in.SetValue(v)
	p.in.CursorEnd()
	p.sel = 0
	p.refresh()
	p.cycle = cycle
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

// Value is what is typed.
func (p *Palette) Value() string { return p.in.Value() }
