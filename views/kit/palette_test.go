package kit_test

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

func paletteOver(t *testing.T, fns []string) (*kit.Palette, *keymap.Input) {
	t.Helper()
	km := keymap.Default()
	p := kit.NewPalette(theme.New(theme.Dark), ":", "", []kit.Command{
		{Name: "logs", Aliases: []string{"log"}, Args: func() []string { return fns }},
		{Name: "stats"},
	})
	p.Open()
	return p, &km.Input
}

// typeIn sends keys to p: "tab", "enter", "down", or text after "type:".
func typeIn(p *kit.Palette, km *keymap.Input, keys ...string) kit.PaletteResult {
	var res kit.PaletteResult
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				res, _ = p.Update(tea.KeyPressMsg{Code: r, Text: string(r)}, km)
			}
			continue
		}
		res, _ = p.Update(testkit.Key(k), km)
	}
	return res
}

// TestPaletteCompletesArguments: tab on an argument extends it to the
// longest prefix its values share, then steps through them; it never
// removes what was typed; enter runs the command with it.
func TestPaletteCompletesArguments(t *testing.T) {
	fns := []string{"checkout-api", "payments-webhook", "payments-worker", "payments-refunds"}
	p, km := paletteOver(t, fns)
	typeIn(p, km, "type:logs payments-w", "tab")
	// payments-webhook and payments-worker share nothing more than what
	// was typed, so tab steps to the first of them.
	if got := p.Value(); got != "logs payments-webhook" {
		t.Fatalf("tab on a shared prefix gave %q", got)
	}
	typeIn(p, km, "tab")
	if got := p.Value(); got != "logs payments-worker" {
		t.Fatalf("second tab gave %q, want the next candidate", got)
	}
	res := typeIn(p, km, "enter")
	if res.Command != "logs" || !slices.Equal(res.Args, []string{"payments-worker"}) {
		t.Fatalf("enter ran %q %v", res.Command, res.Args)
	}

	p, km = paletteOver(t, fns)
	typeIn(p, km, "type:log pay", "tab")
	if got := p.Value(); got != "log payments-" {
		t.Fatalf("tab gave %q, want the longest shared prefix", got)
	}
	typeIn(p, km, "type:web", "tab")
	if got := p.Value(); got != "log payments-webhook" {
		t.Fatalf("tab gave %q, want the one match", got)
	}
	res = typeIn(p, km, "enter")
	if res.Command != "logs" || !slices.Equal(res.Args, []string{"payments-webhook"}) {
		t.Fatalf("enter ran %q %v", res.Command, res.Args)
	}
}

// TestPaletteTabKeepsTyping: tab with nothing to complete keeps the text.
func TestPaletteTabKeepsTyping(t *testing.T) {
	p, km := paletteOver(t, []string{"checkout-api"})
	typeIn(p, km, "type:logs nosuchthing", "tab")
	if got := p.Value(); got != "logs nosuchthing" {
		t.Fatalf("tab changed %q", got)
	}
	p, km = paletteOver(t, nil)
	typeIn(p, km, "type:stats now", "tab")
	if got := p.Value(); got != "stats now" {
		t.Fatalf("tab on an argless command changed %q", got)
	}
}

// TestPalettePickedArgument: ↓ picks a value, which enter uses.
func TestPalettePickedArgument(t *testing.T) {
	p, km := paletteOver(t, []string{"payments-webhook", "payments-worker"})
	res := typeIn(p, km, "type:logs pay", "down", "enter")
	if !slices.Equal(res.Args, []string{"payments-worker"}) {
		t.Fatalf("enter after ↓ ran %v", res.Args)
	}
}

// TestPaletteUnknownCommand: a word no command matches comes back whole.
func TestPaletteUnknownCommand(t *testing.T) {
	p, km := paletteOver(t, nil)
	res := typeIn(p, km, "type:zzz", "enter")
	if !res.Done || res.Command != "" || res.Unknown != "zzz" {
		t.Fatalf("got %+v", res)
	}
}
