package logpane

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/xdg"
	"github.com/virgahq/virga/views"
)

// logSavedMsg says where the pane's lines were written.
type logSavedMsg struct {
	scr  int
	path string
	n    int
	err  error
}

func (m logSavedMsg) ScreenID() int { return m.scr }

// maxClipboard caps what one copy sends through OSC 52: terminals refuse
// or truncate large payloads.
const maxClipboard = 64 << 10

// copySelection puts the selected lines on the clipboard with OSC 52
// (tea.SetClipboard), which reaches the local terminal over SSH when the
// terminal allows it. The text is the sanitized line, never raw bytes.
func (s *Screen) copySelection() tea.Cmd {
	text := s.sess.v.Selection()
	if text == "" {
		return s.host.Notify(views.LevelInfo, "nothing selected to copy")
	}
	note := ""
	if len(text) > maxClipboard {
		text, note = text[:maxClipboard], " (cut to 64 KiB)"
	}
	n := strings.Count(text, "\n") + 1
	s.sess.v.ToggleMarkOff()
	s.render()
	return tea.Batch(tea.SetClipboard(text),
		s.host.Notify(views.LevelInfo, "copied "+strconv.Itoa(n)+" line(s) to the clipboard via OSC 52"+note))
}

// save writes the shown lines (or all buffered lines) to a file in the
// configured directory, else the current directory, else the XDG state
// directory, and says where in the status line.
func (s *Screen) save(all bool) tea.Cmd {
	if s.host.LogOptions().NoSave {
		return s.host.Notify(views.LevelWarn, "saving is off on this server; y copies lines to your clipboard")
	}
	lines := s.sess.v.Export(all)
	if len(lines) == 0 {
		return s.host.Notify(views.LevelInfo, "no lines to save")
	}
	name := "virga-" + fileSafe(s.sess.name) + "-" + s.host.Now().In(s.host.Location()).Format("20060102-150405") + ".log"
	dirs := saveDirs(s.host.LogOptions().SaveDir)
	id := s.id
	return func() tea.Msg {
		path, err := writeLines(dirs, name, lines)
		return logSavedMsg{scr: id, path: path, n: len(lines), err: err}
	}
}

func (s *Screen) saved(msg logSavedMsg) tea.Cmd {
	if msg.err != nil {
		return s.host.Notify(views.LevelError, "could not save: "+msg.err.Error())
	}
	return s.host.Notify(views.LevelInfo, "saved "+strconv.Itoa(msg.n)+" lines to "+msg.path)
}

func saveDirs(configured string) []string {
	if configured != "" {
		return []string{configured}
	}
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	if state := xdg.StateDir(); state != "" {
		dirs = append(dirs, state)
	}
	return dirs
}

// writeLines writes lines to name in the first directory that takes it.
// Files are private (0600): logs can hold secrets.
func writeLines(dirs []string, name string, lines []string) (string, error) {
	var errs []error
	for _, dir := range dirs {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			errs = append(errs, err)
			continue
		}
		path := filepath.Join(dir, name)
		fh, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		w := bufio.NewWriter(fh)
		for _, l := range lines {
			_, _ = w.WriteString(l)
			_ = w.WriteByte('\n')
		}
		err = errors.Join(w.Flush(), fh.Close())
		if err != nil {
			return "", err
		}
		return path, nil
	}
	if len(errs) == 0 {
		return "", errors.New("no directory to save in")
	}
	return "", errors.Join(errs...)
}

// fileSafe keeps letters, digits, dot, dash and underscore.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-.")
}
