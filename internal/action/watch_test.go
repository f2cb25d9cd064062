package action_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
)

// TestWatcherFollowsUntilSettled: the watcher the TUI and the CLI share
// reads what changed, says each new state once, keeps the last state
// through a failed read, and ends when the change is done.
func TestWatcherFollowsUntilSettled(t *testing.T) {
	acct, c := newSim(t)
	d := detail(t, acct, "orders-consumer")
	mem := d.Function.MemoryMB * 2
	a := action.Configure(d.Function, &mem, nil)
	out, err := a.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	w := action.NewWatcher(a, out.Receipt, c.Now(), time.Minute)
	if !w.Polls(acct) || w.Every() != 2*time.Second {
		t.Fatalf("polls %v every %s", w.Polls(acct), w.Every())
	}
	read := func() action.Step {
		p, err := w.Poll(t.Context(), acct)
		if err != nil || p.Function == nil || p.Function.Function.Name != "orders-consumer" {
			t.Fatalf("poll: %+v %v", p, err)
		}
		return w.Next(p, nil, c.Now())
	}
	first := read()
	if first.Over() || !first.Changed || !strings.Contains(first.Text, "update InProgress") {
		t.Fatalf("first read: %+v", first)
	}
	if again := read(); again.Changed || again.Text != first.Text {
		t.Fatalf("the same state again: %+v", again)
	}
	if failed := w.Next(action.Polled{}, errors.New("connection reset"), c.Now()); failed.Err == nil || failed.Over() || failed.Changed || failed.Text != first.Text {
		t.Fatalf("a failed read: %+v", failed)
	}
	c.Advance(10 * time.Second)
	if done := read(); !done.Over() || !done.Done || done.Failed || !done.Changed || done.Text != "update successful" {
		t.Fatalf("settled: %+v", done)
	}
}

// TestWatcherGivesUp: a change still in progress at the limit ends the
// watch, after a read that worked or one that failed; a service is read
// from its cluster's list.
func TestWatcherGivesUp(t *testing.T) {
	acct, c := newSim(t)
	svc := service(t, acct, "prod-api", "catalog-api")
	a := action.Scale(svc, svc.Desired+2)
	out, err := a.Run(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	w := action.NewWatcher(a, out.Receipt, c.Now(), 5*time.Second)
	if w.Every() != 3*time.Second {
		t.Fatalf("a service read every %s", w.Every())
	}
	p, err := w.Poll(t.Context(), acct)
	if err != nil || p.Service == nil || p.Service.Name != "catalog-api" || len(p.Services) < 2 {
		t.Fatalf("poll: %+v %v", p, err)
	}
	if st := w.Next(p, nil, c.Now()); st.Over() {
		t.Fatalf("done at once: %+v", st)
	}
	late := c.Now().Add(6 * time.Second)
	if st := w.Next(p, nil, late); !st.GaveUp || st.Done {
		t.Fatalf("after the limit: %+v", st)
	}
	if st := w.Next(action.Polled{}, errors.New("timeout"), late); !st.GaveUp {
		t.Fatalf("a failed read after the limit: %+v", st)
	}
	// A backend that cannot read functions cannot follow a function.
	mem := 1024
	fw := action.NewWatcher(action.Configure(detail(t, acct, "orders-consumer").Function, &mem, nil), providers.Receipt{}, c.Now(), time.Minute)
	if !fw.Polls(acct) || fw.Polls(struct{ providers.Backend }{acct}) {
		t.Fatal("only a backend that reads functions follows a function")
	}
}
