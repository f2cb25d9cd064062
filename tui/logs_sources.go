package tui

import (
	"slices"
	"strings"

	"github.com/virgahq/virga/logtarget"
	"github.com/virgahq/virga/providers"
)

// logSource is one stream of lines: a function's log group, or one
// container's streams in a task definition's awslogs group.
type logSource struct {
	name    string
	group   string
	streams []string // exact streams (a task's container)
	prefix  string   // stream name prefix (a service's container)
	// taskTag tags each line with the task id from the stream name.
	taskTag bool
}

// sourcesOf turns targets into the pane's sources.
func sourcesOf(ts []logtarget.Target) []logSource {
	srcs := make([]logSource, len(ts))
	for i, t := range ts {
		srcs[i] = logSource{name: t.Name, group: t.Group, streams: t.Streams, prefix: t.Prefix, taskTag: t.TaskTag}
	}
	return srcs
}

func (s *logSource) has(ev *providers.LogEvent) bool {
	if ev.Group != "" && ev.Group != s.group {
		return false
	}
	switch {
	case len(s.streams) > 0:
		return slices.Contains(s.streams, ev.Stream)
	case s.prefix != "":
		return strings.HasPrefix(ev.Stream, s.prefix)
	}
	return true
}

// logQuery is one request's selection: a group and what of it.
type logQuery struct {
	group   string
	streams []string
	prefix  string
}

// whole says the query reads its whole group.
func (q *logQuery) whole() bool { return len(q.streams) == 0 && q.prefix == "" }

// queriesFor merges sources by group: exact streams are unioned, a single
// prefix is kept, and anything else reads the whole group (lines are then
// sorted to their source, or dropped when they belong to none).
func queriesFor(srcs []logSource) []logQuery {
	var out []logQuery
	idx := map[string]int{}
	for _, s := range srcs {
		i, ok := idx[s.group]
		if !ok {
			idx[s.group] = len(out)
			out = append(out, logQuery{group: s.group, streams: slices.Clone(s.streams), prefix: s.prefix})
			continue
		}
		q := &out[i]
		switch {
		case len(q.streams) > 0 && len(s.streams) > 0:
			q.streams = append(q.streams, s.streams...)
		case q.prefix != "" && q.prefix == s.prefix:
		default:
			q.streams, q.prefix = nil, ""
		}
	}
	return out
}
