package tui

import "github.com/virgahq/virga/views/logs"

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
