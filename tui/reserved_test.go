package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers/sim"
)

// functionNames lists every function of the account.
func functionNames(t *testing.T, acct *sim.Account) []string {
	t.Helper()
	var names []string
	for marker := ""; ; {
		page, err := acct.ListFunctions(context.Background(), marker)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page.Functions {
			names = append(names, f.Name)
		}
		if marker = page.Next; marker == "" {
			return names
		}
	}
}

// rsvOf reads the RSV cell of a row at 200 columns: NAME RUNTIME MEM RSV.
func rsvOf(h *harness, name string) string {
	h.t.Helper()
	f := strings.Fields(tableRow(h, name))
	if len(f) < 4 {
		h.t.Fatalf("row of %s has no RSV cell: %q", name, f)
	}
	return f[3]
}

// unknownRSV counts the table rows on screen whose RSV cell is "·".
func unknownRSV(h *harness) (unknown, rows int) {
	lines := strings.Split(h.screen(), "\n")
	in := false
	for _, l := range lines[:len(lines)-1] {
		f := strings.Fields(l)
		switch {
		case len(f) > 3 && f[0] == "NAME" && f[3] == "RSV":
			in = true
		case in && len(f) > 3 && f[0] != "│":
			rows++
			if f[3] == "·" {
				unknown++
			}
		}
	}
	return unknown, rows
}

// TestRSVForEveryRowOnScreen: within one refresh every row on screen
// knows its reserved concurrency without being selected, and the LIMIT
// flag of image-resize (reserved 10, throttled at its reservation) shows
// on its own.
func TestRSVForEveryRowOnScreen(t *testing.T) {
	h, acct := loaded(t, 200, 50)
	names := visibleFunctions(h, functionNames(t, acct))
	if len(names) < 40 {
		t.Fatalf("only %d rows on screen", len(names))
	}
	if unknown, rows := unknownRSV(h); unknown > 0 || rows != len(names) {
		t.Errorf("%d of %d rows on screen without RSV:\n%s", unknown, rows, h.screen())
	}
	row := tableRow(h, "image-resize")
	if f := strings.Fields(row); f[3] != "10" || !strings.Contains(row, "c100%") {
		t.Errorf("image-resize without selecting it: %q, want RSV 10 and c100%%", row)
	}
	if got := rsvOf(h, "audit-log-writer"); got != "—" {
		t.Errorf("an unreserved function shows %q, want —", got)
	}
	// One light read per row, not a GetFunction per row.
	if n := acct.Calls("Lambda.GetFunctionConcurrency"); n < len(names) || n > len(names)+2 {
		t.Errorf("%d GetFunctionConcurrency calls for %d rows", n, len(names))
	}
	if n := acct.Calls("Lambda.GetFunction"); n > 1 {
		t.Errorf("%d GetFunction calls: only the selection's detail should read it", n)
	}
}

// TestRSVAtEightyColumns: at 80x24 the detail pane is not beside the
// table, so no GetFunction ever ran for the rows; scrolled into view,
// image-resize still shows its reservation and c100%.
func TestRSVAtEightyColumns(t *testing.T) {
	h, _ := loaded(t, 80, 24)
	for range 4 {
		if strings.Contains(h.screen(), "image-resize") {
			break
		}
		h.key("pgdown")
	}
	h.advance(2 * time.Second)
	row := tableRow(h, "image-resize")
	if !strings.Contains(row, " 10 ") || !strings.Contains(row, "c100%") {
		t.Fatalf("image-resize at 80x24: %q, want RSV 10 and c100%%\n%s", row, h.screen())
	}
}

// TestLambdaControlPlaneBudget: with 120 functions, a full 200x50 screen,
// the detail open and the user paging through the list, virga's Lambda
// control-plane calls (everything but Invoke; GetFunction included though
// it has its own quota) stay within 60 a minute at rest, and reading
// reservations while paging is bounded by its budget.
func TestLambdaControlPlaneBudget(t *testing.T) {
	h, acct, p := newWireDemo(t, 200, 50, functions(120))
	lambdaCalls := func() int {
		n := 0
		for _, s := range p.Stats().Calls {
			if s.Service == "Lambda" && s.Operation != "Invoke" {
				n += s.Calls
			}
		}
		return n
	}
	h.advance(2 * time.Second)
	// Page through the whole list within a minute: the reads are bounded
	// by the budget (a screenful at once, then 20 a minute).
	before := acct.Calls("Lambda.GetFunctionConcurrency")
	for range 3 {
		h.key("pgdown")
		h.advance(10 * time.Second)
	}
	if n := acct.Calls("Lambda.GetFunctionConcurrency") - before; n > 60 {
		t.Errorf("paging read %d reservations in 30 s, want at most the burst of 60", n)
	}
	// At rest.
	h.advance(5 * time.Minute)
	before = lambdaCalls()
	h.advance(10 * time.Minute)
	perMinute := float64(lambdaCalls()-before) / 10
	t.Logf("Lambda control plane at rest: %.1f calls a minute", perMinute)
	if perMinute > 60 {
		t.Errorf("%.1f Lambda calls a minute at rest, want at most 60", perMinute)
	}
	if unknown, rows := unknownRSV(h); unknown > 0 || rows < 40 {
		t.Errorf("%d of %d rows on screen without RSV after paging:\n%s", unknown, rows, h.screen())
	}
}
