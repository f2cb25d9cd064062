package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
)

// journalScreen is `:journal`: the actions recorded in the audit journal,
// newest first, by this session, earlier ones and the CLI alike, with the
// command that reverts each.
type journalScreen struct {
	m      *Model
	id     int
	table  *kit.Table[journal.Entry]
	detail *kit.Pane
	bad    int
	err    error
	loaded bool
	w, h   int
}

// journalLoadedMsg carries the journal's latest entries.
type journalLoadedMsg struct {
	id      int
	entries []journal.Entry
	bad     int
	err     error
}

func (msg journalLoadedMsg) screenID() int { return msg.id }

// journalShown is how many entries the screen reads.
const journalShown = 1000

func (m *Model) openJournal() tea.Cmd {
	return m.pushScreen(func(id int) screen {
		return &journalScreen{m: m, id: id, table: views.NewJournalTable(m.st), detail: kit.NewPane(m.st)}
	})
}

func (s *journalScreen) crumbs() []string { return []string{"journal"} }

func (s *journalScreen) info() string {
	p := s.m.journal().Path()
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

func (s *journalScreen) setSize(w, h int) {
	s.w, s.h = w, h
	dh := min(max(h/3, 4), 9)
	s.table.SetSize(w, max(h-dh, 1))
	s.detail.SetSize(w, dh, false)
	s.sync()
}

func (s *journalScreen) restyle() {
	s.table.SetStyles(s.m.st)
	s.detail.SetStyles(s.m.st)
	s.sync()
}

func (s *journalScreen) activate() tea.Cmd {
	j, id := s.m.journal(), s.id
	return func() tea.Msg {
		es, bad, err := j.Read(journalShown)
		return journalLoadedMsg{id: id, entries: es, bad: bad, err: err}
	}
}

func (s *journalScreen) deactivate() {}

func (s *journalScreen) status() (string, string) {
	if s.err != nil {
		return "", "journal: " + s.err.Error()
	}
	return "", ""
}

func (s *journalScreen) update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(journalLoadedMsg); ok {
		s.loaded, s.bad, s.err = true, msg.bad, msg.err
		es := slices.Clone(msg.entries)
		slices.Reverse(es)
		s.table.SetItems(es)
		s.sync()
	}
	return nil
}

func (s *journalScreen) sync() {
	e, ok := s.table.Selected()
	if !ok {
		s.detail.SetContent("", nil)
		return
	}
	s.detail.SetContent(e.Action+" · "+e.Resource, views.JournalDetail(s.m.st, e, s.w))
}

func (s *journalScreen) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	l, jk := s.m.km.List, s.m.km.Actions.Journal
	switch {
	case key.Matches(k, l.Up):
		s.table.Move(-1)
	case key.Matches(k, l.Down):
		s.table.Move(1)
	case key.Matches(k, l.PageUp):
		s.table.Page(-1)
	case key.Matches(k, l.PageDown):
		s.table.Page(1)
	case key.Matches(k, l.Top):
		s.table.Top()
	case key.Matches(k, l.Bottom):
		s.table.Bottom()
	case key.Matches(k, jk.CopyRevert):
		e, ok := s.table.Selected()
		if !ok || e.Revert == "" {
			return s.m.notify(views.LevelInfo, "this entry has no revert command"), true
		}
		return tea.Batch(tea.SetClipboard(e.Revert), s.m.notify(views.LevelInfo, "revert command copied to the clipboard")), true
	case key.Matches(k, jk.CopyCommand):
		e, ok := s.table.Selected()
		if !ok || e.Command == "" {
			return nil, true
		}
		return tea.Batch(tea.SetClipboard(e.Command), s.m.notify(views.LevelInfo, "aws command copied to the clipboard")), true
	default:
		return nil, false
	}
	s.sync()
	return nil, true
}

func (s *journalScreen) view() string {
	empty := "reading the journal…"
	if s.loaded {
		empty = "no actions recorded yet"
		if s.err != nil {
			empty = "could not read the journal: " + s.err.Error()
		}
	}
	return strings.Join([]string{s.table.View(empty), s.detail.View()}, "\n")
}

func (s *journalScreen) hints() []key.Binding {
	return []key.Binding{s.m.km.List.Down, s.m.km.Actions.Journal.CopyRevert, s.m.km.Actions.Journal.CopyCommand}
}

func (s *journalScreen) help() []views.HelpGroup {
	l, jk := s.m.km.List, s.m.km.Actions.Journal
	return []views.HelpGroup{{Title: "Journal", Bindings: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, jk.CopyRevert, jk.CopyCommand}}}
}
