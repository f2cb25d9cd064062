package actions

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/screen"
	"github.com/virgahq/virga/views"
)

// Keys returns the action bindings with each one enabled only where it
// can work: never in read-only mode, and only when the backend has the
// capability. It is the one place that hides actions; key handling, the
// status hints and help all read it.
func (p *Pipeline) Keys() keymap.Actions {
	h := p.host
	a := h.Keys().Actions
	b := h.Backend()
	_, scaler := b.(providers.ConcurrencyScaler)
	_, configurer := b.(providers.FunctionConfigurer)
	_, deployer := b.(providers.FunctionDeployer)
	_, invoker := b.(providers.Invoker)
	_, toggler := b.(providers.EventSourceToggler)
	_, updater := b.(providers.ServiceUpdater)
	_, lister := b.(providers.TaskDefinitionLister)
	_, stopper := b.(providers.TaskStopper)
	_, reader := b.(providers.FunctionReader)
	on := !h.ReadOnly()
	set := func(k *key.Binding, ok bool) { k.SetEnabled(on && ok) }
	set(&a.Invoke, invoker)
	set(&a.KillSwitch, scaler && reader)
	set(&a.Concurrency, scaler && reader)
	set(&a.Provisioned, scaler && reader)
	set(&a.Configure, configurer && reader)
	set(&a.Publish, deployer && reader)
	set(&a.Alias, deployer && reader)
	set(&a.AliasRollback, deployer && reader)
	set(&a.UpdateCode, deployer && reader)
	set(&a.EventSource, toggler && reader)
	set(&a.Scale, updater)
	set(&a.Redeploy, updater)
	set(&a.Rollback, updater && lister)
	set(&a.StopTask, stopper)
	set(&a.Editor.Send, invoker)
	a.Editor.Follow.SetEnabled(h.CanFollow())
	return a
}

// Table is the kind of rows a resource table lists, for its action keys.
type Table uint8

const (
	// NoActions is a table whose rows have no action.
	NoActions Table = iota
	Functions
	Services
	Tasks
)

// Selection is the visible table and its selected row, if any: the
// Function, Service or Task that matches Table.
type Selection struct {
	Table    Table
	Function *providers.Function
	Service  *providers.Service
	Task     *providers.Task
}

// Bindings lists the action keys of a table, for help.
func (p *Pipeline) Bindings(t Table) []key.Binding {
	a := p.Keys()
	switch t {
	case Functions:
		return []key.Binding{a.Invoke, a.KillSwitch, a.Concurrency, a.Provisioned, a.Configure, a.Publish,
			a.Alias, a.AliasRollback, a.UpdateCode, a.EventSource}
	case Services:
		return []key.Binding{a.Scale, a.Redeploy, a.Rollback}
	case Tasks:
		return []key.Binding{a.StopTask}
	}
	return nil
}

// Help is the help group of a table's actions; empty in read-only mode,
// where help lists no action at all.
func (p *Pipeline) Help(t Table) []views.HelpGroup {
	bs := p.Bindings(t)
	if len(bs) == 0 {
		return nil
	}
	return []views.HelpGroup{{Title: "Actions (confirmed)", Bindings: bs}}
}

// Disabled answers a press of one of bs in read-only mode, where every
// action key is disabled (help lists none): the status line says why,
// and nothing is proposed, so nothing is journaled. Every screen's action
// keys (Lambda, ECS, ECS Exec, EKS) answer through it. It reports whether
// k was one of bs.
func (p *Pipeline) Disabled(k tea.KeyPressMsg, bs ...key.Binding) (tea.Cmd, bool) {
	h := p.host
	if !h.ReadOnly() {
		return nil, false
	}
	for _, b := range bs {
		if screen.Pressed(k, b) {
			text := "read-only mode: " + b.Help().Desc + " is disabled"
			if r := h.ReadOnlyReason(); r != "" {
				text += " · " + r
			}
			return h.Notify(views.LevelWarn, text), true
		}
	}
	return nil, false
}

// Key starts the action of an action key on the selection. It reports
// whether k was an action key.
func (p *Pipeline) Key(k tea.KeyPressMsg, sel Selection) (tea.Cmd, bool) {
	h := p.host
	all := p.Bindings(sel.Table)
	if h.ReadOnly() {
		return p.Disabled(k, all...)
	}
	matched := false
	for _, b := range all {
		if key.Matches(k, b) {
			matched = true
		}
	}
	if !matched {
		return nil, false
	}
	if h.Identity().Account == "" {
		// Read-only defaults can depend on the account: nothing is
		// proposed before it is known.
		return h.Notify(views.LevelWarn, "the account is not known yet; actions wait for it (retrying by itself)"), true
	}
	for _, r := range p.routes(sel) {
		if key.Matches(k, r.b) {
			return r.run(), true
		}
	}
	return nil, true
}

// route is an action key and what it starts on the selection.
type route struct {
	b   key.Binding
	run func() tea.Cmd
}

// routes are the action keys of the selected row and what each starts:
// an invocation, a form, or a read of the function's configuration that
// a form or confirmation then starts from.
func (p *Pipeline) routes(sel Selection) []route {
	a, h := p.Keys(), p.host
	switch {
	case sel.Table == Functions && sel.Function != nil:
		fn := *sel.Function
		prep := func(then func(providers.FunctionDetail) tea.Cmd) func() tea.Cmd {
			return func() tea.Cmd { return p.prepareFunction(fn.Name, then) }
		}
		room := func(then func(providers.FunctionDetail, action.Room) tea.Cmd) func() tea.Cmd {
			return func() tea.Cmd { return p.prepareConcurrency(fn.Name, then) }
		}
		return []route{
			{a.Invoke, func() tea.Cmd { return h.OpenInvoke(fn) }},
			{a.KillSwitch, func() tea.Cmd { return p.startKillSwitch(fn.Name) }},
			{a.Concurrency, room(p.formReserved)}, {a.Provisioned, room(p.formProvisioned)},
			{a.Configure, prep(p.formConfigure)}, {a.Publish, prep(p.formPublish)}, {a.Alias, prep(p.formAlias)},
			{a.AliasRollback, prep(p.proposeAliasRollback)}, {a.UpdateCode, prep(p.formCode)},
			{a.EventSource, prep(p.proposeEventSource)},
		}
	case sel.Table == Services && sel.Service != nil:
		s := *sel.Service
		return []route{
			{a.Scale, func() tea.Cmd { return p.formScale(s) }},
			{a.Redeploy, func() tea.Cmd { return p.Propose(action.Redeploy(s)) }},
			{a.Rollback, func() tea.Cmd { return p.prepareRollback(s) }},
		}
	case sel.Table == Tasks && sel.Task != nil:
		t := *sel.Task
		return []route{{a.StopTask, func() tea.Cmd { return p.formStopTask(t) }}}
	}
	return nil
}
