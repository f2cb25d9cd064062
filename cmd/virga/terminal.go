package main

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// terminalReport is what the terminal virga would draw on can do, as far
// as its environment says.
type terminalReport struct {
	// Colour is the colour profile (TrueColor, ANSI256, ANSI, Ascii) and
	// why, when a variable decides it.
	Colour string `json:"colour"`
	// OSC52 is likely, unlikely or unknown: whether copying with y (an
	// OSC 52 escape) reaches the clipboard.
	OSC52    string `json:"osc52"`
	OSC52Why string `json:"osc52Reason"`
}

// checkTerminal reads the environment the way the TUI will.
func checkTerminal(environ []string) terminalReport {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	r := terminalReport{Colour: colorprofile.Env(environ).String()}
	switch {
	case env["NO_COLOR"] != "":
		r.Colour += " (NO_COLOR is set: no colour)"
	case env["TERM"] == "dumb":
		r.Colour += " (TERM=dumb: no colour)"
	}
	r.OSC52, r.OSC52Why = osc52(env)
	return r
}

// osc52 guesses whether OSC 52 copy works. Terminals do not answer
// whether they allow it, so this reads the environment: a multiplexer in
// between needs its own setting, and some terminals never allow it.
func osc52(env map[string]string) (string, string) {
	switch {
	case env["TMUX"] != "":
		return "likely", "inside tmux: needs `set -g set-clipboard on` in tmux and a terminal outside that allows OSC 52"
	case env["STY"] != "":
		return "unlikely", "inside GNU screen, which does not pass OSC 52 on by default"
	}
	term, prog := env["TERM"], env["TERM_PROGRAM"]
	where := ""
	if env["SSH_TTY"] != "" || env["SSH_CONNECTION"] != "" {
		where = " (over SSH: it is your local terminal that decides)"
	}
	switch {
	case prog == "Apple_Terminal":
		return "unlikely", "macOS Terminal does not support OSC 52" + where
	case prog == "iTerm.app":
		return "likely", "iTerm2 allows it when \"Applications in terminal may access clipboard\" is on" + where
	case env["WT_SESSION"] != "":
		return "likely", "Windows Terminal supports OSC 52" + where
	case prog == "WezTerm", prog == "vscode", prog == "ghostty", strings.Contains(term, "kitty"),
		strings.Contains(term, "alacritty"), strings.HasPrefix(term, "foot"), strings.Contains(term, "ghostty"):
		name := prog
		if name == "" {
			name = term
		}
		return "likely", name + " supports OSC 52" + where
	}
	if where != "" {
		return "unknown", strings.TrimPrefix(strings.TrimSuffix(where, ")"), " (")
	}
	return "unknown", "this terminal does not say; try y in a log pane"
}
