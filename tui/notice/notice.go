// Package notice is the status line's notices: a message that clears
// itself after a while (longer for a warning, longer still for an
// error), and the latest warning or error kept whole for "!", which
// shows it in a pane with the error behind it. The root shows the line
// and the pane; notices reach the root only through Host.
package notice

import (
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/theme"
)

// Host is what the notices need from the program around them.
type Host interface {
	Now() time.Time
	// After delivers msg after d (the root's timer, which tests drive).
	After(d time.Duration, msg tea.Msg) tea.Cmd
	Styles() *theme.Styles
	// Log is the debug log, where warnings and errors go too; nil for none.
	Log() *slog.Logger
}

// ExpiredMsg clears the notice with that id.
type ExpiredMsg struct{ id int }

// Line is the transient notice of the status line. Each notice has an
// id so that the expiry timer of an old one cannot clear a newer one.
type Line struct {
	h     Host
	id    int
	level views.Level
	text  string
	ttl   time.Duration
	// last is the latest warning or error, kept after it leaves the line
	// so ! can show it in full.
	last struct {
		level views.Level
		text  string
		err   error // the error behind text, when there is one
		at    time.Time
	}
	// pane shows last in full.
	pane *kit.Pane
}

// New returns an empty line.
func New(h Host) *Line { return &Line{h: h, pane: kit.NewPane(h.Styles())} }

// Set shows text for ttl; Expire is the Cmd that clears it then.
func (l *Line) Set(level views.Level, text string, ttl time.Duration) {
	l.id++
	l.level, l.text, l.ttl = level, text, ttl
	if level >= views.LevelWarn {
		l.last.level, l.last.text, l.last.err, l.last.at = level, text, nil, l.h.Now()
	}
}

func (l *Line) Expire() tea.Cmd { return l.h.After(l.ttl, ExpiredMsg{id: l.id}) }

// Expired clears the line if msg is its current notice's timer.
func (l *Line) Expired(msg ExpiredMsg) {
	if msg.id == l.id {
		l.text = ""
	}
}

// Notify shows a notice and returns the Cmd that clears it.
func (l *Line) Notify(level views.Level, text string) tea.Cmd {
	ttl := 4 * time.Second
	switch level {
	case views.LevelWarn:
		ttl = 8 * time.Second
	case views.LevelError:
		ttl = 12 * time.Second
	}
	l.Set(level, text, ttl)
	if log := l.h.Log(); level >= views.LevelWarn && log != nil {
		log.Debug("status", "error", level == views.LevelError, "text", journal.MaskText(text))
	}
	return l.Expire()
}

// NotifyErr shows an error's short text and keeps the error itself, so
// ! shows its operation, request id and AWS's own words.
func (l *Line) NotifyErr(text string, err error) tea.Cmd {
	cmd := l.Notify(views.LevelError, text)
	l.last.err = err
	return cmd
}

// Shown is the notice on the line, "" when none.
func (l *Line) Shown() (string, views.Level) { return l.text, l.level }

// Clear takes the notice off the line.
func (l *Line) Clear() { l.text = "" }

// Pane is the pane that shows the latest warning or error in full.
func (l *Line) Pane() *kit.Pane { return l.pane }

// HasLast says a warning or error was shown this session.
func (l *Line) HasLast() bool { return l.last.text != "" }

// Sync rebuilds the pane for a line width; it runs when the pane opens
// and when the terminal is resized.
func (l *Line) Sync(width int) {
	last := l.last
	l.pane.SetContent(views.MessageTitle(last.level)+" — esc closes",
		views.MessageLines(l.h.Styles(), views.Message{Level: last.level, Text: last.text, Err: last.err, At: last.at}, l.h.Now(), width))
	l.pane.SetFocused(true)
}
