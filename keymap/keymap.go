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

// b builds one binding: the keys it answers to, the key shown in help and
// what it does.
func b(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// scroll returns the default movement keys; only the help texts differ
// between contexts.
func scroll(up, down, top, bottom string) Scroll {
	return Scroll{
		Up:       b([]string{"k", "up"}, "k/↑", up),
		Down:     b([]string{"j", "down"}, "j/↓", down),
		PageUp:   b([]string{"pgup", "ctrl+b", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+f", "ctrl+d"}, "pgdn", "page down"),
		Top:      b([]string{"g", "home"}, "g", top),
		Bottom:   b([]string{"G", "end"}, "G", bottom),
	}
}

// bindings adds the six movement bindings to a context's map under the
// names the config file uses ("list.page_up").
func (s *Scroll) bindings(m map[string]*key.Binding) map[string]*key.Binding {
	m["up"], m["down"], m["top"], m["bottom"] = &s.Up, &s.Down, &s.Top, &s.Bottom
	m["page_up"], m["page_down"] = &s.PageUp, &s.PageDown
	return m
}

// Default returns a fresh KeyMap with the default bindings.
func Default() KeyMap {
	return KeyMap{
		Global: Global{
			Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
			Help:      b([]string{"?"}, "?", "help"),
			Palette:   b([]string{":"}, ":", "command"),
			Back:      b([]string{"esc"}, "esc", "back"),
			Refresh:   b([]string{"ctrl+r"}, "ctrl+r", "refresh now"),
			Functions: b([]string{"1"}, "1", "functions"),
			Clusters:  b([]string{"2"}, "2", "clusters"),
			Services:  b([]string{"3"}, "3", "services"),
			Tasks:     b([]string{"4"}, "4", "tasks"),
			Pods:      b([]string{"5"}, "5", "eks pods"),
			Message:   b([]string{"!"}, "!", "last error in full"),
		},
		List: List{
			Scroll:     scroll("up", "down", "top", "bottom"),
			Open:       b([]string{"enter"}, "enter", "open"),
			Filter:     b([]string{"/"}, "/", "filter"),
			SortNext:   b([]string{"o"}, "o", "sort column"),
			SortRev:    b([]string{"O"}, "O", "reverse sort"),
			Detail:     b([]string{"d"}, "d", "toggle detail"),
			Raw:        b([]string{"y"}, "y", "raw JSON, ARN, console URL"),
			FocusPane:  b([]string{"tab"}, "tab", "focus detail"),
			ClearQuery: b([]string{"backspace"}, "bksp", "clear filter"),
		},
		Detail: Detail{
			Scroll: scroll("scroll up", "scroll down", "top", "bottom"),
			Reveal: b([]string{"v"}, "v", "reveal next secret"),
			Wrap:   b([]string{"w"}, "w", "wrap long values"),
			Focus:  b([]string{"tab"}, "tab", "focus table"),
		},
		Input: Input{
			Accept:   b([]string{"enter"}, "enter", "accept"),
			Cancel:   b([]string{"esc"}, "esc", "cancel"),
			Complete: b([]string{"tab"}, "tab", "complete"),
			Next:     b([]string{"down", "ctrl+n"}, "↓", "next"),
			Prev:     b([]string{"up", "ctrl+p"}, "↑", "previous"),
		},
		Help: Help{
			Close: b([]string{"esc", "?", "q"}, "esc", "close help"),
		},
		Logs:    DefaultLogs(),
		Metrics: defaultMetrics(),
		Actions: defaultActions(),
		Raw:     defaultRaw(),
	}
}

// Context is one named group of bindings, for overrides, help and tests.
type Context struct {
	Name     string
	Bindings map[string]*key.Binding
}

// Contexts returns every context with pointers into km, so overrides can
// be applied in place. Names are stable: they are what users write in the
// config file ("list.down", "global.quit").
func (km *KeyMap) Contexts() []Context {
	return append([]Context{
		{Name: "global", Bindings: map[string]*key.Binding{
			"quit": &km.Global.Quit, "help": &km.Global.Help, "palette": &km.Global.Palette,
			"back": &km.Global.Back, "refresh": &km.Global.Refresh, "functions": &km.Global.Functions,
			"clusters": &km.Global.Clusters, "services": &km.Global.Services, "tasks": &km.Global.Tasks,
			"pods":    &km.Global.Pods,
			"message": &km.Global.Message,
		}},
		{Name: "list", Bindings: km.List.bindings(map[string]*key.Binding{
			"open": &km.List.Open, "filter": &km.List.Filter, "sort_next": &km.List.SortNext,
			"sort_reverse": &km.List.SortRev, "detail": &km.List.Detail, "raw": &km.List.Raw, "focus_pane": &km.List.FocusPane,
			"clear_filter": &km.List.ClearQuery,
		})},
		{Name: "detail", Bindings: km.Detail.bindings(map[string]*key.Binding{
			"reveal": &km.Detail.Reveal, "wrap": &km.Detail.Wrap, "focus": &km.Detail.Focus,
		})},
		{Name: "input", Bindings: map[string]*key.Binding{
			"accept": &km.Input.Accept, "cancel": &km.Input.Cancel, "complete": &km.Input.Complete,
			"next": &km.Input.Next, "prev": &km.Input.Prev,
		}},
		{Name: "help", Bindings: map[string]*key.Binding{"close": &km.Help.Close}},
		km.logsContext(),
		km.metricsContext(),
		km.rawContext(),
	}, km.Actions.contexts()...)
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
