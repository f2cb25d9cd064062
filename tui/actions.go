package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/invokescreen"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/kit"
)

// The action pipeline. Every change virga makes goes through it, in this
// order, and nothing else calls action.Run:
//
//  1. a key (or the invoke screen) starts a flow; bindings are disabled in
//     read-only mode (actionKeys), and a refused key says why;
//  2. the current state is read fresh when the change depends on it, and a
//     form asks for the values;
//  3. openConfirm refuses in read-only mode (journaled), else shows the
//     confirmation: account, region, profile, resource, before -> after,
//     the aws command; a typed name for destructive changes;
//  4. execute checks read-only mode again and makes one attempt in a Cmd,
//     which also appends the journal line;
//  5. actionDone reports the outcome with the request id in the status
//     line and starts a targeted refresh (a watch) of what changed.

// flowStage is where an action flow is.
type flowStage uint8

const (
	stageLoading flowStage = iota // reading the current state
	stageForm
	stageConfirm
)

// actionFlow is one action between its key and its execution.
type actionFlow struct {
	id    int
	stage flowStage
	// ident and epoch are the account the flow started on: a profile or
	// region switch before confirming abandons the flow.
	ident providers.Identity
	epoch int
	// then continues the flow with freshly read state (stageLoading).
	then func(m *Model, p prepared) tea.Cmd
	// form and submit ask for values (stageForm).
	form   *dialog.Form
	submit func(m *Model, values []string) (action.Action, error)
	// dlg confirms act (stageConfirm).
	dlg *dialog.Confirm
	act action.Action
	// screen is the invoke screen waiting for the result, 0 for none.
	screen int
}

// prepared is the state a flow read before asking for values.
type prepared struct {
	detail providers.FunctionDetail
	// room is the account's concurrency pool, for flows that asked.
	room      action.Room
	revisions []string
	// previous is the reserved concurrency before the last kill switch of
	// this function, from the journal.
	previous string
	err      error
}

// actionsState is the model's action state.
type actionsState struct {
	flow *actionFlow
	// killed remembers, per account, region and function, the reserved
	// concurrency before a kill switch; the journal keeps it across runs.
	killed  map[string]string
	watches []*watch
	// follow opens the log pane on one request's lines; the logs feature
	// sets it. While nil the invoke screen hides its follow key.
	follow func(fn providers.Function, requestID string, at time.Time) tea.Cmd
}

type (
	// actionPreparedMsg carries the state a flow read.
	actionPreparedMsg struct {
		flow int
		p    prepared
	}
	// actionDoneMsg is the outcome of one attempt, journaled already.
	actionDoneMsg struct {
		flow       int
		epoch      int
		ident      providers.Identity
		act        action.Action
		out        action.Outcome
		err        error
		journalErr error
		at         time.Time
		screen     int
	}
	// actionRefusedMsg says a refusal was journaled (or could not be).
	actionRefusedMsg struct {
		act        action.Action
		journalErr error
	}
)

// actionMsg marks the messages of the action pipeline, so the root routes
// them with one case.
type actionMsg interface{ isActionMsg() }

func (actionPreparedMsg) isActionMsg() {}
func (actionDoneMsg) isActionMsg()     {}
func (actionRefusedMsg) isActionMsg()  {}
func (watchDueMsg) isActionMsg()       {}
func (watchPolledMsg) isActionMsg()    {}

// updateActions handles the pipeline's messages.
func (m *Model) updateActions(msg actionMsg) tea.Cmd {
	switch msg := msg.(type) {
	case actionPreparedMsg:
		return m.actionPrepared(msg)
	case actionDoneMsg:
		return m.actionDone(msg)
	case actionRefusedMsg:
		if msg.journalErr != nil {
			return m.notify(views.LevelError, "read-only: refused; journal: "+msg.journalErr.Error())
		}
		return nil
	case watchDueMsg:
		return m.watchDue(msg)
	case watchPolledMsg:
		return m.watchPolled(msg)
	}
	return nil
}

// journal is where actions are recorded; without one configured the
// session keeps its journal in memory.
func (m *Model) journal() *journal.Journal {
	if m.opt.Journal == nil {
		m.opt.Journal = journal.Memory("this session")
	}
	return m.opt.Journal
}

// newFlow starts a flow, abandoning any unfinished one.
func (m *Model) newFlow() *actionFlow {
	f := &actionFlow{id: m.gen(), ident: m.identity, epoch: m.epoch}
	m.actions.flow = f
	if m.over == overlayAction {
		m.over = overlayNone
	}
	return f
}

// prepareFunction reads a function fresh, then continues the flow: the
// before values of a confirmation must not be a stale cache.
func (m *Model) prepareFunction(name string, then func(m *Model, d providers.FunctionDetail) tea.Cmd) tea.Cmd {
	return m.prepareFunctionRoom(name, false, func(m *Model, d providers.FunctionDetail, _ action.Room) tea.Cmd { return then(m, d) })
}

// prepareConcurrency reads a function and the account's concurrency pool
// fresh: a count is bounded by both.
func (m *Model) prepareConcurrency(name string, then func(m *Model, d providers.FunctionDetail, room action.Room) tea.Cmd) tea.Cmd {
	return m.prepareFunctionRoom(name, true, then)
}

func (m *Model) prepareFunctionRoom(name string, withRoom bool, then func(m *Model, d providers.FunctionDetail, room action.Room) tea.Cmd) tea.Cmd {
	r, ok := m.opt.Backend.(providers.FunctionReader)
	if !ok {
		return m.notify(views.LevelWarn, "this backend cannot read functions")
	}
	ar, _ := m.opt.Backend.(providers.AccountReader)
	f := m.newFlow()
	f.stage = stageLoading
	f.then = func(m *Model, p prepared) tea.Cmd {
		if p.err != nil {
			return m.notify(views.LevelError, "could not read "+name+": "+providers.Short(p.err))
		}
		m.storeDetail(name, p.detail, m.now())
		return then(m, p.detail, p.room)
	}
	id := f.id
	ctx, cancel := m.callCtx()
	return tea.Batch(m.notify(views.LevelInfo, "reading "+name+"…"), func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		p := prepared{detail: d, err: err}
		if err == nil && withRoom && ar != nil {
			// Without the pool, only the API's bounds apply: AWS judges.
			if st, err := ar.AccountSettings(ctx); err == nil {
				p.room = action.RoomOf(st)
			}
		}
		return actionPreparedMsg{flow: id, p: p}
	})
}

func (m *Model) actionPrepared(msg actionPreparedMsg) tea.Cmd {
	f := m.actions.flow
	if f == nil || f.id != msg.flow || f.stage != stageLoading || f.epoch != m.epoch {
		return nil
	}
	m.actions.flow = nil
	m.status.text = ""
	return f.then(m, msg.p)
}

// openForm asks for an action's values.
func (m *Model) openForm(title, sub string, fields []dialog.Field, submit func(m *Model, values []string) (action.Action, error)) tea.Cmd {
	f := m.actions.flow
	if f == nil || f.stage != stageLoading {
		f = m.newFlow()
	}
	m.actions.flow = f
	f.stage = stageForm
	f.form = dialog.NewForm(m.st, title, sub, fields)
	f.submit = submit
	m.over = overlayAction
	return nil
}

// propose opens the confirmation of a, unless read-only mode refuses it.
func (m *Model) propose(a action.Action) tea.Cmd {
	f := m.actions.flow
	if f == nil || f.stage == stageConfirm {
		f = m.newFlow()
	}
	return m.openConfirm(f, a)
}

func (m *Model) openConfirm(f *actionFlow, a action.Action) tea.Cmd {
	if m.readOnly {
		m.actions.flow = nil
		m.over = overlayNone
		return m.refuse(a, f.ident)
	}
	if !a.Supported(m.opt.Backend) {
		m.actions.flow = nil
		m.over = overlayNone
		return m.notify(views.LevelWarn, a.Title+": not supported by this backend")
	}
	id := f.ident
	c := dialog.Change{
		Title: a.Title, Account: id.Account, Region: id.Region, Profile: id.Profile,
		Resource: a.Resource.String(), What: a.Change, Before: a.Before, After: a.After, Note: a.Note,
		Command: a.Command(id), Revert: a.Revert(id, providers.Receipt{}), NoRevert: a.NoRevert, Tool: a.Tool(),
	}
	if c.Revert == "" && c.NoRevert == "" && a.Kind == action.Publish {
		c.NoRevert = "the journal records how to delete the new version"
	}
	if a.Destructive {
		c.TypeName = a.ConfirmName()
	}
	f.stage, f.act, f.form = stageConfirm, a, nil
	f.dlg = dialog.NewConfirm(m.st, c, m.now())
	m.actions.flow = f
	m.over = overlayAction
	return nil
}

// refuse says no to an action in read-only mode and journals the refusal
// under the account the action was meant for.
func (m *Model) refuse(a action.Action, id providers.Identity) tea.Cmd {
	j, e := m.journal(), a.Refusal(id, "tui", m.now())
	action.Log(m.opt.Log, e)
	save := func() tea.Msg { return actionRefusedMsg{act: a, journalErr: j.Append(e)} }
	return tea.Batch(save, m.notify(views.LevelWarn, "read-only mode: "+a.Title+" refused ("+a.Resource.String()+")"))
}

// actionOverlayKey handles keys while a form or confirmation is open.
func (m *Model) actionOverlayKey(msg tea.Msg) tea.Cmd {
	f := m.actions.flow
	if f == nil {
		m.over = overlayNone
		return nil
	}
	ak := &m.km.Actions
	switch f.stage {
	case stageForm:
		res, cmd := f.form.Update(msg, &ak.Form)
		switch res {
		case dialog.FormCancelled:
			m.closeFlow()
			return tea.Batch(cmd, m.notify(views.LevelInfo, "cancelled; nothing changed"))
		case dialog.FormSubmitted:
			a, err := f.submit(m, f.form.Values())
			if err != nil {
				f.form.SetError(err.Error())
				return cmd
			}
			return tea.Batch(cmd, m.openConfirm(f, a))
		}
		return cmd
	case stageConfirm:
		res, cmd := f.dlg.Update(msg, &ak.Dialog, m.now())
		switch res {
		case dialog.Cancelled:
			m.closeFlow()
			return tea.Batch(cmd, m.notify(views.LevelInfo, "cancelled; nothing changed"))
		case dialog.CopyCommand:
			return tea.Batch(cmd, tea.SetClipboard(f.act.Command(f.ident)), m.notify(views.LevelInfo, f.act.Tool()+" command copied to the clipboard"))
		case dialog.Confirmed:
			return tea.Batch(cmd, m.execute(f))
		}
		return cmd
	}
	return nil
}

func (m *Model) closeFlow() {
	m.actions.flow = nil
	m.over = overlayNone
}

// execute makes the one attempt of a confirmed action. The Cmd journals
// the outcome before it reports back, so the line is written even if the
// program ends before the message is handled.
func (m *Model) execute(f *actionFlow) tea.Cmd {
	m.closeFlow()
	a := f.act
	if f.epoch != m.epoch {
		return m.notify(views.LevelWarn, "the account or region changed; "+a.Title+" not sent")
	}
	if m.readOnly {
		return m.refuse(a, f.ident)
	}
	b, j, now, log := m.opt.Backend, m.journal(), m.opt.Now, m.opt.Log
	ident, epoch, screen, flow := f.ident, m.epoch, f.screen, f.id
	ctx, cancel := context.WithTimeout(m.ctx, a.Timeout(m.opt.CallTimeout))
	run := func() tea.Msg {
		defer cancel()
		out, err := a.Run(ctx, b)
		at := now()
		e := a.Entry(ident, "tui", out, err, at)
		action.Log(log, e)
		jerr := j.Append(e)
		return actionDoneMsg{flow: flow, epoch: epoch, ident: ident, act: a, out: out, err: err, journalErr: jerr, at: at, screen: screen}
	}
	return tea.Batch(run, m.notify(views.LevelInfo, a.Title+" · "+a.Resource.String()+" · sending…"))
}

// actionDone reports an outcome and refreshes what changed.
func (m *Model) actionDone(msg actionDoneMsg) tea.Cmd {
	a := msg.act
	rid := msg.out.Receipt.RequestID
	if rid == "" && msg.out.Invoke != nil {
		rid = msg.out.Invoke.RequestID
	}
	var cmds []tea.Cmd
	if msg.screen != 0 {
		cmds = append(cmds, m.routeScreenMsg(invokescreen.Result{ID: msg.screen, Out: msg.out, Err: msg.err}))
	}
	if msg.err != nil {
		text := "✗ " + a.Title + " · " + a.Resource.String() + ": " + providers.Short(msg.err)
		var pe *providers.Error
		if errors.As(msg.err, &pe) && pe.RequestID != "" {
			text += " · request " + pe.RequestID
		}
		if action.IsMismatch(msg.err) && rid != "" {
			text += " · request " + rid
		}
		if msg.journalErr != nil {
			text += " · " + msg.journalErr.Error()
		}
		cmds = append(cmds, m.notify(views.LevelError, text))
		if action.IsMismatch(msg.err) && msg.epoch == m.epoch {
			// Something did change: show what AWS holds now, without a
			// watch that would report the change as done.
			cmds = append(cmds, m.refetch(func(l *location) bool { return l.kind == kindFunctions || l.kind == kindServices }))
		}
		return tea.Batch(cmds...)
	}
	key := killKey(msg.ident, a.Resource.Function)
	switch a.Kind {
	case action.KillSwitch:
		if m.actions.killed == nil {
			m.actions.killed = map[string]string{}
		}
		m.actions.killed[key] = a.Before
	case action.KillSwitchRestore, action.ReservedSet, action.ReservedRemove:
		delete(m.actions.killed, key)
	}
	text := "✓ " + a.Title + " · " + a.Resource.String()
	if a.Before != "" || a.Kind != action.Invoke {
		text += " · " + orDash(a.Before) + " → " + a.After
	}
	if a.Kind == action.Publish && msg.out.Receipt.Result != "" {
		text = "✓ " + a.Title + " · " + a.Resource.String() + " · version " + msg.out.Receipt.Result
	}
	level := views.LevelInfo
	if inv := msg.out.Invoke; inv != nil && inv.FunctionError != "" {
		// The call worked, the function did not.
		text = "✗ " + a.Title + " · " + a.Resource.String() + " · function error " + inv.FunctionError
		level = views.LevelError
	}
	if rid != "" {
		text += " · request " + rid
	}
	if msg.journalErr != nil {
		text += " · " + msg.journalErr.Error()
		level = max(level, views.LevelWarn)
	}
	cmds = append(cmds, m.notify(level, text))
	if msg.epoch == m.epoch {
		cmds = append(cmds, m.watchAfter(msg), m.eksRefresh(a))
	}
	return tea.Batch(cmds...)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func killKey(id providers.Identity, fn string) string { return id.Account + "/" + id.Region + "/" + fn }

// actionOverlayView draws the open form or confirmation over the frame.
func (m *Model) actionOverlayView(lines []string) []string {
	f := m.actions.flow
	if f == nil {
		return lines
	}
	maxH := max(m.bodyHeight(), 3)
	var box []string
	switch f.stage {
	case stageForm:
		box = f.form.View(&m.km.Actions.Form, m.width, maxH)
	case stageConfirm:
		box = f.dlg.View(&m.km.Actions.Dialog, m.width, maxH)
	default:
		return lines
	}
	box = dialog.Center(box, m.width)
	top := 2 + max((m.bodyHeight()-len(box))/2, 0)
	return kit.Overlay(lines, box, top)
}
