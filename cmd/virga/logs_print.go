package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/virgahq/virga/logtarget"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// logPrinter writes events as text or JSON lines. Text passes the
// sanitizer; JSON escapes what a terminal could act on. It reuses one
// buffer, so printing a million lines makes little garbage.
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
		return writeJSONSafe(p.w, p.buf.Bytes())
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

// writeJSONSafe writes a JSON document, escaping what encoding/json
// leaves raw but a terminal could act on: DEL, C1 controls and
// bidirectional overrides. The document stays valid JSON with the same
// content. Most lines have none of them and are written as they are.
func writeJSONSafe(w *bufio.Writer, doc []byte) error {
	if bytes.IndexByte(doc, 0x7f) < 0 && bytes.IndexByte(doc, 0xc2) < 0 && bytes.IndexByte(doc, 0xe2) < 0 {
		_, err := w.Write(doc)
		return err
	}
	for len(doc) > 0 {
		r, size := utf8.DecodeRune(doc)
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			w.WriteString(`\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:])
		} else {
			w.Write(doc[:size])
		}
		doc = doc[size:]
	}
	return nil
}
