package keymap

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Actions are the keys that change AWS state, and the keys of the screens
// and dialogs that lead to a change. Each action key opens a form or a
// confirmation; none acts at once, none sits on Enter or a ctrl-chord, and
// read-only mode disables them all.
type Actions struct {
	// On a function (table or detail).
	Invoke        key.Binding
	KillSwitch    key.Binding
	Concurrency   key.Binding
	Provisioned   key.Binding
	Configure     key.Binding
	Publish       key.Binding
	Alias         key.Binding
	AliasRollback key.Binding
	UpdateCode    key.Binding
	EventSource   key.Binding
	// On a service.
	Scale    key.Binding
	Redeploy key.Binding
	Rollback key.Binding
	// On a task.
	StopTask key.Binding
	// Exec opens a shell in the task's container (ECS Exec). It changes
	// no AWS state, but a shell can: read-only mode refuses it too.
	Exec key.Binding

	Editor  InvokeEditor
	Dialog  Dialog
	Form    Form
	Journal Journal
}

// InvokeEditor is the invoke screen outside the text editor.
type InvokeEditor struct {
	Edit      key.Binding
	Send      key.Binding
	Type      key.Binding
	Qualifier key.Binding
	Template  key.Binding
	History   key.Binding
	Raw       key.Binding
	Format    key.Binding
	Follow    key.Binding
	Up        key.Binding
	Down      key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	// StopEdit leaves the text editor (the only key the editor does not
	// keep for itself).
	StopEdit key.Binding
}

// Dialog is the confirmation of a change. Confirm works only while the
// Confirm button has focus, and focus starts on Cancel.
type Dialog struct {
	Next     key.Binding
	Prev     key.Binding
	Confirm  key.Binding
	Cancel   key.Binding
	Activate key.Binding
	Copy     key.Binding
}

// Form is the input form that asks for an action's values.
type Form struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding
	Cancel key.Binding
}

// Journal is the `:journal` screen.
type Journal struct {
	CopyRevert  key.Binding
	CopyCommand key.Binding
}

// defaultActions returns the default action bindings.
func defaultActions() Actions {
	return Actions{
		Invoke:        b([]string{"i"}, "i", "invoke…"),
		KillSwitch:    b([]string{"x"}, "x", "kill switch / restore…"),
		Concurrency:   b([]string{"c"}, "c", "reserved concurrency…"),
		Provisioned:   b([]string{"p"}, "p", "provisioned concurrency…"),
		Configure:     b([]string{"e"}, "e", "memory and timeout…"),
		Publish:       b([]string{"P"}, "P", "publish version…"),
		Alias:         b([]string{"a"}, "a", "point alias / canary…"),
		AliasRollback: b([]string{"A"}, "A", "roll back alias canary…"),
		UpdateCode:    b([]string{"u"}, "u", "update code…"),
		EventSource:   b([]string{"t"}, "t", "enable/disable trigger…"),
		Scale:         b([]string{"s"}, "s", "scale desired count…"),
		Redeploy:      b([]string{"r"}, "r", "force new deployment…"),
		Rollback:      b([]string{"R"}, "R", "roll back task definition…"),
		StopTask:      b([]string{"S"}, "S", "stop task…"),
		Exec:          b([]string{"x"}, "x", "shell in container (ECS Exec)"),
		Editor: InvokeEditor{
			Edit:      b([]string{"e", "i"}, "e", "edit payload"),
			Send:      b([]string{"s"}, "s", "send…"),
			Type:      b([]string{"t"}, "t", "invocation type"),
			Qualifier: b([]string{"v"}, "v", "version / alias"),
			Template:  b([]string{"T"}, "T", "event template"),
			History:   b([]string{"h"}, "h", "payload history"),
			Raw:       b([]string{"r"}, "r", "raw text on/off"),
			Format:    b([]string{"f"}, "f", "format JSON"),
			Follow:    b([]string{"L"}, "L", "follow request in logs"),
			Up:        b([]string{"k", "up"}, "k/↑", "scroll result"),
			Down:      b([]string{"j", "down"}, "j/↓", "scroll result"),
			PageUp:    b([]string{"pgup"}, "pgup", "page up"),
			PageDown:  b([]string{"pgdown"}, "pgdn", "page down"),
			StopEdit:  b([]string{"esc"}, "esc", "stop editing"),
		},
		Dialog: Dialog{
			Next:     b([]string{"tab", "right"}, "tab/→", "next"),
			Prev:     b([]string{"shift+tab", "left"}, "⇧tab/←", "previous"),
			Confirm:  b([]string{"y"}, "y", "confirm (on Confirm)"),
			Cancel:   b([]string{"esc", "n"}, "esc/n", "cancel"),
			Activate: b([]string{"enter"}, "enter", "press focused (never confirms)"),
			Copy:     b([]string{"c"}, "c", "copy aws command"),
		},
		Form: Form{
			Next:   b([]string{"tab", "down"}, "tab/↓", "next field"),
			Prev:   b([]string{"shift+tab", "up"}, "⇧tab/↑", "previous field"),
			Submit: b([]string{"enter"}, "enter", "review the change"),
			Cancel: b([]string{"esc"}, "esc", "cancel"),
		},
		Journal: Journal{
			CopyRevert:  b([]string{"y"}, "y", "copy revert command"),
			CopyCommand: b([]string{"c"}, "c", "copy aws command"),
		},
	}
}

// contexts lists the action contexts for overrides and the conflict check.
func (a *Actions) contexts() []Context {
	e, d, f := &a.Editor, &a.Dialog, &a.Form
	return []Context{
		{Name: "actions", Bindings: map[string]*key.Binding{
			"invoke": &a.Invoke, "kill_switch": &a.KillSwitch, "concurrency": &a.Concurrency,
			"provisioned": &a.Provisioned, "configure": &a.Configure, "publish": &a.Publish,
			"alias": &a.Alias, "alias_rollback": &a.AliasRollback, "update_code": &a.UpdateCode,
			"event_source": &a.EventSource, "scale": &a.Scale, "redeploy": &a.Redeploy,
			"rollback": &a.Rollback, "stop_task": &a.StopTask,
			"exec": &a.Exec,
		}},
		{Name: "invoke", Bindings: map[string]*key.Binding{
			"edit": &e.Edit, "send": &e.Send, "type": &e.Type, "qualifier": &e.Qualifier,
			"template": &e.Template, "history": &e.History, "raw": &e.Raw, "format": &e.Format,
			"follow": &e.Follow, "up": &e.Up, "down": &e.Down, "page_up": &e.PageUp, "page_down": &e.PageDown,
		}},
		{Name: "invoke_editor", Bindings: map[string]*key.Binding{"stop_edit": &e.StopEdit}},
		{Name: "dialog", Bindings: map[string]*key.Binding{
			"next": &d.Next, "prev": &d.Prev, "confirm": &d.Confirm, "cancel": &d.Cancel,
			"activate": &d.Activate, "copy": &d.Copy,
		}},
		{Name: "form", Bindings: map[string]*key.Binding{
			"next": &f.Next, "prev": &f.Prev, "submit": &f.Submit, "cancel": &f.Cancel,
		}},
		{Name: "journal", Bindings: map[string]*key.Binding{
			"copy_revert": &a.Journal.CopyRevert, "copy_command": &a.Journal.CopyCommand,
		}},
	}
}

// Mutating returns the bindings that start or confirm a change of AWS
// state, by config name. None may sit on Enter or a ctrl-chord: Enter is
// pressed out of habit and ctrl-chords are hit by accident.
func (km *KeyMap) Mutating() map[string]*key.Binding {
	out := map[string]*key.Binding{}
	for _, c := range km.Contexts() {
		if c.Name == "actions" {
			for n, b := range c.Bindings {
				out["actions."+n] = b
			}
		}
	}
	out["invoke.send"] = &km.Actions.Editor.Send
	out["dialog.confirm"] = &km.Actions.Dialog.Confirm
	return out
}

// checkMutating refuses a keymap whose mutating bindings use Enter or a
// ctrl-chord.
func (km *KeyMap) checkMutating() error {
	names := make([]string, 0)
	bs := km.Mutating()
	for n := range bs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, k := range bs[n].Keys() {
			if k == "enter" || strings.HasPrefix(k, "ctrl+") {
				return fmt.Errorf("key binding %q: %q may not start or confirm a change of AWS state (use a plain key)", n, k)
			}
		}
	}
	return nil
}
