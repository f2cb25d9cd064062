package keymap

import "charm.land/bubbles/v2/key"

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
