// Package journalscreen is `:journal`: the actions recorded in the audit
// journal, newest first, with the command that reverts each.
package journalscreen

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Screen is `:journal`: the actions recorded in the audit journal,
// newest first, by this session, earlier ones and the CLI alike, with the
// command that reverts each.
type Screen struct {
	host   Host
	id     int
	table  *kit.Table[journal.Entry]
	detail *kit.Pane
	bad    int
	err    error
	loaded bool
	w, h   int
	// detailFocus sends the movement keys to the detail, so a long entry
	// (a failed action's error) can be scrolled.
	detailFocus bool
}

// journalLoadedMsg carries the journal's latest entries.
type journalLoadedMsg struct {
	id      int
	entries []journal.Entry
	bad     int
	err     error
}

func (msg journalLoadedMsg) ScreenID() int { return msg.id }

// journalShown is how many entries the screen reads.
const journalShown = 1000

// Host is what the journal screen needs from the program around it.
type Host interface {
	Notify(level views.Level, text string) tea.Cmd
	Keys() *keymap.KeyMap
	Styles() *theme.Styles
	// Journal is where actions are recorded.
	Journal() *journal.Journal
}

// New returns the journal screen; it reads the journal when activated.
func New(h Host, id int) *Screen {
	return &Screen{host: h, id: id, table: views.NewJournalTable(h.Styles()), detail: kit.NewPane(h.Styles())}
}

func (s *Screen) Crumbs() []string { return []string{"journal"} }

func (s *Screen) Info() string {
	p := s.host.Journal().Path()
	if p == "" {
		p = "in memory (no journal file)"
	}
	n := s.table.Len()
	out := strconv.Itoa(n) + " entries · " + p
	if n == 1 {
		out = "1 entry · " + p
	}
	if s.bad > 0 {
		out += " · " + strconv.Itoa(s.bad) + " damaged lines skipped"
	}
	return out
}

func (s *Screen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.sync()
}

// fit sizes the detail to the selected entry, from 4 lines up to half the
// screen, so a failed entry's error and its command show without
// scrolling wherever they fit; the table takes the rest.
func (s *Screen) fit(lines int) {
	dh := min(max(lines+1, 4), max(s.h/2, 4))
	s.table.SetSize(s.w, max(s.h-dh, 1))
	s.detail.SetSize(s.w, dh, false)
}

func (s *Screen) Restyle() {
	s.table.SetStyles(s.host.Styles())
	s.detail.SetStyles(s.host.Styles())
	s.sync()
}

func (s *Screen) Activate() tea.Cmd {
	j, id := s.host.Journal(), s.id
	return func() tea.Msg {
		es, bad, err := j.Read(journalShown)
		return journalLoadedMsg{id: id, entries: es, bad: bad, err: err}
	}
}

func (s *Screen) Deactivate() {}

func (s *Screen) Status() (string, string) {
	if s.err != nil {
		return "", "journal: " + s.err.Error()
	}
	return "", ""
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(journalLoadedMsg); ok {
		s.loaded, s.bad, s.err = true, msg.bad, msg.err
		es := slices.Clone(msg.entries)
		slices.Reverse(es)
		s.table.SetItems(es)
		s.sync()
	}
	return nil
}

func (s *Screen) sync() {
	e, ok := s.table.Selected()
	if !ok {
		s.fit(0)
		s.detail.SetContent("", nil)
		return
	}
	lines := views.JournalDetail(s.host.Styles(), e, s.w)
	s.fit(len(lines))
	s.detail.SetContent(e.Action+" · "+e.Resource, lines)
	s.table.SetFocused(!s.detailFocus)
	s.detail.SetFocused(s.detailFocus)
}

func (s *Screen) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	l, jk := s.host.Keys().List, s.host.Keys().Actions.Journal
	if key.Matches(k, l.FocusPane) {
		s.detailFocus = !s.detailFocus
		s.sync()
		return nil, true
	}
	if s.detailFocus && screen.Scroll(s.detail, k, s.host.Keys().Detail.Nav()) {
		return nil, true
	}
	switch {
	case screen.Navigate(s.table, k, l.Nav()):
	case key.Matches(k, jk.CopyRevert):
		e, ok := s.table.Selected()
		if !ok || e.Revert == "" {
			return s.host.Notify(views.LevelInfo, "this entry has no revert command"), true
		}
		return tea.Batch(tea.SetClipboard(e.Revert), s.host.Notify(views.LevelInfo, "revert command copied to the clipboard")), true
	case key.Matches(k, jk.CopyCommand):
		e, ok := s.table.Selected()
		if !ok || e.Command == "" {
			return nil, true
		}
		return tea.Batch(tea.SetClipboard(e.Command), s.host.Notify(views.LevelInfo, "aws command copied to the clipboard")), true
	default:
		return nil, false
	}
	s.sync()
	return nil, true
}

func (s *Screen) View() string {
	empty := "reading the journal…"
	if s.loaded {
		empty = "no actions recorded yet"
		if s.err != nil {
			empty = "could not read the journal: " + s.err.Error()
		}
	}
	return strings.Join([]string{s.table.View(empty), s.detail.View()}, "\n")
}

func (s *Screen) Hints() []key.Binding {
	km := s.host.Keys()
	focus := km.List.FocusPane
	focus.SetHelp(focus.Help().Key, "scroll detail")
	if s.detailFocus {
		focus.SetHelp(focus.Help().Key, "back to list")
	}
	return []key.Binding{km.List.Down, focus, km.Actions.Journal.CopyRevert, km.Actions.Journal.CopyCommand}
}

func (s *Screen) Help() []views.HelpGroup {
	l, jk := s.host.Keys().List, s.host.Keys().Actions.Journal
	return []views.HelpGroup{{Title: "Journal", Bindings: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, l.FocusPane, jk.CopyRevert, jk.CopyCommand}}}
}
