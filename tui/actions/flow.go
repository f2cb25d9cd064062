package actions

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/kit"
)

// The action pipeline. Every change virga makes goes through it, in this
// order, and nothing else calls action.Run:
//
//  1. a key (or the invoke screen) starts a flow; bindings are disabled in
//     read-only mode (Keys), and a refused key says why;
//  2. the current state is read fresh when the change depends on it, and a
//     form asks for the values;
//  3. openConfirm refuses in read-only mode (journaled), else shows the
//     confirmation: account, region, profile, resource, before -> after,
//     the aws command; a typed name for destructive changes;
//  4. execute checks read-only mode again and makes one attempt in a Cmd,
//     which also appends the journal line;
//  5. done reports the outcome with the request id in the status line
//     and starts a targeted refresh (a watch) of what changed.

// Pipeline is the action state of one program: the flow in progress,
// the kill switches to undo, the watches of changes settling.
type Pipeline struct {
	host Host
	flow *flow
	// killed remembers, per account, region and function, the reserved
	// concurrency before a kill switch; the journal keeps it across runs.
	killed  map[string]string
	watches []*watch
}

// New returns an idle pipeline.
func New(h Host) *Pipeline { return &Pipeline{host: h} }

// flowStage is where an action flow is.
type flowStage uint8

const (
	stageLoading flowStage = iota // reading the current state
	stageForm
	stageConfirm
)

// flow is one action between its key and its execution.
type flow struct {
	id    int
	stage flowStage
	// ident and epoch are the account the flow started on: a profile or
	// region switch before confirming abandons the flow.
	ident providers.Identity
	epoch int
	// then continues the flow with freshly read state (stageLoading).
	then func(p prepared) tea.Cmd
	// form and submit ask for values (stageForm).
	form   *dialog.Form
	submit func(values []string) (action.Action, error)
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

type (
	// preparedMsg carries the state a flow read.
	preparedMsg struct {
		flow int
		p    prepared
	}
	// doneMsg is the outcome of one attempt, journaled already.
	doneMsg struct {
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
	// refusedMsg says a refusal was journaled (or could not be).
	refusedMsg struct {
		act        action.Action
		journalErr error
	}
)

// Msg marks the messages of the action pipeline, so the root routes them
// to Update with one case.
type Msg interface{ isActionMsg() }

func (preparedMsg) isActionMsg()    {}
func (doneMsg) isActionMsg()        {}
func (refusedMsg) isActionMsg()     {}
func (watchDueMsg) isActionMsg()    {}
func (watchPolledMsg) isActionMsg() {}

// Update handles the pipeline's messages.
func (p *Pipeline) Update(msg Msg) tea.Cmd {
	switch msg := msg.(type) {
	case preparedMsg:
		return p.prepared(msg)
	case doneMsg:
		return p.done(msg)
	case refusedMsg:
		if msg.journalErr != nil {
			return p.host.Notify(views.LevelError, "read-only: refused; journal: "+msg.journalErr.Error())
		}
		return nil
	case watchDueMsg:
		return p.watchDue(msg)
	case watchPolledMsg:
		return p.watchPolled(msg)
	}
	return nil
}

// newFlow starts a flow, abandoning any unfinished one.
func (p *Pipeline) newFlow() *flow {
	f := &flow{id: p.host.Gen(), ident: p.host.Identity(), epoch: p.host.Epoch()}
	p.flow = f
	p.host.SetOverlay(false)
	return f
}

// prepareFunction reads a function fresh, then continues the flow: the
// before values of a confirmation must not be a stale cache.
func (p *Pipeline) prepareFunction(name string, then func(d providers.FunctionDetail) tea.Cmd) tea.Cmd {
	return p.prepareFunctionRoom(name, false, func(d providers.FunctionDetail, _ action.Room) tea.Cmd { return then(d) })
}

// prepareConcurrency reads a function and the account's concurrency pool
// fresh: a count is bounded by both.
func (p *Pipeline) prepareConcurrency(name string, then func(d providers.FunctionDetail, room action.Room) tea.Cmd) tea.Cmd {
	return p.prepareFunctionRoom(name, true, then)
}

func (p *Pipeline) prepareFunctionRoom(name string, withRoom bool, then func(d providers.FunctionDetail, room action.Room) tea.Cmd) tea.Cmd {
	h := p.host
	r, ok := h.Backend().(providers.FunctionReader)
	if !ok {
		return h.Notify(views.LevelWarn, "this backend cannot read functions")
	}
	ar, _ := h.Backend().(providers.AccountReader)
	f := p.newFlow()
	f.stage = stageLoading
	f.then = func(pr prepared) tea.Cmd {
		if pr.err != nil {
			return h.Notify(views.LevelError, "could not read "+name+": "+providers.Short(pr.err))
		}
		h.StoreDetail(name, pr.detail, h.Now())
		return then(pr.detail, pr.room)
	}
	id := f.id
	ctx, cancel := h.CallCtx()
	return tea.Batch(h.Notify(views.LevelInfo, "reading "+name+"…"), func() tea.Msg {
		defer cancel()
		d, err := r.GetFunction(ctx, name)
		pr := prepared{detail: d, err: err}
		if err == nil && withRoom && ar != nil {
			// Without the pool, only the API's bounds apply: AWS judges.
			if st, err := ar.AccountSettings(ctx); err == nil {
				pr.room = action.RoomOf(st)
			}
		}
		return preparedMsg{flow: id, p: pr}
	})
}

func (p *Pipeline) prepared(msg preparedMsg) tea.Cmd {
	f := p.flow
	if f == nil || f.id != msg.flow || f.stage != stageLoading || f.epoch != p.host.Epoch() {
		return nil
	}
	p.flow = nil
	p.host.ClearStatus()
	return f.then(msg.p)
}

// openForm asks for an action's values.
func (p *Pipeline) openForm(title, sub string, fields []dialog.Field, submit func(values []string) (action.Action, error)) tea.Cmd {
	f := p.flow
	if f == nil || f.stage != stageLoading {
		f = p.newFlow()
	}
	p.flow = f
	f.stage = stageForm
	f.form = dialog.NewForm(p.host.Styles(), title, sub, fields)
	f.submit = submit
	p.host.SetOverlay(true)
	return nil
}

// Form asks for the values of an action built by submit, then confirms
// it: the EKS screens' forms.
func (p *Pipeline) Form(title, sub string, fields []dialog.Field, submit func(values []string) (action.Action, error)) tea.Cmd {
	p.newFlow()
	return p.openForm(title, sub, fields, submit)
}

// Propose opens the confirmation of a, unless read-only mode refuses it.
func (p *Pipeline) Propose(a action.Action) tea.Cmd {
	f := p.flow
	if f == nil || f.stage == stageConfirm {
		f = p.newFlow()
	}
	return p.openConfirm(f, a)
}

// ProposeInvoke opens the confirmation of an invocation asked for by the
// invoke screen; the outcome goes back to it (Host.InvokeResult).
func (p *Pipeline) ProposeInvoke(screen int, req providers.InvokeRequest) tea.Cmd {
	f := p.newFlow()
	f.screen = screen
	return p.openConfirm(f, action.InvokeFunction(req))
}

func (p *Pipeline) openConfirm(f *flow, a action.Action) tea.Cmd {
	h := p.host
	if h.ReadOnly() {
		p.close()
		return p.refuse(a, f.ident)
	}
	if !a.Supported(h.Backend()) {
		p.close()
		return h.Notify(views.LevelWarn, a.Title+": not supported by this backend")
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
	f.dlg = dialog.NewConfirm(h.Styles(), c, h.Now())
	p.flow = f
	h.SetOverlay(true)
	return nil
}

// Confirming says a confirmation is open.
func (p *Pipeline) Confirming() bool { return p.flow != nil && p.flow.stage == stageConfirm }

// refuse says no to an action in read-only mode and journals the refusal
// under the account the action was meant for.
func (p *Pipeline) refuse(a action.Action, id providers.Identity) tea.Cmd {
	h := p.host
	j, e := h.Journal(), a.Refusal(id, "tui", h.Now())
	action.Log(h.Log(), e)
	save := func() tea.Msg { return refusedMsg{act: a, journalErr: j.Append(e)} }
	return tea.Batch(save, h.Notify(views.LevelWarn, "read-only mode: "+a.Title+" refused ("+a.Resource.String()+")"))
}

// OverlayKey handles keys while a form or confirmation is open.
func (p *Pipeline) OverlayKey(msg tea.Msg) tea.Cmd {
	f, h := p.flow, p.host
	if f == nil {
		h.SetOverlay(false)
		return nil
	}
	ak := &h.Keys().Actions
	switch f.stage {
	case stageForm:
		res, cmd := f.form.Update(msg, &ak.Form)
		switch res {
		case dialog.FormCancelled:
			p.close()
			return tea.Batch(cmd, h.Notify(views.LevelInfo, "cancelled; nothing changed"))
		case dialog.FormSubmitted:
			a, err := f.submit(f.form.Values())
			if err != nil {
				f.form.SetError(err.Error())
				return cmd
			}
			return tea.Batch(cmd, p.openConfirm(f, a))
		}
		return cmd
	case stageConfirm:
		res, cmd := f.dlg.Update(msg, &ak.Dialog, h.Now())
		switch res {
		case dialog.Cancelled:
			p.close()
			return tea.Batch(cmd, h.Notify(views.LevelInfo, "cancelled; nothing changed"))
		case dialog.CopyCommand:
			return tea.Batch(cmd, tea.SetClipboard(f.act.Command(f.ident)), h.Notify(views.LevelInfo, f.act.Tool()+" command copied to the clipboard"))
		case dialog.Confirmed:
			return tea.Batch(cmd, p.execute(f))
		}
		return cmd
	}
	return nil
}

func (p *Pipeline) close() {
	p.flow = nil
	p.host.SetOverlay(false)
}

// View draws the open form or confirmation over lines, the frame of
// width columns whose body (below the two header lines) is bodyH high.
func (p *Pipeline) View(lines []string, width, bodyH int) []string {
	f := p.flow
	if f == nil {
		return lines
	}
	maxH := max(bodyH, 3)
	ak := &p.host.Keys().Actions
	var box []string
	switch f.stage {
	case stageForm:
		box = f.form.View(&ak.Form, width, maxH)
	case stageConfirm:
		box = f.dlg.View(&ak.Dialog, width, maxH)
	default:
		return lines
	}
	box = dialog.Center(box, width)
	top := 2 + max((bodyH-len(box))/2, 0)
	return kit.Overlay(lines, box, top)
}
