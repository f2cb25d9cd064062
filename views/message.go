package views

import (
	"errors"
	"time"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Message is a warning or an error the status line showed.
type Message struct {
	Level Level
	Text  string
	// Err is the error behind Text, if any: its operation, IAM action,
	// request id and the cause's own words are shown too.
	Err error
	At  time.Time
}

// MessageTitle names a status message's pane by its level.
func MessageTitle(level Level) string {
	if level == LevelError {
		return "Last error"
	}
	return "Last warning"
}

// MessageLines is a status message in full, wrapped to width: when it was
// shown, its text, and what the error behind it says, for the message the
// status line had to cut.
func MessageLines(st *theme.Styles, msg Message, now time.Time, width int) []string {
	tone := st.Text.Warn
	if msg.Level == LevelError {
		tone = st.Text.Err
	}
	l := &wrapLines{lines: lines{st: st}, width: max(width-DetailIndent-1, 20)}
	l.out = append(l.out, st.Text.Muted.Render(msg.At.Local().Format("15:04:05")+" · "+format.Age(now, msg.At)+" ago"), "")
	for _, s := range kit.Wrap(sanitize.Line(msg.Text), max(width-1, 20)) {
		l.out = append(l.out, tone.Render(s))
	}
	var pe *providers.Error
	if !errors.As(msg.Err, &pe) {
		if msg.Err != nil && msg.Err.Error() != msg.Text {
			l.out = append(l.out, "")
			l.kv("error", msg.Err.Error())
		}
		return l.out
	}
	l.out = append(l.out, "")
	l.kv("kind", pe.Kind.String())
	if pe.Op != "" {
		l.kv("operation", pe.Op)
	}
	if pe.Action != "" {
		l.kv("IAM action", pe.Action)
	}
	if pe.RequestID != "" {
		l.kv("request id", pe.RequestID)
	}
	if pe.Err != nil {
		l.kv("AWS said", pe.Err.Error())
	}
	return l.out
}
