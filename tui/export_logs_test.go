package tui

import (
	"github.com/virgahq/virga/tui/logpane"
	"github.com/virgahq/virga/views/logs"
)

// LogLinesThrough counts the lines that went through the buffer of the
// log session on top: those held and those evicted.
func LogLinesThrough(m *Model) int64 {
	sess := logpane.SessionOf(m.top().scr)
	if sess == nil {
		return 0
	}
	return sess.Viewer().Ring().Evicted() + int64(sess.Viewer().Ring().Len())
}

// LogBufferOf returns the lines held by the log session of the screen on
// top (log or invocations screen), oldest first, for tests.
func LogBufferOf(m *Model) []logs.Line {
	sess := logpane.SessionOf(m.top().scr)
	if sess == nil {
		return nil
	}
	r := sess.Viewer().Ring()
	out := make([]logs.Line, 0, r.Len())
	for i := r.First(); i < r.Next(); i++ {
		out = append(out, *r.At(i))
	}
	return out
}
