package keymap

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// The names the config file gives the bindings ("list.page_up"), by
// context, and the bindings that change AWS state.

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

// bindings adds the six movement bindings to a context's map under the
// names the config file uses ("list.page_up").
func (s *Scroll) bindings(m map[string]*key.Binding) map[string]*key.Binding {
	m["up"], m["down"], m["top"], m["bottom"] = &s.Up, &s.Down, &s.Top, &s.Bottom
	m["page_up"], m["page_down"] = &s.PageUp, &s.PageDown
	return m
}

// logsContext lists the log bindings by the names the config file uses
// ("logs.pause").
func (km *KeyMap) logsContext() Context {
	l := &km.Logs
	return Context{Name: "logs", Bindings: l.bindings(map[string]*key.Binding{
		"open": &l.Open, "invocations": &l.Invocations,
		"pause": &l.Pause, "filter": &l.Filter, "filter_mode": &l.FilterMode, "only_matching": &l.OnlyMatching,
		"server_filter": &l.Server, "since": &l.Since, "older": &l.Older, "expand": &l.Expand, "json": &l.JSON,
		"request": &l.Request, "source": &l.Source, "timestamps": &l.Stamps, "wrap": &l.Wrap,
		"mark": &l.Mark, "copy": &l.Copy, "save": &l.Save, "save_all": &l.SaveAll,
	})}
}

// metricsContext lists the metrics bindings by the names the config
// file uses ("metrics.open").
func (km *KeyMap) metricsContext() Context {
	return Context{Name: "metrics", Bindings: map[string]*key.Binding{
		"open": &km.Metrics.Open, "window": &km.Metrics.Window,
		"wider": &km.Metrics.Wider, "narrower": &km.Metrics.Narrower,
	}}
}

// rawContext lists the raw view's bindings by the names the config file
// uses ("raw.copy_name").
func (km *KeyMap) rawContext() Context {
	r := &km.Raw
	return Context{Name: "raw", Bindings: map[string]*key.Binding{
		"copy_arn": &r.CopyARN, "copy_name": &r.CopyName, "console": &r.Console,
		"search": &r.Search, "next": &r.Next, "prev": &r.Prev,
	}}
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
