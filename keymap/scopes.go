package keymap

import (
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
)

// Scope is a set of bindings that are active at the same time, named by
// where: a key may mean only one of them there. Contexts group bindings
// for the config file; scopes say which contexts (or parts of them) the
// TUI checks together, so an override that would silently shadow another
// key (metrics.open on d, the list's detail toggle) is refused.
type Scope struct {
	Name string
	// Bindings maps "context.action" to the binding.
	Bindings map[string]*key.Binding
}

// Lambda, service and task actions are offered on their own tables only.
var (
	lambdaActions = []string{"invoke", "kill_switch", "concurrency", "provisioned", "configure", "publish",
		"alias", "alias_rollback", "update_code", "event_source"}
	serviceActions = []string{"scale", "redeploy", "rollback"}
	taskActions    = []string{"stop_task", "exec"}
	scrollKeys     = []string{"up", "down", "page_up", "page_down", "top", "bottom"}
	// The EKS screens reuse the ECS and Lambda action keys for a pod:
	// kill_switch deletes it, scale and redeploy act on its deployment.
	podActions = []string{"kill_switch", "scale", "redeploy"}
	// eksList is what the EKS tables answer of the list keys.
	eksList = append([]string{"open", "filter", "sort_next", "sort_reverse"}, scrollKeys...)
)

// Scopes lists where bindings are active together, as the TUI routes
// keys: a screen or an overlay gets a key first, the global bindings get
// what it leaves, and a resource table offers its actions, the log and
// metrics openers and the list keys at once (the detail pane its actions
// and the detail keys). The EKS screens (tui/eks) answer the keys listed
// for them here.
func (km *KeyMap) Scopes() []Scope {
	byCtx := map[string]map[string]*key.Binding{}
	for _, c := range km.Contexts() {
		byCtx[c.Name] = c.Bindings
	}
	// pick takes the named actions of a context, or all of them.
	pick := func(into map[string]*key.Binding, ctx string, actions ...string) {
		bs := byCtx[ctx]
		if len(actions) == 0 {
			for a, b := range bs {
				into[ctx+"."+a] = b
			}
			return
		}
		for _, a := range actions {
			into[ctx+"."+a] = bs[a]
		}
	}
	scope := func(name string, parts ...func(map[string]*key.Binding)) Scope {
		s := Scope{Name: name, Bindings: map[string]*key.Binding{}}
		for _, p := range parts {
			p(s.Bindings)
		}
		return s
	}
	all := func(ctx string) func(map[string]*key.Binding) {
		return func(m map[string]*key.Binding) { pick(m, ctx) }
	}
	some := func(ctx string, actions ...string) func(map[string]*key.Binding) {
		return func(m map[string]*key.Binding) { pick(m, ctx, actions...) }
	}
	return []Scope{
		scope("the functions table", all("global"), all("list"), some("actions", lambdaActions...),
			some("logs", "open", "invocations"), some("metrics", "open", "window")),
		scope("the services table", all("global"), all("list"), some("actions", serviceActions...),
			some("logs", "open"), some("metrics", "open")),
		scope("the tasks table", all("global"), all("list"), some("actions", taskActions...),
			some("logs", "open"), some("metrics", "open")),
		scope("the functions detail pane", all("global"), all("detail"), some("actions", lambdaActions...)),
		scope("the services detail pane", all("global"), all("detail"), some("actions", serviceActions...)),
		scope("the tasks detail pane", all("global"), all("detail"), some("actions", taskActions...)),
		scope("a log pane", all("global"), some("logs", append(scrollKeys, "invocations", "pause", "filter",
			"filter_mode", "only_matching", "server_filter", "since", "older", "expand", "json", "request",
			"source", "timestamps", "wrap", "mark", "copy", "save", "save_all")...)),
		scope("the invocations screen", all("global"), some("logs", append(scrollKeys, "expand")...)),
		scope("a metrics screen", all("global"), some("metrics", "wider", "narrower", "window"), some("detail", scrollKeys...)),
		scope("the invoke screen", all("global"), all("invoke")),
		scope("the invoke editor", all("invoke_editor")),
		scope("the journal", all("global"), some("list", scrollKeys...), all("journal")),
		scope("the EKS clusters and profiles tables", all("global"), some("list", eksList...)),
		scope("the EKS pods table", all("global"), some("list", eksList...), some("logs", "open"), some("actions", podActions...)),
		scope("the EKS pod detail", all("global"), some("detail", scrollKeys...), some("logs", "open"), some("actions", podActions...)),
		scope("a pod's log pane", all("global"), some("logs", append(scrollKeys, "pause", "source", "wrap", "timestamps",
			"json", "since", "open")...)),
		scope("a text input", all("input")),
		scope("the help screen", all("help")),
		// The raw view closes with the help screen's keys and scrolls as
		// the detail pane does.
		scope("the raw view", all("raw"), all("help"), some("detail", scrollKeys...)),
		scope("a confirmation", all("dialog")),
		scope("a form", all("form")),
	}
}

// Conflicts reports the first key bound twice within one scope.
func (km *KeyMap) Conflicts() error {
	for _, s := range km.Scopes() {
		names := make([]string, 0, len(s.Bindings))
		for n := range s.Bindings {
			names = append(names, n)
		}
		sort.Strings(names)
		seen := map[string]string{}
		for _, n := range names {
			for _, k := range s.Bindings[n].Keys() {
				if prev, dup := seen[k]; dup {
					return fmt.Errorf("key %q is bound twice in %s: %s and %s", k, s.Name, prev, n)
				}
				seen[k] = n
			}
		}
	}
	return nil
}
