package main

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

type fakeFrame struct{ w, h int }

func (f *fakeFrame) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(tea.WindowSizeMsg); ok {
		f.w, f.h = s.Width, s.Height
	}
	return nil, nil
}
func (f *fakeFrame) Render() string { return "top\nbottom" }

func TestWriteFirstFrameUsesTheAlternateScreen(t *testing.T) {
	var b strings.Builder
	writeFirstFrame(&b, "top\nbottom")
	got := b.String()
	if !strings.HasPrefix(got, ansi.SetModeAltScreenSaveCursor) {
		t.Fatalf("the first frame does not enter the alternate screen: %q", got)
	}
	if !strings.HasSuffix(got, ansi.CursorHomePosition+"top\r\nbottom") {
		t.Fatalf("the frame is not drawn from home with CR LF: %q", got)
	}
}

func TestDrawFirstFrameSkipsNonTerminals(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := &fakeFrame{}
	if drawFirstFrame(f, m) {
		t.Fatal("drew a first frame into a file")
	}
	if st, _ := f.Stat(); st.Size() != 0 || m.w != 0 {
		t.Fatalf("wrote %d bytes, sized the model %dx%d", st.Size(), m.w, m.h)
	}
}
