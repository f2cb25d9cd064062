package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"

	"github.com/virgahq/virga/internal/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// logPrinter writes events as text or JSON lines; both pass the one
// sanitizer. It reuses one buffer, so printing a million lines makes
// little garbage.
type logPrinter struct {
	w     *bufio.Writer
	json  bool
	multi bool
	// printed counts the events written.
	printed int
	buf     bytes.Buffer
	enc     *json.Encoder
}

// jsonEvent is one event of -o json.
type jsonEvent struct {
	Time    string `json:"time"`
	Group   string `json:"group"`
	Stream  string `json:"stream"`
	ID      string `json:"id,omitempty"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

func (p *logPrinter) print(ev *providers.LogEvent, t *logtarget.Target) error {
	p.printed++
	ts := ev.Timestamp.UTC().Format("2006-01-02T15:04:05.000Z")
	msg := strings.TrimRight(ev.Message, "\r\n")
	if p.json {
		if p.enc == nil {
			p.enc = json.NewEncoder(&p.buf)
		}
		p.buf.Reset()
		if err := p.enc.Encode(jsonEvent{ts, ev.Group, ev.Stream, ev.ID, t.Name, msg}); err != nil {
			return err
		}
		// One sanitizer for everything printed: escapes DEL, C1 and bidi
		// controls inside the document (it returns it as it is when there
		// are none).
		_, err := p.w.WriteString(sanitize.JSON(p.buf.String()))
		return err
	}
	tag := ""
	if p.multi {
		tag = t.Name
	}
	if t.TaskTag {
		tag = strings.TrimPrefix(tag+"/"+logtarget.TaskID(ev.Stream), "/")
	}
	p.w.WriteString(ts)
	p.w.WriteByte(' ')
	if tag != "" {
		p.w.WriteString("[" + sanitize.Line(tag) + "] ")
	}
	p.w.WriteString(sanitize.Text(msg))
	return p.w.WriteByte('\n')
}
