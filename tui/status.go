package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/views"
)

// statusLine is the transient message of the bottom line. Each message has
// an id so that the expiry timer of an old message cannot clear a newer one.
type statusLine struct {
	id      int
	level   views.Level
	text    string
	ttl     time.Duration
	expires time.Time
	// last is the latest warning or error, kept after it leaves the line
	// so ! can show it in full.
	last struct {
		level views.Level
		text  string
		err   error // the error behind text, when there is one
		at    time.Time
	}
}

func (s *statusLine) set(level views.Level, text string, ttl time.Duration, now time.Time) {
	s.id++
	s.level, s.text, s.ttl = level, text, ttl
	s.expires = now.Add(ttl)
	if level >= views.LevelWarn {
		s.last.level, s.last.text, s.last.err, s.last.at = level, text, nil, now
	}
}

func (s *statusLine) expireCmd(after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	return after(s.ttl, statusExpiredMsg{id: s.id})
}

// notify sets a status message and returns the Cmd that clears it.
func (m *Model) notify(level views.Level, text string) tea.Cmd {
	ttl := 4 * time.Second
	switch level {
	case views.LevelWarn:
		ttl = 8 * time.Second
	case views.LevelError:
		ttl = 12 * time.Second
	}
	m.status.set(level, text, ttl, m.now())
	if level >= views.LevelWarn && m.opt.Log != nil {
		m.opt.Log.Debug("status", "error", level == views.LevelError, "text", journal.MaskText(text))
	}
	return m.status.expireCmd(m.opt.After)
}
