package dialog_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/internal/viewtest"
)

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

type driver struct {
	t   *testing.T
	d   *dialog.Confirm
	km  keymap.KeyMap
	now time.Time
}

func open(t *testing.T, typeName string) *driver {
	km := keymap.Default()
	c := dialog.Change{Title: "Kill switch", Account: "123456789012", Region: "us-east-1", Profile: "prod",
		Resource: "function image-resize", What: "reserved concurrency", Before: "10", After: "0",
		Command: "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0", TypeName: typeName}
	return &driver{t: t, d: dialog.NewConfirm(viewtest.Dark(), c, t0), km: km, now: t0.Add(dialog.Guard)}
}

// expect presses keys and fails the test unless the dialog then answers
// want; what says what the keys stand for.
func (dr *driver) expect(want dialog.Result, what string, keys ...string) {
	dr.t.Helper()
	if got := dr.press(keys...); got != want {
		dr.t.Fatalf("%s %q: %v, want %v", what, keys, got, want)
	}
}

// press sends keys ("type:text" types text) and returns the last result.
func (dr *driver) press(keys ...string) dialog.Result {
	res := dialog.Pending
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				res, _ = dr.d.Update(testkit.Key(string(r)), &dr.km.Actions.Dialog, dr.now)
			}
			continue
		}
		res, _ = dr.d.Update(testkit.Key(k), &dr.km.Actions.Dialog, dr.now)
		if res != dialog.Pending {
			return res
		}
	}
	return res
}

func TestConfirmNeedsFocusOnConfirmAndY(t *testing.T) {
	dr := open(t, "")
	dr.expect(dialog.Pending, "y with focus on Cancel", "y")
	if !strings.Contains(dr.d.Hint(), "move to Confirm") {
		t.Errorf("hint %q", dr.d.Hint())
	}
	dr.expect(dialog.Confirmed, "tab, y", "tab", "y")
	dr = open(t, "")
	dr.expect(dialog.Pending, "back on Cancel, y", "right", "left", "y")
	dr.expect(dialog.Cancelled, "enter on Cancel", "enter")
}

func TestEnterNeverConfirms(t *testing.T) {
	for _, name := range []string{"", "image-resize"} {
		dr := open(t, name)
		for _, seq := range [][]string{
			{"enter"}, {"tab", "enter"}, {"tab", "tab", "enter"}, {"tab", "type:image-resize", "enter", "enter", "enter"},
			{"right", "enter", "enter"},
		} {
			dr = open(t, name)
			for _, k := range seq {
				if r := dr.press(k); r == dialog.Confirmed {
					t.Fatalf("type %q: %v confirmed", name, seq)
				}
			}
		}
	}
}

func TestKeysInFirst300msAreIgnored(t *testing.T) {
	dr := open(t, "")
	dr.now = t0.Add(dialog.Guard - time.Millisecond)
	dr.expect(dialog.Pending, "keys inside the guard", "tab", "y", "esc", "enter")
	dr.now = t0.Add(dialog.Guard)
	// The tab inside the guard did not move focus: y still needs it.
	dr.expect(dialog.Pending, "y after the guard with focus on Cancel", "y")
	dr.expect(dialog.Confirmed, "after the guard", "tab", "y")
	dr = open(t, "")
	dr.now = t0.Add(100 * time.Millisecond)
	if r, _ := dr.d.Update(tea.PasteMsg{Content: "x"}, &dr.km.Actions.Dialog, dr.now); r != dialog.Pending {
		t.Fatal("paste inside the guard")
	}
}

func TestDestructiveNeedsTheNameTyped(t *testing.T) {
	dr := open(t, "image-resize")
	dr.expect(dialog.Pending, "without the name", "tab", "tab", "y")
	if !strings.Contains(dr.d.Hint(), "type image-resize first") {
		t.Errorf("hint %q", dr.d.Hint())
	}
	dr = open(t, "image-resize")
	dr.expect(dialog.Pending, "with a wrong name", "tab", "type:image-resiz", "tab", "y")
	dr = open(t, "image-resize")
	// Letters typed in the field stay there, y and n included.
	dr.expect(dialog.Pending, "enter after the name", "tab", "type:image-resize", "enter")
	dr.expect(dialog.Confirmed, "name, enter (to Confirm), y", "y")
	dr = open(t, "only-yes")
	dr.expect(dialog.Confirmed, "a name with y and n in it", "tab", "type:only-yes", "tab", "y")
	dr = open(t, "image-resize")
	dr.expect(dialog.Cancelled, "esc in the field", "tab", "type:image-resize", "esc")
}

// TestRandomKeysNeverConfirmWithoutTheRules drives thousands of random
// key sequences and checks that every confirmation followed the rules.
func TestRandomKeysNeverConfirmWithoutTheRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"enter", "tab", "shift+tab", "left", "right", "y", "n", "space", "c", "i", "m", "a"}
	for i := range 800 {
		name := ""
		if i%2 == 0 {
			name = "ima"
		}
		dr := open(t, name)
		var sent []string
		for range 12 {
			k := keys[rng.IntN(len(keys))]
			sent = append(sent, k)
			r := dr.press(k)
			if r == dialog.Confirmed {
				if k != "y" {
					t.Fatalf("%v: confirmed by %q", sent, k)
				}
				if name != "" && !strings.Contains(strings.Join(sent, ""), "ima") {
					t.Fatalf("%v: destructive confirmed without the name typed", sent)
				}
				break
			}
			if r != dialog.Pending {
				break
			}
		}
	}
}

func TestConfirmViewShowsEverythingAndFits(t *testing.T) {
	for _, w := range []int{60, 80, 200} {
		dr := open(t, "image-resize")
		lines := dr.d.View(&dr.km.Actions.Dialog, w, 21)
		frame := viewtest.Plain(lines...)
		for _, want := range []string{"Kill switch", "123456789012", "us-east-1", "profile prod", "function image-resize",
			"reserved concurrency: 10 → 0", "put-function-concurrency", "type image-resize to confirm", "Cancel", "Confirm"} {
			if !strings.Contains(strings.ReplaceAll(frame, "\n│ ", ""), want) && !strings.Contains(frame, want) {
				t.Errorf("%d wide: %q missing:\n%s", w, want, frame)
			}
		}
		if len(lines) > 21 {
			t.Errorf("%d wide: %d lines", w, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("%d wide: line of %d: %q", w, ansi.StringWidth(l), ansi.Strip(l))
			}
		}
	}
	// A hostile resource name cannot reach the terminal raw.
	km := keymap.Default()
	d := dialog.NewConfirm(viewtest.Dark(), dialog.Change{Title: "x", Resource: "fn\x1b]52;c;aGk=\x07"}, t0)
	if v := strings.Join(d.View(&km.Actions.Dialog, 80, 20), ""); strings.Contains(v, "\x1b]52") {
		t.Fatal("OSC 52 reached the view")
	}
}

func TestFormSubmitsValues(t *testing.T) {
	km := keymap.Default()
	f := dialog.NewForm(viewtest.Dark(), "Provisioned concurrency", "function checkout-api",
		[]dialog.Field{{Label: "qualifier", Value: "live", Hint: "aliases: live, prev"}, {Label: "count", Hint: "0 removes"}})
	send := func(k string) dialog.FormResult {
		r, _ := f.Update(testkit.Key(k), &km.Actions.Form)
		return r
	}
	send("tab")
	for _, r := range "12" {
		send(string(r))
	}
	if r := send("enter"); r != dialog.FormSubmitted {
		t.Fatalf("enter: %v", r)
	}
	if v := f.Values(); v[0] != "live" || v[1] != "12" {
		t.Fatalf("values %v", v)
	}
	f.SetError("count must be a number")
	view := viewtest.Plain(f.View(&km.Actions.Form, 80, 20)...)
	if !strings.Contains(view, "count must be a number") || !strings.Contains(view, "aliases: live, prev") {
		t.Fatalf("view:\n%s", view)
	}
	if r := send("esc"); r != dialog.FormCancelled {
		t.Fatalf("esc: %v", r)
	}
}

func TestWrapKeepsWords(t *testing.T) {
	km := keymap.Default()
	cmd := "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0 --region us-east-1"
	d := dialog.NewConfirm(viewtest.Dark(), dialog.Change{Title: "x", Command: cmd}, t0)
	view := viewtest.Plain(d.View(&km.Actions.Dialog, 80, 30)...)
	for _, word := range strings.Fields(cmd) {
		if !strings.Contains(view, word) {
			t.Errorf("%q was broken across lines:\n%s", word, view)
		}
	}
}
