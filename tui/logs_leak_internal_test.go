package tui

import (
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers/sim"
	"github.com/virgahq/virga/tui/logpane"
	"go.uber.org/goleak"
)

// TestNoStreamLeftAfterPaneCloses runs a log pane on the simulated
// account's real Live Tail (paced by real seconds), with Cmds run on
// goroutines as Bubble Tea runs them, then closes the pane and checks
// that no goroutine is left: the session, its reader and every call end.
func TestNoStreamLeftAfterPaneCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a live tail for a few real seconds")
	}
	defer goleak.VerifyNone(t)
	done := make(chan struct{})
	msgs := make(chan tea.Msg, 4096)
	var wg sync.WaitGroup
	var exec func(tea.Cmd)
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := cmd()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					exec(c)
				}
				return
			}
			if msg != nil {
				select {
				case msgs <- msg:
				case <-done:
				}
			}
		}()
	}
	acct := sim.New(sim.Config{Seed: 1, Now: time.Now})
	m := New(Options{Backend: acct, Now: time.Now, After: func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg {
			tm := time.NewTimer(d)
			defer tm.Stop()
			select {
			case <-tm.C:
				return msg
			case <-done:
				return nil
			}
		}
	}})
	pump := func(d time.Duration) {
		end := time.After(d)
		for {
			select {
			case msg := <-msgs:
				_, cmd := m.Update(msg)
				exec(cmd)
			case <-end:
				return
			}
		}
	}
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(cmd)
	exec(m.Init())
	pump(300 * time.Millisecond)
	exec(logpane.OpenFunction(host{m}, "clickstream-ingest"))
	pump(2500 * time.Millisecond)
	sess := logpane.SessionOf(m.top().scr)
	if _, ok := m.top().scr.(*logpane.Screen); !ok || !sess.Tailing() || sess.Viewer().Ring().Len() == 0 {
		t.Fatalf("live tail did not run (tailing %v)", sess != nil && sess.Tailing())
	}
	_, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	exec(cmd)
	pump(1500 * time.Millisecond)
	if sess.Streaming() {
		t.Fatal("the pane's stream is still running after it closed")
	}
	m.Close()
	close(done)
	wg.Wait()
}
