package tui_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/logs"
)

// TestSharedTailDropsAreMarked: lines a shared Live Tail could not hand
// this pane are said where they were lost, never silently.
func TestSharedTailDropsAreMarked(t *testing.T) {
	g := "/aws/lambda/checkout-api"
	at := start.Add(time.Second)
	be := &scriptedTail{sessions: [][]providers.LogBatch{
		{{Events: fakeEvents(g, at, "one", 2)}, {Events: fakeEvents(g, at.Add(time.Second), "two", 2), Dropped: 42}},
	}}
	h, _ := newDemo(t, 140, 40, over(be), liveTail)
	h.key("/", "type:checkout-api", "enter", "l")
	gaps := markers(h.logLines(), logs.KindGap)
	if len(gaps) != 1 || !strings.Contains(gaps[0], "42 lines were dropped here") {
		t.Fatalf("gaps: %q", gaps)
	}
}

// TestNoticeFromOutside: a Notice sent to the program (the server
// shutting down) shows in the status line.
func TestNoticeFromOutside(t *testing.T) {
	h, _ := newDemo(t, 100, 30)
	h.send(tui.Notice{Text: "virga serve is shutting down: this session ends in 10s"})
	h.mustSee("shutting down: this session ends in 10s")
}

// TestNoSaveRefusesSaving: with NoSave (a serve session) S writes no file.
func TestNoSaveRefusesSaving(t *testing.T) {
	dir := t.TempDir()
	h, _ := newDemo(t, 140, 40, func(o *setup) { o.Logs.SaveDir, o.Logs.NoSave = dir, true })
	h.key("/", "type:checkout-api", "enter", "l")
	h.advance(3 * time.Second)
	h.key("S")
	h.mustSee("saving is off on this server")
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Fatalf("a file was saved: %v", files)
	}
}
