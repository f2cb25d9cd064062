package logtarget

import (
	"slices"
	"strings"

	"github.com/virgahq/virga/providers"
)

// Has reports whether an event of group and stream is one of the
// target's lines. An empty group matches any (the event came from a read
// of the target's own group).
func (t *Target) Has(group, stream string) bool {
	if group != "" && group != t.Group {
		return false
	}
	switch {
	case len(t.Streams) > 0:
		return slices.Contains(t.Streams, stream)
	case t.Prefix != "":
		return strings.HasPrefix(stream, t.Prefix)
	}
	return true
}

// Query is one read's selection: a log group and what of it.
type Query struct {
	Group   string
	Streams []string
	Prefix  string
}

// Whole says the query reads its whole group.
func (q *Query) Whole() bool { return len(q.Streams) == 0 && q.Prefix == "" }

// Queries merges targets by group, so each group is read once: exact
// streams are unioned, one shared prefix is kept, and anything else reads
// the whole group (lines are then sorted to their target with Has, or
// dropped when they belong to none).
func Queries(ts []Target) []Query {
	var out []Query
	idx := map[string]int{}
	for _, t := range ts {
		i, ok := idx[t.Group]
		if !ok {
			idx[t.Group] = len(out)
			out = append(out, Query{Group: t.Group, Streams: slices.Clone(t.Streams), Prefix: t.Prefix})
			continue
		}
		q := &out[i]
		switch {
		case len(q.Streams) > 0 && len(t.Streams) > 0:
			q.Streams = append(q.Streams, t.Streams...)
		case q.Prefix != "" && q.Prefix == t.Prefix:
		default:
			q.Streams, q.Prefix = nil, ""
		}
	}
	return out
}

// MaxTailGroups is Live Tail's limit of log groups per session.
const MaxTailGroups = 10

// Tail is the Live Tail request over qs, and whether Live Tail can
// express it at all: at most 10 groups, and stream filters only with a
// single group.
func Tail(qs []Query, pattern string) (providers.TailRequest, bool) {
	if len(qs) == 0 || len(qs) > MaxTailGroups {
		return providers.TailRequest{}, false
	}
	req := providers.TailRequest{Pattern: pattern}
	for _, q := range qs {
		if len(qs) > 1 && !q.Whole() {
			return providers.TailRequest{}, false
		}
		req.Groups = append(req.Groups, q.Group)
	}
	if len(qs) == 1 {
		req.Streams = qs[0].Streams
		if qs[0].Prefix != "" {
			req.StreamPrefixes = []string{qs[0].Prefix}
		}
	}
	return req, true
}

// Route sorts events to the targets they belong to: it returns, for each
// event, the index of its target, or -1 when it belongs to none (a whole
// group read for a narrower selection). An event without a group is of
// the only group read, when one was.
func Route(ts []Target, qs []Query, ev *providers.LogEvent) int {
	if ev.Group == "" && len(qs) == 1 {
		ev.Group = qs[0].Group
	}
	for i := range ts {
		if ts[i].Has(ev.Group, ev.Stream) {
			return i
		}
	}
	return -1
}
