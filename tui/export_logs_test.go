package tui

import "github.com/virgahq/virga/views/logs"

// LogLinesThrough counts the lines that went through the buffer of the
// log session on top: those held and those evicted.
func LogLinesThrough(m *Model) int64 {
	switch s := m.top().scr.(type) {
	case *logScreen:
		return s.sess.v.Ring().Evicted() + int64(s.sess.v.Ring().Len())
	case *invScreen:
		return s.sess.v.Ring().Evicted() + int64(s.sess.v.Ring().Len())
	}
	return 0
}

// LogBufferOf returns the lines held by the log session of the screen on
// top (log or invocations screen), oldest first, for tests.
func LogBufferOf(m *Model) []logs.Line {
	var sess *logSession
	switch s := m.top().scr.(type) {
	case *logScreen:
		sess = s.sess
	case *invScreen:
		sess = s.sess
	default:
		return nil
	}
	r := sess.v.Ring()
	out := make([]logs.Line, 0, r.Len())
	for i := r.First(); i < r.Next(); i++ {
		out = append(out, *r.At(i))
	}
	return out
}
