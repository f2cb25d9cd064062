package logs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/virgahq/virga/views/internal/viewtest"
)

// reachScenario builds a viewer by a random interleaving of Append,
// Prepend (older history) and eviction (a small buffer), and returns the
// ids of the lines it should hold, oldest first. Every line's text is
// "L<id>" with ids increasing in time order.
func reachScenario(r *rand.Rand, h int) (*Viewer, []int) {
	cap := 10 + r.IntN(60)
	v := NewViewer(newTestViewer(80, h).st, cap, 0)
	v.SetLocation(newTestViewer(1, 1).loc)
	v.SetSize(80, h)
	newest, oldest := 0, 1 // next id at the back, next at the front is -oldest
	var want []int
	for range 1 + r.IntN(12) {
		n := 1 + r.IntN(2*cap)
		if r.IntN(2) == 0 {
			for range n {
				v.Append(line(newest, fmt.Sprintf("L%d", newest)))
				want = append(want, newest)
				newest++
			}
			if len(want) > cap {
				want = want[len(want)-cap:]
			}
			continue
		}
		var older []Line
		var ids []int
		for k := n; k >= 1; k-- {
			id := -(oldest + k - 1)
			older = append(older, line(id, fmt.Sprintf("L%d", id)))
			ids = append(ids, id)
		}
		oldest += n
		added := v.Prepend(older)
		want = append(slices.Clone(ids[len(ids)-added:]), want...)
		if added < n {
			// The buffer is full: nothing older can come in any more.
			oldest = 1 << 30
		}
	}
	return v, want
}

// idOf reads a line's id back from its text.
func idOf(t *testing.T, l *Line) int {
	t.Helper()
	var id int
	if _, err := fmt.Sscanf(l.Text, "L%d", &id); err != nil {
		t.Fatalf("line %q is not a test line", l.Text)
	}
	return id
}

// TestEveryHeldLineReachable: whatever the interleaving of Append,
// Prepend and eviction, g then j visits every held line once in order,
// k from the newest visits them once in reverse, and PgUp from the newest
// shows every one of them, none twice in a frame.
func TestEveryHeldLineReachable(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 7))
		h := 3 + r.IntN(10)
		v, want := reachScenario(r, h)
		if got := v.Ring().Len(); got != len(want) {
			t.Fatalf("seed %d: buffer holds %d lines, want %d", seed, got, len(want))
		}
		fail := func(how string, got []int) {
			t.Helper()
			t.Fatalf("seed %d (height %d): %s visits %v\nwant %v", seed, h, how, got, want)
		}

		// g, then j until the cursor stops.
		v.Top()
		v.Render()
		var got []int
		for {
			l, ok := v.Cursor()
			if !ok {
				fail("g", got)
			}
			if id := idOf(t, l); len(got) == 0 || got[len(got)-1] != id {
				got = append(got, id)
			} else {
				break
			}
			v.Move(1)
			v.Render()
		}
		if !slices.Equal(got, want) {
			fail("g then j", got)
		}

		// G, then k until the cursor stops.
		v.Bottom()
		v.Render()
		got = got[:0]
		v.Move(0)
		for {
			l, _ := v.Cursor()
			if id := idOf(t, l); len(got) == 0 || got[len(got)-1] != id {
				got = append(got, id)
			} else {
				break
			}
			v.Move(-1)
			v.Render()
		}
		slices.Reverse(got)
		if !slices.Equal(got, want) {
			fail("k", got)
		}

		// G, then PgUp until the frame stops changing.
		v.Bottom()
		seen := map[int]bool{}
		prev := ""
		for range len(want) + 2 {
			frame := v.Render()
			inFrame := map[int]bool{}
			for row := range strings.SplitSeq(frame, "\n") {
				i := strings.Index(row, "L")
				if i < 0 {
					continue
				}
				var id int
				if _, err := fmt.Sscanf(row[i:], "L%d", &id); err != nil {
					continue
				}
				if inFrame[id] {
					t.Fatalf("seed %d: line L%d twice in one frame:\n%s", seed, id, frame)
				}
				inFrame[id], seen[id] = true, true
			}
			if frame == prev {
				break
			}
			prev = frame
			v.Page(-1)
		}
		if len(seen) != len(want) {
			var missing []int
			for _, id := range want {
				if !seen[id] {
					missing = append(missing, id)
				}
			}
			t.Fatalf("seed %d: PgUp never shows %v", seed, missing)
		}
	}
}

// TestIsolatedRequestReachableInHistory: a request whose lines were
// paged in as older history (they sit before the first appended line) is
// found and shown.
func TestIsolatedRequestReachableInHistory(t *testing.T) {
	v := newTestViewer(100, 10)
	v.Append(line(10, "newest line"))
	rid := "33333333-3333-3333-3333-333333333333"
	v.Prepend([]Line{
		line(1, "START RequestId: "+rid+" Version: 1"),
		line(2, "2026-11-25T14:30:00.000Z\t"+rid+"\tINFO\told work"),
		line(3, "other line"),
	})
	v.SetRequest(rid)
	rows := strings.Join(viewtest.CheckFrame(t, v.Render(), 100, 10), "\n")
	if !strings.Contains(rows, "old work") || strings.Contains(rows, "other line") || strings.Contains(rows, "newest line") {
		t.Fatalf("request lines from history:\n%s", rows)
	}
}

// TestDroppedHistoryIsMarked: once the buffer evicted its oldest lines,
// or refused older history, the oldest line held is not the start of the
// range, and the top of the pane says so; a buffer that lost nothing
// shows no such mark.
func TestDroppedHistoryIsMarked(t *testing.T) {
	v := NewViewer(newTestViewer(1, 1).st, 5, 0)
	v.SetLocation(newTestViewer(1, 1).loc)
	v.SetSize(90, 8)
	for i := range 5 {
		v.Append(line(i, fmt.Sprintf("L%d", i)))
	}
	v.Top()
	if rows := viewtest.CheckFrame(t, v.Render(), 90, 8); strings.Contains(strings.Join(rows, "\n"), "older lines not held") {
		t.Fatalf("a complete buffer is marked:\n%s", strings.Join(rows, "\n"))
	}
	if v.Prepend([]Line{line(-1, "L-1")}) != 0 {
		t.Fatal("a full buffer took an older line")
	}
	for _, refresh := range []func(){v.Top, v.Bottom} {
		refresh()
		rows := viewtest.CheckFrame(t, v.Render(), 90, 8)
		if !strings.Contains(rows[0], "⚠ older lines not held: a pane keeps at most 5 lines") || !strings.Contains(rows[1], "L0") {
			t.Fatalf("refused history not marked:\n%s", strings.Join(rows, "\n"))
		}
	}
	v.Append(line(5, "L5"))
	v.Top()
	rows := viewtest.CheckFrame(t, v.Render(), 90, 8)
	if !strings.Contains(rows[0], "older lines not held") || !strings.Contains(rows[1], "L1") {
		t.Fatalf("eviction not marked:\n%s", strings.Join(rows, "\n"))
	}
	if b := v.Badges(); b[len(b)-1].Text != "5 lines" {
		t.Fatalf("count badge %q", b[len(b)-1].Text)
	}
	v.Clear()
	v.Append(line(9, "L9"))
	rows = viewtest.CheckFrame(t, v.Render(), 90, 8)
	if strings.Contains(strings.Join(rows, "\n"), "older lines not held") {
		t.Fatal("the mark outlived Clear")
	}
	if b := v.Badges(); b[len(b)-1].Text != "1 line" {
		t.Fatalf("count badge %q", b[len(b)-1].Text)
	}
}
