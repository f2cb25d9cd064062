package tui

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/invokeview"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// invokeScreen invokes one function: a payload editor that checks JSON as
// you type, templates and the function's payload history, the invocation
// type and qualifier, and the result of the last invocation. Sending goes
// through the action pipeline like every other change.
type invokeScreen struct {
	m  *Model
	id int
	fn providers.Function

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
	detail        *providers.FunctionDetail

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
	}
	// invokeResultMsg is the outcome of a confirmed invocation.
	invokeResultMsg struct {
		id  int
		out action.Outcome
		err error
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

func (msg invokeHistoryLoadedMsg) screenID() int { return msg.id }
func (msg invokeDetailLoadedMsg) screenID() int  { return msg.id }
func (msg invokeResultMsg) screenID() int        { return msg.id }
func (msg invokeCheckDueMsg) screenID() int      { return msg.id }
func (msg invokeSavedMsg) screenID() int         { return msg.id }

// openInvoke pushes the invoke screen of fn.
func (m *Model) openInvoke(fn providers.Function) tea.Cmd {
	return m.pushScreen(func(id int) screen {
		s := &invokeScreen{m: m, id: id, fn: fn, typ: providers.InvokeSync, ed: invokeview.NewEditor(m.st), pane: kit.NewPane(m.st)}
		s.setPayload("{}")
		s.touched = false
		if e, ok := m.fnDetail[fn.Name]; ok && e.err == nil {
			d := e.detail
			s.detail = &d
		}
		s.pane.SetContent("Result", []string{m.st.Text.Muted.Render("nothing sent yet · " + m.km.Actions.Editor.Send.Help().Key + " sends the payload (after a confirmation)")})
		return s
	})
}

// payloads is the history store.
func (m *Model) payloads() *invoke.History {
	if m.opt.Payloads == nil {
		m.opt.Payloads = invoke.OpenHistory("")
	}
	return m.opt.Payloads
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
func (s *invokeScreen) payload() string {
	if s.big != "" {
		return s.big
	}
	return s.ed.Value()
}

func (s *invokeScreen) crumbs() []string { return []string{s.fn.Name, "invoke"} }

func (s *invokeScreen) info() string {
	q := s.qualifier
	if q == "" {
		q = "$LATEST"
	}
	return string(s.typ) + " · " + sanitize.Line(q)
}

func (s *invokeScreen) setSize(w, h int) {
	s.w, s.h = w, h
	s.edRows = min(max(h*2/5, 3), 20)
	s.ed.SetSize(w, s.edRows)
	s.edDirty = true
	s.pane.SetSize(w, max(h-s.edRows-2, 1), false)
	if s.result != nil && s.resultW != w {
		s.rebuildResult()
	}
}

func (s *invokeScreen) restyle() {
	s.ed.SetStyles(s.m.st)
	s.edDirty = true
	s.pane.SetStyles(s.m.st)
	s.rebuildResult()
}

func (s *invokeScreen) activate() tea.Cmd {
	var cmds []tea.Cmd
	if s.editing {
		cmds = append(cmds, s.ed.Focus())
	}
	if !s.historyLoaded {
		h, scope, fn, id := s.m.payloads(), s.m.identity.Scope(), s.fn.Name, s.id
		cmds = append(cmds, func() tea.Msg {
			saved, err := h.Load(scope, fn)
			return invokeHistoryLoadedMsg{id: id, saved: saved, err: err}
		})
	}
	if s.detail == nil {
		if r, ok := s.m.opt.Backend.(providers.FunctionReader); ok {
			id, fn := s.id, s.fn.Name
			ctx, cancel := s.m.callCtx()
			cmds = append(cmds, func() tea.Msg {
				defer cancel()
				d, err := r.GetFunction(ctx, fn)
				return invokeDetailLoadedMsg{id: id, detail: d, err: err}
			})
		}
	}
	return tea.Batch(cmds...)
}

func (s *invokeScreen) deactivate() {
	s.ed.Blur()
	s.edDirty = true
}

func (s *invokeScreen) status() (string, string) { return "", "" }

// recheck runs the pre-send check on the current text. It is cheap below
// a few hundred KB; larger payloads are checked once typing pauses.
func (s *invokeScreen) recheck() tea.Cmd {
	if s.big == "" && s.ed.Length() > 16<<10 {
		s.checkGen++
		return s.m.opt.After(200*time.Millisecond, invokeCheckDueMsg{id: s.id, gen: s.checkGen})
	}
	s.check = invoke.Check([]byte(s.payload()), s.typ, s.raw)
	return nil
}

func (s *invokeScreen) paste(p tea.PasteMsg) tea.Cmd {
	if s.picker != nil {
		_, cmd := s.picker.Update(p, &s.m.km.Input)
		return cmd
	}
	if !s.editing {
		return nil
	}
	if tooBigToEdit(s.ed.Value() + p.Content) {
		s.editing = false
		s.ed.Blur()
		return tea.Batch(s.setPayload(p.Content), s.m.notify(views.LevelInfo,
			"a paste this large replaces the payload; it is sent as it is (too large to edit here)"))
	}
	s.touched = true
	s.edDirty = true
	return tea.Batch(s.ed.Update(p), s.recheck())
}

func (s *invokeScreen) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := s.m.actionKeys().Editor
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
		case k.String() == "ctrl+c":
			return nil, false
		}
		s.touched = true
		s.edDirty = true
		return tea.Batch(s.ed.Update(k), s.recheck()), true
	}
	switch {
	case key.Matches(k, km.Edit):
		if s.big != "" {
			return s.m.notify(views.LevelWarn, "this payload is too large to edit here ("+invoke.FormatSize(len(s.big))+
				"); it is sent as it is, or use virga invoke --payload @FILE"), true
		}
		s.editing = true
		s.edDirty = true
		return s.ed.Focus(), true
	case key.Matches(k, km.Send):
		return s.send(), true
	case s.m.readOnly && slices.Contains(km.Send.Keys(), k.String()):
		return s.m.notify(views.LevelWarn, "read-only mode: invoking is disabled"), true
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
			return s.m.notify(views.LevelInfo, "no payload sent to "+s.fn.Name+" yet"), true
		}
		s.openHistory()
		return s.picker.Open(), true
	case key.Matches(k, km.Qualifier):
		s.openQualifiers()
		return s.picker.Open(), true
	case key.Matches(k, km.Follow):
		if s.result == nil || s.result.Res == nil || s.result.Res.RequestID == "" {
			return s.m.notify(views.LevelInfo, "invoke first: there is no request to follow"), true
		}
		return s.m.actions.follow(s.fn, s.result.Res.RequestID, s.resAt), true
	case key.Matches(k, km.Down):
		s.pane.Scroll(1)
	case key.Matches(k, km.Up):
		s.pane.Scroll(-1)
	case key.Matches(k, km.PageDown):
		s.pane.PageScroll(1)
	case key.Matches(k, km.PageUp):
		s.pane.PageScroll(-1)
	default:
		return nil, false
	}
	return nil, true
}

// send checks the payload and proposes the invocation: the confirmation
// shows the account, the function, the type and the aws command.
func (s *invokeScreen) send() tea.Cmd {
	payload := []byte(s.payload())
	if err := invoke.Check(payload, s.typ, s.raw); err != nil {
		s.check = err
		msg := "not sent: " + err.Error()
		var se *invoke.SyntaxError
		if errors.As(err, &se) {
			msg += " · " + s.m.km.Actions.Editor.Raw.Help().Key + " sends it as raw text"
		}
		return s.m.notify(views.LevelError, msg)
	}
	f := s.m.newFlow()
	f.screen = s.id
	return s.m.openConfirm(f, action.InvokeFunction(providers.InvokeRequest{
		Function: s.fn.Name, Qualifier: s.qualifier, Type: s.typ, Payload: payload,
	}))
}

// format pretty-prints the payload when it is JSON.
func (s *invokeScreen) format() tea.Cmd {
	out, ok := invoke.Pretty([]byte(s.payload()))
	if !ok {
		return s.m.notify(views.LevelWarn, "only valid JSON up to 1 MiB can be formatted")
	}
	return s.setPayload(string(out))
}

// setPayload replaces the payload: in the editor, or, when too large to
// edit, as a preview.
func (s *invokeScreen) setPayload(p string) tea.Cmd {
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

func (s *invokeScreen) openPicker(what, prompt string, items []kit.Command, picks map[string]string) {
	s.picker = kit.NewPalette(s.m.st, prompt, "type to filter · enter choose · esc cancel", items)
	s.pickerFor, s.picks = what, picks
}

func (s *invokeScreen) openTemplates() {
	var items []kit.Command
	picks := map[string]string{}
	for _, t := range invoke.Templates() {
		items = append(items, kit.Command{Name: t.Name, Desc: t.Desc})
		picks[t.Name] = t.Body
	}
	s.openPicker("template", "template ", items, picks)
}

func (s *invokeScreen) openHistory() {
	var items []kit.Command
	picks := map[string]string{}
	now := s.m.now()
	for i, h := range s.history {
		name := "#" + strconv.Itoa(i+1)
		desc := format.Age(now, h.Time) + " ago · " + string(h.Type) + " · " + oneLinePreview(h.Payload, 60)
		items = append(items, kit.Command{Name: name, Desc: desc})
		picks[name] = h.Payload
	}
	s.openPicker("history", "history ", items, picks)
}

func oneLinePreview(p string, n int) string {
	p = strings.Join(strings.Fields(p), " ")
	if len(p) > n {
		p = p[:n] + "…"
	}
	return sanitize.Line(p)
}

func (s *invokeScreen) openQualifiers() {
	items := []kit.Command{{Name: "$LATEST", Desc: "unpublished code and configuration"}}
	picks := map[string]string{"$LATEST": ""}
	if s.detail != nil {
		for _, a := range s.detail.Aliases {
			items = append(items, kit.Command{Name: a.Name, Desc: "alias → " + action.AliasString(a.FunctionVersion, a.AdditionalWeights)})
			picks[a.Name] = a.Name
		}
		_, versions := qualifiers(*s.detail)
		for i := len(versions) - 1; i >= 0; i-- {
			items = append(items, kit.Command{Name: versions[i], Desc: "version"})
			picks[versions[i]] = versions[i]
		}
	}
	s.openPicker("qualifier", "qualifier ", items, picks)
}

func (s *invokeScreen) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	res, cmd := s.picker.Update(k, &s.m.km.Input)
	if !res.Done {
		return cmd
	}
	s.picker = nil
	v, ok := s.picks[res.Command]
	if !ok {
		return cmd
	}
	switch s.pickerFor {
	case "qualifier":
		s.qualifier = v
		return cmd
	case "history":
		for _, h := range s.history {
			if h.Payload == v {
				if h.Type != "" {
					s.typ = h.Type
				}
				s.qualifier = h.Qualifier
			}
		}
	}
	return tea.Batch(cmd, s.setPayload(v))
}

func (s *invokeScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case invokeHistoryLoadedMsg:
		s.historyLoaded = true
		if msg.err != nil {
			return s.m.notify(views.LevelWarn, "payload history: "+msg.err.Error())
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
			d := msg.detail
			s.detail = &d
		}
	case invokeCheckDueMsg:
		if msg.gen == s.checkGen {
			s.check = invoke.Check([]byte(s.payload()), s.typ, s.raw)
		}
	case invokeResultMsg:
		return s.resultArrived(msg)
	case invokeSavedMsg:
		if msg.err != nil {
			return s.m.notify(views.LevelWarn, msg.err.Error())
		}
	}
	return nil
}

func (s *invokeScreen) resultArrived(msg invokeResultMsg) tea.Cmd {
	r := &invokeview.Result{Function: s.fn.Name, Qualifier: s.qualifier, Type: s.typ, Res: msg.out.Invoke}
	if msg.err != nil {
		r.Res = nil
		r.Err = providers.Short(msg.err)
		var pe *providers.Error
		if errors.As(msg.err, &pe) {
			r.RequestID = pe.RequestID
		}
	}
	s.result, s.resAt = r, s.m.now()
	s.rebuildResult()
	s.pane.ScrollTop()
	// Remember what was sent, whatever came back: the payload reached AWS.
	saved := invoke.Saved{Time: s.resAt, Payload: s.payload(), Type: s.typ, Qualifier: s.qualifier}
	s.history = append([]invoke.Saved{saved}, s.history...)
	h, scope, fn, id := s.m.payloads(), s.m.identity.Scope(), s.fn.Name, s.id
	return func() tea.Msg { return invokeSavedMsg{id: id, err: h.Save(scope, fn, saved)} }
}

func (s *invokeScreen) rebuildResult() {
	if s.result == nil {
		return
	}
	lines := invokeview.Lines(s.m.st, *s.result, s.w)
	if s.m.actions.follow != nil && s.result.Res != nil {
		lines = append(lines, "", s.m.st.Text.Muted.Render(s.m.km.Actions.Editor.Follow.Help().Key+" follows this request in the log pane"))
	}
	s.resultW = s.w
	s.pane.SetContent("Result · "+sanitize.Line(invokeview.Summary(*s.result)), lines)
}

func (s *invokeScreen) view() string {
	st := s.m.st
	w := s.w
	lines := make([]string, 0, s.h)
	mode := "editing · " + s.m.km.Actions.Editor.StopEdit.Help().Key + " stops"
	if !s.editing {
		mode = s.m.km.Actions.Editor.Edit.Help().Key + " edit · " + s.m.km.Actions.Editor.Send.Help().Key + " send"
	}
	q := s.qualifier
	if q == "" {
		q = "$LATEST"
	}
	raw := ""
	if s.raw {
		raw = " · " + st.Text.Warn.Render("raw text")
	}
	head := st.Pane.Title.Render(" Payload") + st.Text.Muted.Render(" · ") + st.Text.Bold.Render(string(s.typ)) +
		st.Text.Muted.Render(" · qualifier ") + st.Text.Bold.Render(sanitize.Line(q)) + raw + st.Text.Muted.Render(" · "+mode)
	lines = append(lines, kit.FitStyled(head, w))
	for _, l := range s.editorLines() {
		if len(lines) > s.edRows {
			break
		}
		lines = append(lines, kit.FitStyled(l, w))
	}
	for len(lines) <= s.edRows {
		lines = append(lines, kit.FitStyled("", w))
	}
	lines = append(lines, kit.FitStyled(s.checkLine(), w))
	for _, l := range strings.Split(s.pane.View(), "\n") {
		lines = append(lines, kit.FitStyled(l, w))
	}
	for len(lines) < s.h {
		lines = append(lines, kit.FitStyled("", w))
	}
	lines = lines[:s.h]
	if s.picker != nil {
		box := s.picker.View(w, max(s.h-2, 1))
		lines = kit.Overlay(lines, box, len(lines)-len(box))
	}
	return strings.Join(lines, "\n")
}

// editorLines renders the editor, or the preview of a payload too large
// to edit, from the cache when nothing changed.
func (s *invokeScreen) editorLines() []string {
	if s.edDirty || s.edView == "" {
		s.edDirty = false
		if s.big == "" {
			s.edView = s.ed.View()
		} else {
			s.edView = s.bigPreview()
		}
	}
	return strings.Split(s.edView, "\n")
}

// bigPreview shows the first lines of a payload too large to edit.
func (s *invokeScreen) bigPreview() string {
	st := s.m.st
	n := max(s.edRows-1, 1)
	head := s.big[:min(len(s.big), n*(s.w*4+1))]
	parts := strings.SplitN(head, "\n", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	out := make([]string, 0, n+1)
	for _, p := range parts {
		p = sanitize.Line(p[:min(len(p), s.w*4)])
		out = append(out, st.Text.Muted.Render(" "+p))
	}
	out = append(out, st.Text.Warn.Render(" … "+invoke.FormatSize(len(s.big))+", "+strconv.Itoa(strings.Count(s.big, "\n")+1)+
		" lines: too large to edit here; sent as it is"))
	return strings.Join(out, "\n")
}

// checkLine is the verdict of the pre-send check.
func (s *invokeScreen) checkLine() string {
	st := s.m.st
	size := invoke.FormatSize(len(s.payload())) + " of " + invoke.FormatSize(invoke.Limit(s.typ))
	var se *invoke.SyntaxError
	switch {
	case s.check == nil && s.raw:
		return st.Text.Warn.Render(" ✓ raw text") + st.Text.Muted.Render(" · "+size)
	case s.check == nil:
		return st.Text.OK.Render(" ✓ valid JSON") + st.Text.Muted.Render(" · "+size)
	case errors.As(s.check, &se):
		return st.Text.Err.Render(" ✗ "+sanitize.Line(se.Error())) + st.Text.Muted.Render(" · "+s.m.km.Actions.Editor.Raw.Help().Key+" sends raw text")
	default:
		return st.Text.Err.Render(" ✗ " + sanitize.Line(s.check.Error()))
	}
}

func (s *invokeScreen) hints() []key.Binding {
	km := s.m.actionKeys().Editor
	if s.editing {
		return []key.Binding{km.StopEdit}
	}
	return []key.Binding{km.Send, km.Edit, km.Template, km.History, km.Type, km.Qualifier}
}

func (s *invokeScreen) help() []views.HelpGroup {
	km := s.m.actionKeys().Editor
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
