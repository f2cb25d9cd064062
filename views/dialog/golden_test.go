package dialog_test

import (
	"testing"

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
	scale := dialog.Change{Title: "Scale service", Account: "123456789012", Region: "us-east-1", Profile: "prod-admin",
		Resource: "service prod-api/catalog-api", What: "desired count", Before: "4", After: "6",
		Note:    "2 more tasks start; the deployment settles in about a minute",
		Command: "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 6 --region us-east-1 --profile prod-admin",
		Revert:  "aws ecs update-service --cluster prod-api --service catalog-api --desired-count 4 --region us-east-1 --profile prod-admin"}
	kill := dialog.Change{Title: "Kill switch", Account: "123456789012", Region: "us-east-1", Profile: "prod-admin",
		Resource: "function image-resize", What: "reserved concurrency", Before: "", After: "0",
		Note:     "every invocation is throttled until the reservation is removed",
		Command:  "aws lambda put-function-concurrency --function-name image-resize --reserved-concurrent-executions 0 --region us-east-1",
		Revert:   "aws lambda delete-function-concurrency --function-name image-resize --region us-east-1",
		TypeName: "image-resize"}

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
