package actions

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// execute makes the one attempt of a confirmed action. The Cmd journals
// the outcome before it reports back, so the line is written even if the
// program ends before the message is handled.
func (p *Pipeline) execute(f *flow) tea.Cmd {
	h := p.host
	p.close()
	a := f.act
	if f.epoch != h.Epoch() {
		return h.Notify(views.LevelWarn, "the account or region changed; "+a.Title+" not sent")
	}
	if h.ReadOnly() {
		return p.refuse(a, f.ident)
	}
	b, j, now, log := h.Backend(), h.Journal(), h.Clock(), h.Log()
	ident, epoch, screen, flow := f.ident, h.Epoch(), f.screen, f.id
	ctx, cancel := context.WithTimeout(h.Context(), a.Timeout(h.CallTimeout()))
	run := func() tea.Msg {
		defer cancel()
		out, err := a.Run(ctx, b)
		at := now()
		e := a.Entry(ident, "tui", out, err, at)
		action.Log(log, e)
		jerr := j.Append(e)
		return doneMsg{flow: flow, epoch: epoch, ident: ident, act: a, out: out, err: err, journalErr: jerr, at: at, screen: screen}
	}
	return tea.Batch(run, h.Notify(views.LevelInfo, a.Title+" · "+a.Resource.String()+" · sending…"))
}

// done reports an outcome and refreshes what changed.
func (p *Pipeline) done(msg doneMsg) tea.Cmd {
	h := p.host
	a := msg.act
	rid := msg.out.Receipt.RequestID
	if rid == "" && msg.out.Invoke != nil {
		rid = msg.out.Invoke.RequestID
	}
	var cmds []tea.Cmd
	if msg.screen != 0 {
		cmds = append(cmds, h.InvokeResult(msg.screen, msg.out, msg.err))
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
		cmds = append(cmds, h.Notify(views.LevelError, text))
		if action.IsMismatch(msg.err) && msg.epoch == h.Epoch() {
			// Something did change: show what AWS holds now, without a
			// watch that would report the change as done.
			cmds = append(cmds, h.RefreshResources())
		}
		return tea.Batch(cmds...)
	}
	key := killKey(msg.ident, a.Resource.Function)
	switch a.Kind {
	case action.KillSwitch:
		if p.killed == nil {
			p.killed = map[string]string{}
		}
		p.killed[key] = a.Before
	case action.KillSwitchRestore, action.ReservedSet, action.ReservedRemove:
		delete(p.killed, key)
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
	cmds = append(cmds, h.Notify(level, text))
	if msg.epoch == h.Epoch() {
		cmds = append(cmds, p.watchAfter(msg), h.Changed(a))
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
