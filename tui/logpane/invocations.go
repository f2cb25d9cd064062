package logpane

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/logs"
)

// Invocations lists a function's recent invocations, put together from the
// REPORT lines of its log session; enter shows one invocation's lines.
type Invocations struct {
	host    Host
	id      int
	sess    *Session
	crumb   []string
	t       *kit.Table[logs.Invocation]
	version int
	// srcN is how many sources the table was built for (a FUNCTION
	// column shows when there are several).
	srcN  int
	frame string
	w, h  int
}

// OpenInvocations pushes the invocations screen over a session (shared
// with the log screen it was opened from, if any).
func OpenInvocations(h Host, sess *Session, crumb []string) tea.Cmd {
	return h.Push(func(id int) screen.Screen {
		s := &Invocations{host: h, id: id, sess: sess, crumb: append(append([]string(nil), crumb...), "invocations"), version: -1}
		s.newTable()
		return s
	})
}

func (s *Invocations) Crumbs() []string { return s.crumb }
func (s *Invocations) Info() string {
	if s.t.Len() == 0 {
		return ""
	}
	return strconv.Itoa(s.t.Cursor()+1) + "/" + strconv.Itoa(s.t.Len())
}

func (s *Invocations) SetSize(w, h int) {
	s.w, s.h = w, h
	s.t.SetSize(w, max(h-1, 0))
	s.render()
}

func (s *Invocations) Restyle() {
	s.t.SetStyles(s.host.Styles())
	s.sess.v.SetStyles(s.host.Styles())
	s.render()
}

func (s *Invocations) Activate() tea.Cmd {
	cmd := s.sess.attach(s.id, s.refresh)
	s.refresh()
	return cmd
}

func (s *Invocations) Deactivate() { s.sess.detach() }

func (s *Invocations) Update(msg tea.Msg) tea.Cmd {
	cmd, _ := s.sess.handle(msg)
	return cmd
}

// newTable builds the table for the session's sources.
func (s *Invocations) newTable() {
	s.srcN = len(s.sess.v.Sources())
	s.t = logs.NewInvocationsTable(s.host.Styles(), s.host.Location(), s.sess.v.Sources())
	s.t.SetSize(s.w, max(s.h-1, 0))
	s.version = -1
}

// refresh rebuilds the rows when the session saw new invocations. While
// the cursor is on the newest row, new invocations come in above it and
// the cursor stays on the newest, as a log pane follows its newest line;
// once the user moved down, the row under the cursor stays put.
func (s *Invocations) refresh() {
	if len(s.sess.v.Sources()) != s.srcN {
		s.newTable()
	}
	if v := s.sess.v.Invocations().Version(); v != s.version {
		s.version = v
		atTop := s.t.Cursor() == 0
		s.t.SetItems(s.sess.v.Invocations().Reported())
		if atTop {
			s.t.Top()
		}
	}
	s.render()
}

func (s *Invocations) render() {
	if s.w <= 0 || s.h <= 0 {
		s.frame = ""
		return
	}
	badges := append([]logs.Badge{{Text: strconv.Itoa(s.t.Len()) + " invocations", Tone: logs.ToneInfo}}, s.sess.badges()...)
	s.frame = s.sess.v.Bar(s.w, badges)
	if s.h > 1 {
		empty := "no invocation has reported yet · they appear as REPORT lines arrive"
		s.frame += "\n" + s.t.View(empty)
	}
}

func (s *Invocations) View() string { return s.frame }

func (s *Invocations) Status() (string, string) { return "", s.sess.stale(s.host.Now()) }

func (s *Invocations) openBinding() key.Binding {
	b := s.host.Keys().Logs.Expand
	b.SetHelp(b.Help().Key, "show its lines")
	return b
}

func (s *Invocations) Hints() []key.Binding {
	return []key.Binding{s.openBinding(), s.host.Keys().Logs.Down}
}

func (s *Invocations) Help() []views.HelpGroup {
	k := s.host.Keys().Logs
	// The list is newest first: g goes to the newest row, G to the oldest.
	top, bottom := k.Top, k.Bottom
	top.SetHelp(top.Help().Key, "newest invocation")
	bottom.SetHelp(bottom.Help().Key, "oldest invocation")
	return []views.HelpGroup{{Title: "Invocations", Bindings: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, top, bottom, s.openBinding()}}}
}

func (s *Invocations) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := s.host.Keys().Logs
	switch {
	case screen.Navigate(s.t, k, km.Nav()):
	case key.Matches(k, km.Expand):
		return s.openLines(), true
	default:
		return nil, false
	}
	s.render()
	return nil, true
}

// openLines shows the selected invocation's lines: back in the log screen
// below when it shares this session, else in a new one.
func (s *Invocations) openLines() tea.Cmd {
	iv, ok := s.t.Selected()
	if !ok {
		return nil
	}
	if ls, ok := s.host.Below().(*Screen); ok && ls.sess == s.sess {
		cmd := s.host.Back()
		s.sess.v.SetRequest(iv.RequestID)
		ls.render()
		return cmd
	}
	s.sess.v.SetRequest(iv.RequestID)
	crumb := append(append([]string(nil), s.crumb[:len(s.crumb)-1]...), "request "+iv.RequestID[:min(8, len(iv.RequestID))])
	return OpenScreen(s.host, s.sess, crumb)
}
