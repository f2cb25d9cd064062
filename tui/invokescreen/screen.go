package invokescreen

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/invokeview"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// Screen invokes one function: a payload editor that checks JSON as
// you type, templates and the function's payload history, the invocation
// type and qualifier, and the result of the last invocation. Sending goes
// through the action pipeline like every other change.
type Screen struct {
	host Host
	id   int
	fn   providers.Function

	ed      *invokeview.Editor
	editing bool
	// big holds a payload too large for the editor (see editLimit): it is
	// shown, checked and sent as it is, but not edited here.
	big string
	// edView caches the editor's rendering: the textarea renders every
	// line each time, so it is redrawn only when it changed.
	edView  string
	edDirty bool
	// touched says the user edited the payload, so a late history load
	// does not replace it.
	touched   bool
	typ       providers.InvocationType
	qualifier string
	raw       bool
	check     error
	checkGen  int

	history       []invoke.Saved
	historyLoaded bool

	picker    *kit.Palette
	pickerFor string
	picks     map[string]string

	result  *invokeview.Result
	resAt   time.Time
	resultW int // the width the result lines were built for
	pane    *kit.Pane
	w, h    int
	edRows  int
	waiting bool
}

type (
	// invokeHistoryLoadedMsg carries the function's payload history.
	invokeHistoryLoadedMsg struct {
		id    int
		saved []invoke.Saved
		err   error
	}
	// invokeDetailLoadedMsg carries the function's aliases and versions.
	invokeDetailLoadedMsg struct {
		id     int
		detail providers.FunctionDetail
		err    error
		at     time.Time
	}
	// invokeCheckDueMsg runs the JSON check of a large payload once typing
	// pauses.
	invokeCheckDueMsg struct{ id, gen int }
	// invokeSavedMsg reports a history write that failed.
	invokeSavedMsg struct {
		id  int
		err error
	}
)

func (msg invokeHistoryLoadedMsg) ScreenID() int { return msg.id }
func (msg invokeDetailLoadedMsg) ScreenID() int  { return msg.id }
func (msg invokeCheckDueMsg) ScreenID() int      { return msg.id }
func (msg invokeSavedMsg) ScreenID() int         { return msg.id }

// New returns the invoke screen of fn. Its aliases and versions come from
// the root's detail cache, read when the cache does not have them.
func New(host Host, id int, fn providers.Function) *Screen {
	st := host.Styles()
	s := &Screen{host: host, id: id, fn: fn, typ: providers.InvokeSync, ed: invokeview.NewEditor(st), pane: kit.NewPane(st)}
	s.setPayload("{}")
	s.touched = false
	s.pane.SetContent("Result", []string{st.Text.Muted.Render("nothing sent yet · " + host.Keys().Actions.Editor.Send.Help().Key + " sends the payload (after a confirmation)")})
	return s
}

// editLimit is the largest payload the editor takes: the textarea
// renders every line on each key, so beyond this typing would lag.
const (
	editLimitBytes = 64 << 10
	editLimitLines = 300
)

func tooBigToEdit(p string) bool {
	return len(p) > editLimitBytes || strings.Count(p, "\n") >= editLimitLines
}

// payload is what would be sent.
func (s *Screen) payload() string {
	if s.big != "" {
		return s.big
	}
	return s.ed.Value()
}

func (s *Screen) Crumbs() []string { return []string{s.fn.Name, "invoke"} }

func (s *Screen) Info() string {
	q := s.qualifier
	if q == "" {
		q = "$LATEST"
	}
	return string(s.typ) + " · " + sanitize.Line(q)
}

func (s *Screen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.edRows = min(max(h*2/5, 3), 20)
	s.ed.SetSize(w, s.edRows)
	s.edDirty = true
	s.pane.SetSize(w, max(h-s.edRows-2, 1), false)
	if s.result != nil && s.resultW != w {
		s.rebuildResult()
	}
}

func (s *Screen) Restyle() {
	s.ed.SetStyles(s.host.Styles())
	s.edDirty = true
	s.pane.SetStyles(s.host.Styles())
	s.rebuildResult()
}

func (s *Screen) Activate() tea.Cmd {
	var cmds []tea.Cmd
	if s.editing {
		cmds = append(cmds, s.ed.Focus())
	}
	if !s.historyLoaded {
		h, scope, fn, id := s.host.Payloads(), s.host.Scope(), s.fn.Name, s.id
		cmds = append(cmds, func() tea.Msg {
			saved, err := h.Load(scope, fn)
			return invokeHistoryLoadedMsg{id: id, saved: saved, err: err}
		})
	}
	if _, known := s.host.Detail(s.fn.Name); !known {
		if r, ok := s.host.Backend().(providers.FunctionReader); ok {
			id, fn, clock := s.id, s.fn.Name, s.host.Clock()
			ctx, cancel := s.host.CallCtx()
			cmds = append(cmds, func() tea.Msg {
				defer cancel()
				d, err := r.GetFunction(ctx, fn)
				return invokeDetailLoadedMsg{id: id, detail: d, err: err, at: clock()}
			})
		}
	}
	return tea.Batch(cmds...)
}

func (s *Screen) Deactivate() {
	s.ed.Blur()
	s.edDirty = true
}

func (s *Screen) Status() (string, string) { return "", "" }

// recheck runs the pre-send check on the current text. It is cheap below
// a few hundred KB; larger payloads are checked once typing pauses.
func (s *Screen) recheck() tea.Cmd {
	if s.big == "" && s.ed.Length() > 16<<10 {
		s.checkGen++
		return s.host.After(200*time.Millisecond, invokeCheckDueMsg{id: s.id, gen: s.checkGen})
	}
	s.check = invoke.Check([]byte(s.payload()), s.typ, s.raw)
	return nil
}

func (s *Screen) Paste(p tea.PasteMsg) tea.Cmd {
	if s.picker != nil {
		_, cmd := s.picker.Update(p, &s.host.Keys().Input)
		return cmd
	}
	if !s.editing {
		return nil
	}
	if tooBigToEdit(s.ed.Value() + p.Content) {
		s.editing = false
		s.ed.Blur()
		return tea.Batch(s.setPayload(p.Content), s.host.Notify(views.LevelInfo,
			"a paste this large replaces the payload; it is sent as it is (too large to edit here)"))
	}
	s.touched = true
	s.edDirty = true
	return tea.Batch(s.ed.Update(p), s.recheck())
}

func (s *Screen) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := s.host.ActionKeys().Editor
	if s.picker != nil {
		return s.pickerKey(k), true
	}
	if s.editing {
		switch {
		case key.Matches(k, km.StopEdit):
			s.editing = false
			s.ed.Blur()
			s.edDirty = true
			return nil, true
		case key.Matches(k, s.host.Keys().Global.Quit) && k.Text == "":
			// A quit key that types nothing (ctrl+c) still quits while
			// editing; q and the like are text here.
			return nil, false
		}
		s.touched = true
		s.edDirty = true
		return tea.Batch(s.ed.Update(k), s.recheck()), true
	}
	switch {
	case key.Matches(k, km.Edit):
		if s.big != "" {
			return s.host.Notify(views.LevelWarn, "this payload is too large to edit here ("+invoke.FormatSize(len(s.big))+
				"); it is sent as it is, or use virga invoke --payload @FILE"), true
		}
		s.editing = true
		s.edDirty = true
		return s.ed.Focus(), true
	case key.Matches(k, km.Send):
		return s.send(), true
	case s.host.ReadOnly() && screen.Pressed(k, km.Send):
		return s.host.Notify(views.LevelWarn, "read-only mode: invoking is disabled"), true
	case key.Matches(k, km.Type):
		switch s.typ {
		case providers.InvokeSync:
			s.typ = providers.InvokeAsync
		case providers.InvokeAsync:
			s.typ = providers.InvokeDryRun
		default:
			s.typ = providers.InvokeSync
		}
		return s.recheck(), true
	case key.Matches(k, km.Raw):
		s.raw = !s.raw
		return s.recheck(), true
	case key.Matches(k, km.Format):
		return s.format(), true
	case key.Matches(k, km.Template):
		s.openTemplates()
		return s.picker.Open(), true
	case key.Matches(k, km.History):
		if len(s.history) == 0 {
			return s.host.Notify(views.LevelInfo, "no payload sent to "+s.fn.Name+" yet"), true
		}
		s.openHistory()
		return s.picker.Open(), true
	case key.Matches(k, km.Qualifier):
		s.openQualifiers()
		return s.picker.Open(), true
	case key.Matches(k, km.Follow):
		if s.result == nil || s.result.Res == nil || s.result.Res.RequestID == "" {
			return s.host.Notify(views.LevelInfo, "invoke first: there is no request to follow"), true
		}
		return s.host.Follow(s.fn, s.result.Res.RequestID, s.resAt), true
	case screen.Scroll(s.pane, k, km.Nav()):
	default:
		return nil, false
	}
	return nil, true
}

// send checks the payload and proposes the invocation: the confirmation
// shows the account, the function, the type and the aws command.
func (s *Screen) send() tea.Cmd {
	payload := []byte(s.payload())
	if err := invoke.Check(payload, s.typ, s.raw); err != nil {
		s.check = err
		msg := "not sent: " + err.Error()
		var se *invoke.SyntaxError
		if errors.As(err, &se) {
			msg += " · " + s.host.Keys().Actions.Editor.Raw.Help().Key + " sends it as raw text"
		}
		return s.host.Notify(views.LevelError, msg)
	}
	return s.host.ProposeInvoke(s.id, providers.InvokeRequest{
		Function: s.fn.Name, Qualifier: s.qualifier, Type: s.typ, Payload: payload,
	})
}

// format pretty-prints the payload when it is JSON.
func (s *Screen) format() tea.Cmd {
	out, ok := invoke.Pretty([]byte(s.payload()))
	if !ok {
		return s.host.Notify(views.LevelWarn, "only valid JSON up to 1 MiB can be formatted")
	}
	return s.setPayload(string(out))
}

// setPayload replaces the payload: in the editor, or, when too large to
// edit, as a preview.
func (s *Screen) setPayload(p string) tea.Cmd {
	s.touched = true
	s.edDirty = true
	if tooBigToEdit(p) {
		s.big = p
		s.ed.SetValue("")
		s.editing = false
		s.ed.Blur()
	} else {
		s.big = ""
		s.ed.SetValue(p)
	}
	return s.recheck()
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case invokeHistoryLoadedMsg:
		s.historyLoaded = true
		if msg.err != nil {
			return s.host.Notify(views.LevelWarn, "payload history: "+msg.err.Error())
		}
		s.history = msg.saved
		if len(s.history) > 0 && !s.touched {
			last := s.history[0]
			if last.Type != "" {
				s.typ = last.Type
			}
			s.qualifier = last.Qualifier
			cmd := s.setPayload(last.Payload)
			s.touched = false
			return cmd
		}
	case invokeDetailLoadedMsg:
		if msg.err == nil {
			s.host.StoreDetail(s.fn.Name, msg.detail, msg.at)
		}
	case invokeCheckDueMsg:
		if msg.gen == s.checkGen {
			s.check = invoke.Check([]byte(s.payload()), s.typ, s.raw)
		}
	case Result:
		return s.resultArrived(msg)
	case invokeSavedMsg:
		if msg.err != nil {
			return s.host.Notify(views.LevelWarn, msg.err.Error())
		}
	}
	return nil
}

func (s *Screen) resultArrived(msg Result) tea.Cmd {
	r := &invokeview.Result{Function: s.fn.Name, Qualifier: s.qualifier, Type: s.typ, Res: msg.Out.Invoke}
	if msg.Err != nil {
		r.Res = nil
		r.Err = providers.Short(msg.Err)
		var pe *providers.Error
		if errors.As(msg.Err, &pe) {
			r.RequestID = pe.RequestID
		}
	}
	s.result, s.resAt = r, s.host.Now()
	s.rebuildResult()
	s.pane.ScrollTop()
	// Remember what was sent, whatever came back: the payload reached AWS.
	saved := invoke.Saved{Time: s.resAt, Payload: s.payload(), Type: s.typ, Qualifier: s.qualifier}
	s.history = append([]invoke.Saved{saved}, s.history...)
	h, scope, fn, id := s.host.Payloads(), s.host.Scope(), s.fn.Name, s.id
	return func() tea.Msg { return invokeSavedMsg{id: id, err: h.Save(scope, fn, saved)} }
}

func (s *Screen) rebuildResult() {
	if s.result == nil {
		return
	}
	lines := invokeview.Lines(s.host.Styles(), *s.result, s.w)
	if s.host.CanFollow() && s.result.Res != nil {
		lines = append(lines, "", s.host.Styles().Text.Muted.Render(s.host.Keys().Actions.Editor.Follow.Help().Key+" follows this request in the log pane"))
	}
	s.resultW = s.w
	s.pane.SetContent("Result · "+sanitize.Line(invokeview.Summary(*s.result)), lines)
}

func (s *Screen) Hints() []key.Binding {
	km := s.host.ActionKeys().Editor
	if s.editing {
		return []key.Binding{km.StopEdit}
	}
	return []key.Binding{km.Send, km.Edit, km.Template, km.History, km.Type, km.Qualifier}
}

func (s *Screen) Help() []views.HelpGroup {
	km := s.host.ActionKeys().Editor
	return []views.HelpGroup{
		{Title: "Invoke", Bindings: []key.Binding{km.Edit, km.Send, km.Type, km.Qualifier, km.Template, km.History, km.Raw, km.Format, km.Follow}},
		{Title: "Result", Bindings: []key.Binding{km.Up, km.Down, km.PageUp, km.PageDown}},
		{Title: "Editor", Bindings: []key.Binding{km.StopEdit,
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
			key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete to line end")),
			key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to line start")),
			key.NewBinding(key.WithKeys("alt+<"), key.WithHelp("alt+< / alt+>", "start / end"))}},
	}
}

// LastRequestID is the request id of the last invocation that reached
// Lambda, false before there is one.
func (s *Screen) LastRequestID() (string, bool) {
	if s.result == nil || s.result.Res == nil {
		return "", false
	}
	return s.result.Res.RequestID, true
}
