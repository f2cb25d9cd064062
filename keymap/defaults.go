package keymap

import "charm.land/bubbles/v2/key"

// The default bindings of every context, in one place so that the keys
// that are active together can be read side by side (Scopes checks them).

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

// DefaultLogs returns the default log bindings.
func DefaultLogs() Logs {
	return Logs{
		Open:         b([]string{"l"}, "l", "logs"),
		Invocations:  b([]string{"I"}, "I", "invocations"),
		Scroll:       scroll("up", "down", "oldest line", "newest line, follow"),
		Pause:        b([]string{"p", "space"}, "p", "pause/resume"),
		Filter:       b([]string{"/"}, "/", "filter lines"),
		FilterMode:   b([]string{"x"}, "x", "filter: text/fuzzy/regex"),
		OnlyMatching: b([]string{"v"}, "v", "only matching/all, marked"),
		Server:       b([]string{"F"}, "F", "CloudWatch filter pattern"),
		Since:        b([]string{"s"}, "s", "since (15m, 2d, 14:05)"),
		Older:        b([]string{"["}, "[", "load older lines"),
		Expand:       b([]string{"enter"}, "enter", "pretty-print JSON / open"),
		JSON:         b([]string{"J"}, "J", "JSON folded/pretty/raw"),
		Request:      b([]string{"r"}, "r", "only this request"),
		Source:       b([]string{"c"}, "c", "cycle source/container"),
		Stamps:       b([]string{"t"}, "t", "timestamps"),
		Wrap:         b([]string{"w"}, "w", "wrap"),
		Mark:         b([]string{"V"}, "V", "select lines"),
		Copy:         b([]string{"y"}, "y", "copy (OSC 52)"),
		Save:         b([]string{"S"}, "S", "save shown lines"),
		SaveAll:      b([]string{"E"}, "E", "save all buffered lines"),
	}
}

// defaultMetrics returns the default metrics bindings.
func defaultMetrics() Metrics {
	return Metrics{
		Open:     b([]string{"m"}, "m", "metrics"),
		Window:   b([]string{"w"}, "w", "metric window 15m/1h/3h"),
		Wider:    b([]string{"]", "+"}, "]", "wider time range"),
		Narrower: b([]string{"[", "-"}, "[", "narrower time range"),
	}
}

// defaultRaw returns the default raw view bindings.
func defaultRaw() Raw {
	return Raw{
		CopyARN:  b([]string{"c"}, "c", "copy ARN"),
		CopyName: b([]string{"C"}, "C", "copy name"),
		Console:  b([]string{"o"}, "o", "copy console URL"),
		Search:   b([]string{"/"}, "/", "search"),
		Next:     b([]string{"n"}, "n", "next match"),
		Prev:     b([]string{"N"}, "N", "previous match"),
	}
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
