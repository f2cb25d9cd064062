package tui

import (
	scr "github.com/virgahq/virga/tui/screen"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/invokescreen"
	"github.com/virgahq/virga/views"
)

// actionKeys returns the action bindings with each one enabled only where
// it can work: never in read-only mode, and only when the backend has the
// capability. It is the one place that hides actions; key handling, the
// status hints and help all read it.
func (m *Model) actionKeys() keymap.Actions {
	a := m.km.Actions
	b := m.opt.Backend
	_, scaler := b.(providers.ConcurrencyScaler)
	_, configurer := b.(providers.FunctionConfigurer)
	_, deployer := b.(providers.FunctionDeployer)
	_, invoker := b.(providers.Invoker)
	_, toggler := b.(providers.EventSourceToggler)
	_, updater := b.(providers.ServiceUpdater)
	_, lister := b.(providers.TaskDefinitionLister)
	_, stopper := b.(providers.TaskStopper)
	_, reader := b.(providers.FunctionReader)
	on := !m.readOnly
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
	a.Editor.Follow.SetEnabled(m.actions.follow != nil)
	return a
}

// actionBindingsFor lists the action keys of a resource view, for help.
func (m *Model) actionBindingsFor(k kind) []key.Binding {
	a := m.actionKeys()
	switch k {
	case kindFunctions:
		return []key.Binding{a.Invoke, a.KillSwitch, a.Concurrency, a.Provisioned, a.Configure, a.Publish,
			a.Alias, a.AliasRollback, a.UpdateCode, a.EventSource}
	case kindServices:
		return []key.Binding{a.Scale, a.Redeploy, a.Rollback}
	case kindTasks:
		return []key.Binding{a.StopTask}
	}
	return nil
}

// actionHelp is the help group of the visible view's actions; empty in
// read-only mode, where help lists no action at all.
func (m *Model) actionHelp() []views.HelpGroup {
	if m.top().scr != nil {
		return nil
	}
	bs := m.actionBindingsFor(m.top().kind)
	if len(bs) == 0 {
		return nil
	}
	return []views.HelpGroup{{Title: "Actions (confirmed)", Bindings: bs}}
}

// actionKey starts the action of an action key on the selection of the
// visible table (or its detail pane). It reports whether k was an action
// key.
func (m *Model) actionKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	l := m.top()
	if l.scr != nil {
		return nil, false
	}
	all := m.actionBindingsFor(l.kind)
	if m.readOnly {
		// The bindings are disabled; a press still gets an answer.
		for _, b := range all {
			if scr.Pressed(k, b) {
				text := "read-only mode: " + b.Help().Desc + " is disabled"
				if m.opt.ReadOnlyReason != "" {
					text += " · " + m.opt.ReadOnlyReason
				}
				return m.notify(views.LevelWarn, text), true
			}
		}
		return nil, false
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
	if m.identity.Account == "" {
		// Read-only defaults can depend on the account: nothing is
		// proposed before it is known.
		return m.notify(views.LevelWarn, "the account is not known yet; actions wait for it (retrying by itself)"), true
	}
	a := m.actionKeys()
	switch l.kind {
	case kindFunctions:
		r, ok := l.fns.Selected()
		if !ok {
			return nil, true
		}
		fn := r.Fn
		switch {
		case key.Matches(k, a.Invoke):
			return m.openInvoke(fn), true
		case key.Matches(k, a.KillSwitch):
			return m.startKillSwitch(fn.Name), true
		case key.Matches(k, a.Concurrency):
			return m.prepareConcurrency(fn.Name, formReserved), true
		case key.Matches(k, a.Provisioned):
			return m.prepareConcurrency(fn.Name, formProvisioned), true
		case key.Matches(k, a.Configure):
			return m.prepareFunction(fn.Name, formConfigure), true
		case key.Matches(k, a.Publish):
			return m.prepareFunction(fn.Name, formPublish), true
		case key.Matches(k, a.Alias):
			return m.prepareFunction(fn.Name, formAlias), true
		case key.Matches(k, a.AliasRollback):
			return m.prepareFunction(fn.Name, proposeAliasRollback), true
		case key.Matches(k, a.UpdateCode):
			return m.prepareFunction(fn.Name, formCode), true
		case key.Matches(k, a.EventSource):
			return m.prepareFunction(fn.Name, proposeEventSource), true
		}
	case kindServices:
		s, ok := l.services.Selected()
		if !ok {
			return nil, true
		}
		switch {
		case key.Matches(k, a.Scale):
			return m.formScale(s), true
		case key.Matches(k, a.Redeploy):
			return m.proposeRedeploy(s), true
		case key.Matches(k, a.Rollback):
			return m.prepareRollback(s), true
		}
	case kindTasks:
		t, ok := l.tasks.Selected()
		if !ok {
			return nil, true
		}
		if key.Matches(k, a.StopTask) {
			return m.formStopTask(t), true
		}
	}
	return nil, true
}

// openInvoke pushes the invoke screen of fn.
func (m *Model) openInvoke(fn providers.Function) tea.Cmd {
	return m.pushScreen(func(id int) screen {
		return invokescreen.New(host{m}, id, fn)
	})
}

// payloads is the invoke screen's history store.
func (m *Model) payloads() *invoke.History {
	if m.opt.Payloads == nil {
		m.opt.Payloads = invoke.OpenHistory("")
	}
	return m.opt.Payloads
}
