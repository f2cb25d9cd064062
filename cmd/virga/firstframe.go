package main

import (
	"io"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// frameRenderer is the part of the root model the first frame needs.
type frameRenderer interface {
	Update(tea.Msg) (tea.Model, tea.Cmd)
	Render() string
}

// drawFirstFrame writes the model's first frame to the terminal before
// Bubble Tea starts. The renderer draws only on its ticker, whose first
// tick comes a whole frame interval (67 ms at 15 fps) after start, and
// raising the rate costs idle CPU on every tick after; drawing the
// first frame here puts it on screen as soon as the model can make it.
// Bubble Tea's first tick then clears the alternate screen and draws the
// same frame in one write. It reports whether it drew: not when out is
// not a terminal or cannot show one.
func drawFirstFrame(out *os.File, m frameRenderer) bool {
	if !term.IsTerminal(out.Fd()) || os.Getenv("TERM") == "dumb" {
		return false
	}
	w, h, err := term.GetSize(out.Fd())
	if err != nil || w <= 0 || h <= 0 {
		return false
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	writeFirstFrame(colorprofile.NewWriter(out, os.Environ()), m.Render())
	return true
}

// leaveFirstFrame restores the screen a first frame was drawn on, for
// when Bubble Tea failed before it could.
func leaveFirstFrame(out io.Writer) {
	_, _ = io.WriteString(out, ansi.ShowCursor+ansi.ResetModeAltScreenSaveCursor)
}

// writeFirstFrame enters the alternate screen (saving the cursor, as
// Bubble Tea does; it leaves it on exit) and draws frame from the top
// left. The terminal is not in raw mode yet, so lines end in CR LF.
func writeFirstFrame(out io.Writer, frame string) {
	var b strings.Builder
	b.WriteString(ansi.SetModeAltScreenSaveCursor)
	b.WriteString(ansi.HideCursor)
	b.WriteString(ansi.CursorHomePosition)
	b.WriteString(strings.ReplaceAll(frame, "\n", "\r\n"))
	_, _ = io.WriteString(out, b.String())
}
