// Package keymap declares every key binding of virga, grouped by the
// context in which it is active, and applies user overrides from the
// config file. It imports only bubbles/key, so any package can depend on it.
//
// Rule kept by the tests: nothing that changes AWS state is bound to Enter
// or to a ctrl-chord, and no key is bound twice among the bindings that are
// active together (see Scopes).
package keymap

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Global bindings work everywhere except inside text inputs and dialogs.
type Global struct {
	Quit      key.Binding
	Help      key.Binding
	Palette   key.Binding
	Back      key.Binding
	Refresh   key.Binding
	Functions key.Binding
	Clusters  key.Binding
	Services  key.Binding
	Tasks     key.Binding
	// Pods is EKS's pods (on Fargate or waiting for it), of every cluster.
	Pods key.Binding
	// Message opens the last warning or error in full.
	Message key.Binding
}

// Scroll is Nav as List, Detail and Logs embed it, so that km.List.Up
// reads as a field while Nav() hands the six out together (a type cannot
// have both a field and a method named Nav).
type Scroll = Nav

// List bindings move through and shape a resource table.
type List struct {
	Scroll
	Open       key.Binding
	Filter     key.Binding
	SortNext   key.Binding
	SortRev    key.Binding
	Detail     key.Binding
	Raw        key.Binding
	FocusPane  key.Binding
	ClearQuery key.Binding
}

// Detail bindings scroll the detail pane and reveal secrets one at a time.
type Detail struct {
	Scroll
	Reveal key.Binding
	Wrap   key.Binding
	Focus  key.Binding
}

// Input bindings are used by the filter line and the command palette.
type Input struct {
	Accept   key.Binding
	Cancel   key.Binding
	Complete key.Binding
	Next     key.Binding
	Prev     key.Binding
}

// Help bindings close the help screen.
type Help struct {
	Close key.Binding
}

// KeyMap is every binding, grouped by context.
type KeyMap struct {
	Global Global
	List   List
	Detail Detail
	Input  Input
	Help   Help
	Logs   Logs
	// Metrics opens the metrics screens and changes their range.
	Metrics Metrics
	// Actions are the keys that change AWS state and their dialogs.
	Actions Actions
	// Raw works in the raw view of a resource.
	Raw Raw
}

// Logs bindings open the log and invocations screens from a resource
// table (Open, Invocations) and work inside them. None changes AWS state.
type Logs struct {
	// Open and Invocations are active in the resource tables.
	Open        key.Binding
	Invocations key.Binding

	Scroll
	Pause        key.Binding
	Filter       key.Binding
	FilterMode   key.Binding
	OnlyMatching key.Binding
	Server       key.Binding
	Since        key.Binding
	Older        key.Binding
	Expand       key.Binding
	JSON         key.Binding
	Request      key.Binding
	Source       key.Binding
	Stamps       key.Binding
	Wrap         key.Binding
	Mark         key.Binding
	Copy         key.Binding
	Save         key.Binding
	SaveAll      key.Binding
}

// Metrics bindings open the metrics screens and change their time range.
// Open and Window act on the resource tables (functions, services); Wider
// and Narrower act inside the metrics screens, which scroll with the
// detail bindings.
type Metrics struct {
	Open     key.Binding
	Window   key.Binding
	Wider    key.Binding
	Narrower key.Binding
}

// Raw bindings work in the raw view of a resource (the API's document):
// copy what identifies it and search its text. None changes AWS state.
type Raw struct {
	CopyARN  key.Binding
	CopyName key.Binding
	Console  key.Binding
	Search   key.Binding
	Next     key.Binding
	Prev     key.Binding
}

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

// Context is one named group of bindings, for overrides, help and tests.
type Context struct {
	Name     string
	Bindings map[string]*key.Binding
}

// Apply replaces the keys of the named bindings. Names are
// "<context>.<action>" as listed by Contexts. It rejects unknown names,
// empty key lists and results that bind a key twice in one context,
// leaving km unchanged on error.
func (km *KeyMap) Apply(overrides map[string][]string) error {
	if len(overrides) == 0 {
		return nil
	}
	trial := *km
	ctxs := trial.Contexts()
	index := map[string]*key.Binding{}
	for _, c := range ctxs {
		for action, bind := range c.Bindings {
			index[c.Name+"."+action] = bind
		}
	}
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		bind, ok := index[n]
		if !ok {
			return fmt.Errorf("unknown key binding %q (known: %s)", n, strings.Join(knownNames(index), ", "))
		}
		keys := overrides[n]
		if len(keys) == 0 {
			return fmt.Errorf("key binding %q: no keys given", n)
		}
		bind.SetKeys(keys...)
		bind.SetHelp(keys[0], bind.Help().Desc)
	}
	if err := trial.checkMutating(); err != nil {
		return err
	}
	if err := trial.Conflicts(); err != nil {
		return err
	}
	*km = trial
	return nil
}

func knownNames(index map[string]*key.Binding) []string {
	out := make([]string, 0, len(index))
	for n := range index {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
