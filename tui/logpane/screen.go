package logpane

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/timespec"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/logs"
)

// Screen is the log pane: a full-body screen over a log session. Its
// frame is rebuilt on keys and, for new lines, at most ten times a second;
// view only returns the last frame.
type Screen struct {
	host   Host
	id     int
	sess   *Session
	crumb  []string
	prompt *logs.Prompt
	frame  string
	w, h   int
	active bool
}

// OpenScreen pushes the log pane of a session.
func OpenScreen(h Host, sess *Session, crumb []string) tea.Cmd {
	return h.Push(func(id int) screen.Screen { return NewScreen(h, id, sess, crumb) })
}

// NewScreen returns the log pane of a session.
func NewScreen(h Host, id int, sess *Session, crumb []string) *Screen {
	return &Screen{host: h, id: id, sess: sess, crumb: crumb}
}

func (s *Screen) Crumbs() []string { return s.crumb }

func (s *Screen) Info() string {
	v := s.sess.v
	if l, ok := v.Cursor(); ok && !v.Following() {
		return "line " + s.host.InZone(time.UnixMilli(l.Time)).Format("15:04:05")
	}
	return "following"
}

func (s *Screen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.render()
}

func (s *Screen) Restyle() {
	s.sess.v.SetStyles(s.host.Styles())
	s.render()
}

func (s *Screen) Activate() tea.Cmd {
	s.active = true
	cmd := s.sess.attach(s.id, s.render)
	s.render()
	return cmd
}

func (s *Screen) Deactivate() {
	s.active = false
	s.prompt = nil
	s.sess.detach()
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	if sv, ok := msg.(logSavedMsg); ok {
		return s.saved(sv)
	}
	cmd, _ := s.sess.handle(msg)
	return cmd
}

// render rebuilds the frame: the bar (or the open prompt) and the rows.
func (s *Screen) render() {
	if s.w <= 0 || s.h <= 0 {
		s.frame = ""
		return
	}
	v := s.sess.v
	v.SetSize(s.w, s.h-1)
	top := v.Bar(s.w, s.sess.badges())
	if s.prompt != nil {
		top = s.prompt.View(s.w)
	}
	if s.h == 1 {
		s.frame = top
		return
	}
	s.frame = top + "\n" + v.Render()
}

func (s *Screen) View() string { return s.frame }

func (s *Screen) Status() (string, string) { return "", s.sess.stale(s.host.Now()) }

func (s *Screen) Hints() []key.Binding {
	k := s.host.Keys().Logs
	if s.prompt != nil {
		return []key.Binding{s.host.Keys().Input.Accept, s.host.Keys().Input.Cancel}
	}
	hs := []key.Binding{k.Pause, k.Filter, k.JSON, k.Request}
	if s.sess.fn {
		hs = append(hs, k.Invocations)
	}
	return append(hs, k.Save)
}

func (s *Screen) Help() []views.HelpGroup {
	k := s.host.Keys().Logs
	inv := k.Invocations
	inv.SetEnabled(s.sess.fn)
	src := k.Source
	src.SetEnabled(len(s.sess.v.Sources()) > 1)
	return []views.HelpGroup{
		{Title: "Log lines", Bindings: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Pause, k.Older, k.Stamps, k.Wrap}},
		{Title: "Filter and read", Bindings: []key.Binding{k.Filter, k.FilterMode, k.OnlyMatching, k.Server, k.Since, k.Expand, k.JSON, k.Request, src, inv}},
		{Title: "Out of the pane", Bindings: []key.Binding{k.Mark, k.Copy, k.Save, k.SaveAll}},
	}
}

// Key handles the pane's keys; an open prompt takes every Key.
func (s *Screen) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if s.prompt != nil {
		return s.promptKey(k), true
	}
	cmd, handled := s.paneKey(k)
	if handled {
		s.render()
	}
	return cmd, handled
}

func (s *Screen) paneKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := s.host.Keys().Logs
	v := s.sess.v
	switch {
	case screen.Navigate(v, k, km.Nav()):
	case key.Matches(k, km.Pause):
		v.TogglePause()
	case key.Matches(k, km.Filter):
		s.openPrompt("filter", v.Filter().Mode().String()+" /", "text to find in lines · enter keep · esc cancel", v.Filter().Query())
	case key.Matches(k, km.FilterMode):
		mode := v.Filter().Mode().Next()
		if err := v.SetFilter(v.Filter().Query(), mode); err != nil {
			return s.host.Notify(views.LevelWarn, "regular expression: "+err.Error()), true
		}
		return s.host.Notify(views.LevelInfo, "filter mode: "+mode.String()), true
	case key.Matches(k, km.OnlyMatching):
		v.ToggleOnlyMatching()
	case key.Matches(k, km.Server):
		s.openPrompt("server", "CloudWatch filter: ", `e.g. ERROR, "Task timed out", { $.level = "ERROR" }`, s.sess.f.pattern)
	case key.Matches(k, km.Since):
		s.openPrompt("since", "since: ", "15m 1h 2d, or a time: 14:05, 2026-11-25 14:05", s.sess.f.rangeText())
	case key.Matches(k, km.Older):
		cmd, text := s.sess.f.loadOlder()
		return tea.Batch(cmd, s.host.Notify(views.LevelInfo, text)), true
	case key.Matches(k, km.Expand):
		if !v.ToggleExpand() {
			return s.host.Notify(views.LevelInfo, "not a JSON line"), true
		}
	case key.Matches(k, km.JSON):
		v.CycleJSON()
		return s.host.Notify(views.LevelInfo, "JSON lines "+v.JSON().String()), true
	case key.Matches(k, km.Request):
		if !v.IsolateRequest() {
			return s.host.Notify(views.LevelInfo, "this line has no request id"), true
		}
	case key.Matches(k, km.Source):
		v.CycleSource()
	case key.Matches(k, km.Stamps):
		v.ToggleStamps()
	case key.Matches(k, km.Wrap):
		v.ToggleWrap()
	case key.Matches(k, km.Mark):
		v.ToggleMark()
	case key.Matches(k, km.Copy):
		return s.copySelection(), true
	case key.Matches(k, km.Save):
		return s.save(false), true
	case key.Matches(k, km.SaveAll):
		return s.save(true), true
	case key.Matches(k, km.Invocations) && s.sess.fn:
		return OpenInvocations(s.host, s.sess, nil), true
	case key.Matches(k, s.host.Keys().Global.Back):
		// esc clears the pane's own state first, then leaves.
		switch {
		case v.Marking():
			v.ToggleMark()
		case v.Request() != "":
			v.SetRequest("")
			v.Resume()
		case v.Filter().Active():
			_ = v.SetFilter("", v.Filter().Mode())
		default:
			return nil, false
		}
	default:
		return nil, false
	}
	return nil, true
}

func (s *Screen) openPrompt(what, label, placeholder, value string) {
	s.prompt = logs.NewPrompt(s.host.Styles(), what, label, placeholder, value)
}

// promptKey edits the prompt; enter applies it, esc closes it. The local
// filter applies as the user types.
func (s *Screen) promptKey(k tea.KeyPressMsg) tea.Cmd {
	p := s.prompt
	var cmd tea.Cmd
	switch {
	case key.Matches(k, s.host.Keys().Input.Cancel):
		if p.What() == "filter" {
			_ = s.sess.v.SetFilter("", s.sess.v.Filter().Mode())
		}
		s.prompt = nil
	case key.Matches(k, s.host.Keys().Input.Accept):
		s.prompt = nil
		cmd = s.apply(p.What(), strings.TrimSpace(p.Value()))
	default:
		cmd = p.Update(k)
		if p.What() == "filter" {
			// An incomplete regular expression keeps the last valid one.
			_ = s.sess.v.SetFilter(p.Value(), s.sess.v.Filter().Mode())
		}
	}
	s.render()
	return cmd
}

// handlePaste sends a paste to the open prompt.
func (s *Screen) Paste(p tea.PasteMsg) tea.Cmd {
	if s.prompt == nil {
		return nil
	}
	cmd := s.prompt.Update(p)
	if s.prompt.What() == "filter" {
		_ = s.sess.v.SetFilter(s.prompt.Value(), s.sess.v.Filter().Mode())
	}
	s.render()
	return cmd
}

func (s *Screen) apply(what, value string) tea.Cmd {
	f := s.sess.f
	switch what {
	case "filter":
		if err := s.sess.v.SetFilter(value, s.sess.v.Filter().Mode()); err != nil {
			return s.host.Notify(views.LevelWarn, "regular expression: "+err.Error())
		}
	case "server":
		if value == f.pattern {
			return nil
		}
		f.pattern = value
		return tea.Batch(s.sess.restart(), s.host.Notify(views.LevelInfo, "CloudWatch filter pattern set: reading again"))
	case "since":
		if value == "" {
			value = "15m"
		}
		now := s.host.Now().In(s.host.Location())
		p, err := timespec.Parse(value, now)
		if err != nil {
			return s.host.Notify(views.LevelWarn, "since: "+err.Error())
		}
		f.since, f.from = p.Ago, p.At
		return tea.Batch(s.sess.restart(), s.host.Notify(views.LevelInfo, "reading again from "+p.Time(now).Format("Jan 2 15:04")))
	}
	return nil
}
