package dialog_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// overlay centres a dialog box on an empty frame of w×h, a third of the
// way down, as the tui lays it over the screen.
func overlay(box []string, w, h int) string {
	frame := viewtest.Blank(w, h)
	top := max((h-len(box))/3, 0)
	for i, l := range dialog.Center(box, w) {
		if top+i < h {
			frame[top+i] = l
		}
	}
	return viewtest.Stack(frame...)
}

// TestDialogGolden snapshots the action form and the confirmation: a
// scale form with hints and an error, a reversible change, and a
// destructive one with its name typed and Confirm focused.
func TestDialogGolden(t *testing.T) {
	km := keymap.Default()
	scale, kill := scaleChange(), killChange()

	viewtest.Golden(t, "form", func(_ *testing.T, st *theme.Styles, w, h int) string {
		f := dialog.NewForm(st, "Scale service", "service prod-api/catalog-api · 4 desired, 4 running", []dialog.Field{
			{Label: "desired", Value: "6", Hint: "0 to 1000; the service's auto scaling keeps 2 to 12"},
			{Label: "reason", Placeholder: "for the journal (optional)", Hint: "kept in the journal beside the change"},
		})
		f.SetError("desired count must be a whole number from 0 to 1000, not \"six\"")
		return overlay(f.View(&km.Actions.Form, w, h), w, h)
	})
	viewtest.Golden(t, "confirm", func(_ *testing.T, st *theme.Styles, w, h int) string {
		d := dialog.NewConfirm(st, scale, viewtest.Now())
		return overlay(d.View(&km.Actions.Dialog, w, h), w, h)
	})
	viewtest.Golden(t, "confirm-destructive-typed", func(t *testing.T, st *theme.Styles, w, h int) string {
		d := dialog.NewConfirm(st, kill, viewtest.Now())
		after := viewtest.Now().Add(dialog.Guard)
		for _, k := range []string{"tab", "i", "m", "a", "g", "e", "-", "r", "e", "s", "i", "z", "e", "tab"} {
			if res, _ := d.Update(testkit.Key(k), &km.Actions.Dialog, after); res != dialog.Pending {
				t.Fatalf("key %q ended the dialog: %v", k, res)
			}
		}
		return overlay(d.View(&km.Actions.Dialog, w, h), w, h)
	})
}

// scaleChange is a reversible change with every part filled in.
func scaleChange() dialog.Change {
	return dialog.Change{Title: "Scale service", Account: "123456789012", Region: "us-east-1", Profile: "prod-admin",
		Resource: "service prod-api/catalog-api", What: "desired count", Before: "4", After: "6",
		Note:    "2 more tasks start; the deployment settles in about a minute",
		Command: "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 6 --region us-east-1 --profile prod-admin",
		Revert:  "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 4 --region us-east-1 --profile prod-admin"}
}

// killChange is a destructive change: its name must be typed.
func killChange() dialog.Change {
	return dialog.Change{Title: "Kill switch", Account: "123456789012", Region: "us-east-1", Profile: "prod-admin",
		Resource: "function image-resize", What: "reserved concurrency", Before: "", After: "0",
		Note:     "every invocation is throttled until the reservation is removed",
		Command:  "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0 --region us-east-1",
		Revert:   "aws lambda delete-function-concurrency --function-name image-resize --region us-east-1",
		TypeName: "image-resize"}
}

// TestConfirmSmallTerminal: at 60x12 (the smallest terminal virga draws;
// the tui gives a dialog the 9 lines between header and status) the
// confirmation still shows what changes and what it does, and its
// buttons; spacing, the aws command and the account go first.
func TestConfirmSmallTerminal(t *testing.T) {
	km := keymap.Default()
	const w, h, bodyH = 60, 12, 9
	for _, c := range []struct {
		name   string
		change dialog.Change
		want   []string
	}{
		{"reversible", scaleChange(), []string{"resource", "catalog-api", "change", "desired count: 4 → 6", "effect", "[ Cancel ]", "[ Confirm ]"}},
		{"destructive", killChange(), []string{"resource", "image-resize", "change", "reserved concurrency: 0", "effect", "every invocation is throttled", "type image-resize to confirm", "[ Cancel ]", "[ Confirm ]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := theme.New(theme.Dark)
			box := dialog.NewConfirm(st, c.change, viewtest.Now()).View(&km.Actions.Dialog, w, bodyH)
			if len(box) > bodyH {
				t.Fatalf("the box has %d lines, more than %d", len(box), bodyH)
			}
			plain := ansi.Strip(strings.Join(box, "\n"))
			for _, s := range c.want {
				if !strings.Contains(plain, s) {
					t.Errorf("at %dx%d the confirmation drops %q:\n%s", w, h, s, plain)
				}
			}
			frame := overlay(box, w, h)
			viewtest.CheckFrame(t, frame, w, h)
			golden.RequireEqual(t, []byte(frame))
		})
	}
}
