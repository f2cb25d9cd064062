package dialog_test

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/dialog"
	"github.com/virgahq/virga/views/theme"
)

// TestFormTypingReplacesCurrentValue: a field opens with its current
// value selected, so what is typed replaces it (2 over 6 is 2, not 62);
// backspace clears it; an arrow keeps it to edit; tabbing into a field
// selects it again.
func TestFormTypingReplacesCurrentValue(t *testing.T) {
	km := keymap.Default()
	newForm := func() *dialog.Form {
		return dialog.NewForm(theme.New(theme.Dark), "Scale service", "service web",
			[]dialog.Field{{Label: "desired", Value: "6"}, {Label: "reason"}, {Label: "memory", Value: "512"}})
	}
	send := func(f *dialog.Form, keys ...string) {
		for _, k := range keys {
			f.Update(testkit.Key(k), &km.Actions.Form)
		}
	}
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"2"}, "2"},
		{[]string{"+", "2"}, "+2"},
		{[]string{"backspace"}, ""},
		{[]string{"backspace", "4"}, "4"},
		{[]string{"right", "2"}, "62"},
		{[]string{"left", "1"}, "16"},
		{nil, "6"},
	} {
		f := newForm()
		send(f, c.keys...)
		if got := f.Values()[0]; got != c.want {
			t.Errorf("keys %v over 6 gave %q, want %q", c.keys, got, c.want)
		}
	}
	f := newForm()
	send(f, "tab", "tab", "1", "0", "2", "4")
	if got := f.Values()[2]; got != "1024" {
		t.Errorf("tabbing into memory and typing gave %q, want 1024", got)
	}
	f = newForm()
	f.Update(tea.PasteMsg{Content: "9"}, &km.Actions.Form)
	if got := f.Values()[0]; got != "9" {
		t.Errorf("a paste over 6 gave %q, want 9", got)
	}
}
