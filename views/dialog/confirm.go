package dialog

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Guard is how long after a confirmation opens every key is ignored, so a
// key meant for the screen below (a held key, a fast double press, a
// dialog that opened while typing) cannot answer it.
const Guard = 300 * time.Millisecond

// Change is what a confirmation shows. Every string may come from AWS and
// is sanitized when drawn.
type Change struct {
	Title                     string
	Account, Region, Profile  string
	Resource                  string
	What, Before, After, Note string
	// Command is the equivalent aws CLI command; Revert the command that
	// undoes the change, or NoRevert why there is none.
	Command, Revert, NoRevert string
	// Tool is the command's program, "aws" when empty ("kubectl" for a
	// change to a Kubernetes object).
	Tool string
	// TypeName is what must be typed to confirm a destructive change;
	// empty for the others.
	TypeName string
}

// Result is what a key did to a confirmation.
type Result uint8

// Confirmation outcomes.
const (
	Pending Result = iota
	Confirmed
	Cancelled
	// CopyCommand asks the caller to copy the aws command.
	CopyCommand
)

// focus positions of a confirmation.
const (
	focusCancel = iota
	focusInput
	focusConfirm
)

// Confirm is the confirmation of one change. Focus starts on Cancel;
// confirming takes moving focus to Confirm and pressing the confirm key
// (y), and for a destructive change typing the resource's name first.
// Enter never confirms. Keys in the first Guard after opening are dropped.
type Confirm struct {
	c      Change
	opened time.Time
	focus  int
	in     textinput.Model
	hint   string
	st     *theme.Styles
}

// NewConfirm opens a confirmation at now.
func NewConfirm(st *theme.Styles, c Change, now time.Time) *Confirm {
	d := &Confirm{c: c, opened: now, st: st, in: newInput(st, "")}
	d.in.SetWidth(max(len(c.TypeName)+2, 12))
	return d
}

// SetStyles swaps the styles.
func (d *Confirm) SetStyles(st *theme.Styles) { d.st = st; styleInput(&d.in, st) }

// Change returns what the dialog shows.
func (d *Confirm) Change() Change { return d.c }

// Destructive reports whether the name must be typed.
func (d *Confirm) Destructive() bool { return d.c.TypeName != "" }

func (d *Confirm) nameTyped() bool { return !d.Destructive() || d.in.Value() == d.c.TypeName }

// order is the focus ring.
func (d *Confirm) order() []int {
	if d.Destructive() {
		return []int{focusCancel, focusInput, focusConfirm}
	}
	return []int{focusCancel, focusConfirm}
}

func (d *Confirm) move(delta int) tea.Cmd {
	o := d.order()
	i := 0
	for j, f := range o {
		if f == d.focus {
			i = j
		}
	}
	d.focus = o[(i+delta+len(o))%len(o)]
	if d.focus == focusInput {
		return d.in.Focus()
	}
	d.in.Blur()
	return nil
}

// Update handles a key or a paste at now.
func (d *Confirm) Update(msg tea.Msg, km *keymap.Dialog, now time.Time) (Result, tea.Cmd) {
	if now.Before(d.opened.Add(Guard)) {
		return Pending, nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		if d.focus != focusInput {
			return Pending, nil
		}
		var cmd tea.Cmd
		d.in, cmd = d.in.Update(p)
		return Pending, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return Pending, nil
	}
	d.hint = ""
	if k.String() == "esc" {
		return Cancelled, nil
	}
	if d.focus == focusInput {
		switch k.String() {
		case "tab":
			return Pending, d.move(1)
		case "shift+tab":
			return Pending, d.move(-1)
		case "enter":
			if !d.nameTyped() {
				d.hint = "type " + sanitize.Line(d.c.TypeName) + " exactly"
				return Pending, nil
			}
			return Pending, d.move(1)
		}
		var cmd tea.Cmd
		d.in, cmd = d.in.Update(k)
		return Pending, cmd
	}
	switch {
	case key.Matches(k, km.Cancel):
		return Cancelled, nil
	case key.Matches(k, km.Next):
		return Pending, d.move(1)
	case key.Matches(k, km.Prev):
		return Pending, d.move(-1)
	case key.Matches(k, km.Copy):
		return CopyCommand, nil
	case key.Matches(k, km.Confirm):
		switch {
		case d.focus != focusConfirm:
			d.hint = "move to Confirm first (" + km.Next.Help().Key + ")"
		case !d.nameTyped():
			d.hint = "type " + sanitize.Line(d.c.TypeName) + " first"
		default:
			return Confirmed, nil
		}
	case key.Matches(k, km.Activate):
		if d.focus == focusCancel {
			return Cancelled, nil
		}
		d.hint = "enter never confirms: press " + km.Confirm.Help().Key
	default:
		if d.Destructive() && len(k.Text) > 0 && d.focus == focusCancel {
			d.hint = "tab to the name field to type it"
		}
	}
	return Pending, nil
}

// Hint is the dialog's current hint, for tests.
func (d *Confirm) Hint() string { return d.hint }

// View renders the dialog box for a frame of width w and at most h lines.
// On a short terminal the lines that help least go first (spacing, the
// aws command, the account, the revert, the hint), so resource, change,
// effect and the buttons stay on screen down to 60x12.
func (d *Confirm) View(km *keymap.Dialog, w, h int) []string {
	st := d.st
	bw := boxWidth(w)
	inner := bw - 2
	text := inner - 2 // one space each side
	var lines []line
	add := func(r rank, s string) { lines = append(lines, line{" " + kit.FitStyled(s, text) + " ", r}) }
	kv := func(r rank, label, value string, tone interface{ Render(...string) string }) {
		first := true
		for _, l := range kit.WrapLine(value, text-10) {
			lab := "          "
			if first {
				lab = kit.FitStyled(label, 10)
				first = false
			}
			add(r, st.Pane.Label.Render(lab)+tone.Render(l))
		}
	}
	id := sanitize.Line(d.c.Account) + " · " + sanitize.Line(d.c.Region) + " · profile " + sanitize.Line(orDefault(d.c.Profile))
	add(rankAccount, st.Text.Bold.Render("account ")+st.Text.Normal.Render(id))
	add(rankSpace, "")
	kv(rankEssential, "resource", d.c.Resource, st.Text.Bold)
	change := d.c.What + ": " + orNone(d.c.Before) + " → " + d.c.After
	if d.c.Before == "" {
		change = d.c.What + ": " + d.c.After
	}
	tone := st.Text.Info
	if d.Destructive() {
		tone = st.Text.Warn
	}
	kv(rankEssential, "change", change, tone)
	if d.c.Note != "" {
		kv(rankEssential, "effect", d.c.Note, st.Text.Muted)
	}
	switch {
	case d.c.Revert != "":
		kv(rankRevert, "revert", d.c.Revert, st.Text.Muted)
	case d.c.NoRevert != "":
		kv(rankRevert, "revert", "none: "+d.c.NoRevert, st.Text.Muted)
	}
	if d.c.Command != "" {
		add(rankSpace, "")
		tool := d.c.Tool
		if tool == "" {
			tool = "aws"
		}
		add(rankCommand, st.Pane.Label.Render("equivalent "+tool+" command ("+km.Copy.Help().Key+" copies)"))
		for _, l := range kit.WrapLine(d.c.Command, text) {
			add(rankCommand, st.Text.Normal.Render(l))
		}
	}
	// keep is how many of the last lines the box keeps if the essential
	// lines alone are too many: name field, buttons, the user's hint.
	keep := 1
	if d.Destructive() {
		add(rankSpace, "")
		label := "type " + sanitize.Line(d.c.TypeName) + " to confirm: "
		field := d.in.View()
		if d.focus == focusInput {
			field = st.Input.Prompt.Render("›") + field
		} else {
			field = " " + field
		}
		add(rankEssential, st.Text.Warn.Render(label)+field)
		keep++
	}
	add(rankSpace, "")
	buttons := button(st, "Cancel", d.focus == focusCancel, true) + "   " +
		button(st, "Confirm", d.focus == focusConfirm, d.nameTyped())
	add(rankEssential, buttons)
	hint := d.hint
	if hint == "" {
		hint = km.Next.Help().Key + " move · " + km.Confirm.Help().Key + " on Confirm confirms · " + km.Cancel.Help().Key + " cancel"
		if d.Destructive() {
			hint = "tab, type the name, tab, " + km.Confirm.Help().Key + " · esc cancel"
		}
		add(rankHint, st.Text.Muted.Render(hint))
	} else {
		// A hint the user caused answers their last key: it stays.
		add(rankEssential, st.Text.Warn.Render(hint))
		keep++
	}
	return box(st, d.c.Title, fitLines(lines, max(h, 3)-2), bw, h, keep)
}

func orDefault(p string) string {
	if p == "" {
		return "default"
	}
	return p
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
