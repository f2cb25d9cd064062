package tui_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
)

// longDoc is the simulated account with a Describer whose document runs
// past one screen and holds "ledger" five times, the last near its end.
type longDoc struct{ onAccount }

func (d longDoc) Describe(_ context.Context, req providers.DescribeRequest) ([]byte, error) {
	var vars []string
	for i := range 50 {
		v := fmt.Sprintf("value-%02d", i)
		if i%12 == 0 {
			v = fmt.Sprintf("Ledger-%d", i/12+1)
		}
		vars = append(vars, fmt.Sprintf(`"VAR_%02d":%q`, i, v))
	}
	return []byte(`{"Configuration":{"FunctionName":"` + req.Name + `","Environment":{"Variables":{` + strings.Join(vars, ",") + `}}}}`), nil
}

// rawDoc opens the raw view of checkout-api's long document at 80x24.
func rawDoc(t *testing.T) *harness {
	t.Helper()
	h, _ := loaded(t, 80, 24, over(&longDoc{}))
	h.key("/", "type:checkout-api", "enter", "y")
	return h
}

// TestRawViewSearch: / finds a word in the raw view as it is typed, any
// case; n and N step through the matches and scroll each into view with
// "match i/n" in the title; esc clears the search, then closes the view.
func TestRawViewSearch(t *testing.T) {
	h := rawDoc(t)
	h.mustSee("function checkout-api — raw", "/ search", "C copy name", "esc close")
	h.mustNotSee("Ledger-5")

	h.key("/", "type:nope")
	h.mustSee("/nope", "function checkout-api — raw · no match for nope")
	h.key("esc")
	h.mustSee("function checkout-api — raw")
	h.mustNotSee("no match", "/nope")

	h.key("/", "type:LEDGER")
	h.mustSee("— raw · match 1/5", `"Ledger-1"`)
	h.key("enter")
	h.mustNotSee("/LEDGER")
	h.key("n", "n", "n", "n")
	h.mustSee("— raw · match 5/5", `"VAR_48": "Ledger-5"`, "n next match", "esc clear search")
	h.key("n")
	h.mustSee("— raw · match 1/5", `"Ledger-1"`)
	h.mustNotSee("Ledger-5")
	h.key("N")
	h.mustSee("— raw · match 5/5", "Ledger-5")
	h.key("N")
	h.mustSee("— raw · match 4/5", "Ledger-4")

	h.key("esc")
	h.mustSee("function checkout-api — raw", "Ledger-4")
	h.mustNotSee("match 4/5")
	h.key("esc")
	h.mustNotSee("— raw")
	h.mustSee("functions (1/48)")
}

// TestRawViewCopiesName: C puts the resource's name on the clipboard
// with Bubble Tea's OSC 52 command, and says so.
func TestRawViewCopiesName(t *testing.T) {
	h := rawDoc(t)
	cmd := h.updateOnly("C")
	if got := clipboardOf(cmd); !reflect.DeepEqual(got, []string{"checkout-api"}) {
		t.Fatalf("C put %q on the clipboard, want the function's name", got)
	}
	h.run(cmd)
	h.mustSee("name copied to the clipboard")
	cmd = h.updateOnly("c")
	if got := clipboardOf(cmd); len(got) != 1 || !strings.HasPrefix(got[0], "arn:aws:lambda:") {
		t.Fatalf("c put %q on the clipboard, want the ARN", got)
	}
}

// clipboardOf runs cmd and returns the texts it asks the terminal to put
// on the clipboard (tea.SetClipboard, written out as OSC 52).
func clipboardOf(cmd tea.Cmd) []string {
	if cmd == nil {
		return nil
	}
	var out []string
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			out = append(out, clipboardOf(c)...)
		}
	default:
		if v := reflect.ValueOf(msg); v.IsValid() && v.Type().Name() == "setClipboardMsg" {
			out = append(out, v.String())
		}
	}
	return out
}
