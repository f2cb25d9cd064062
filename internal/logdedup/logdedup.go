// Package logdedup drops log events that a follower reads twice. Reads
// overlap on purpose: a poll re-reads the last seconds before where the
// previous one ended, for events CloudWatch ingests late, and a backfill
// after a Live Tail reconnect re-reads what the old session may have sent.
// Live Tail events carry no event id, so an event is known by its content
// (log group, stream, timestamp, message), and counted: two identical
// lines logged in the same millisecond are two events, kept twice.
//
// Only the overlap is remembered. The caller says how far back reads can
// reach (Forget); keys older than that are dropped, so memory follows the
// overlap's event count, not the time followed.
package logdedup

import (
	"hash/maphash"
	"strconv"
	"time"

	"github.com/virgahq/virga/providers"
)

// Window remembers the events kept within the re-read overlap. It is not
// safe for concurrent use.
type Window struct {
	seed maphash.Seed
	kept map[uint64]entry
	// horizon (Unix ms): events before it are never re-read, so they are
	// neither checked nor remembered.
	horizon int64
	// swept is the horizon and size at the last sweep, which spaces
	// sweeps out so that each costs less than what was added since.
	sweptAt  int64
	sweptLen int
	// reads numbers the reads, so an entry can count its copies in the
	// read that saw it last without a map per read.
	reads uint32
}

// entry is what is known of one event: how many copies of it were kept,
// and how many the read that saw it last (read) has seen.
type entry struct {
	ms     int64
	n      int32
	inRead int32
	read   uint32
}

// New returns an empty window.
func New() *Window {
	return &Window{seed: maphash.MakeSeed(), kept: map[uint64]entry{}, horizon: -1 << 62}
}

// Len is how many distinct events are remembered.
func (w *Window) Len() int { return len(w.kept) }

// Read is one pass over a time range (a poll round across its pages and
// groups, one backfill, one Live Tail update): within a read, the n-th
// copy of an event is new unless n copies were kept before. Reads of the
// same events run one after the other, not interleaved: an event counts
// its copies for the read that saw it last.
type Read struct {
	w  *Window
	id uint32
	// from (Unix ms): later reads start no earlier, so events before it
	// are not remembered. A read of hours keeps only its last seconds.
	from int64
}

// NewRead starts a read after which no read reaches back before from
// (the read's end minus the overlap).
func (w *Window) NewRead(from time.Time) *Read {
	w.reads++
	return &Read{w: w, id: w.reads, from: from.UnixMilli()}
}

// Keep reports whether ev has not been kept yet, and remembers it when a
// later read may see it again.
func (r *Read) Keep(ev *providers.LogEvent) bool {
	ms := ev.Timestamp.UnixMilli()
	if ms < r.w.horizon || (ms < r.from && len(r.w.kept) == 0) {
		// Older than anything a read reaches twice.
		return true
	}
	k := r.w.key(ev, ms)
	e, known := r.w.kept[k]
	if !known && ms < r.from {
		return true
	}
	if e.read != r.id {
		e.read, e.inRead = r.id, 0
	}
	e.ms = ms
	e.inRead++
	kept := e.inRead > e.n
	if kept {
		e.n = e.inRead
	}
	r.w.kept[k] = e
	return kept
}

// Forget drops what no read will reach again: events before t.
func (w *Window) Forget(t time.Time) {
	ms := t.UnixMilli()
	if ms <= w.horizon {
		return
	}
	w.horizon = ms
	// Sweep when the kept set doubled or the horizon moved on a good
	// stretch since the last sweep; in between, old keys wait.
	if len(w.kept) < 2*w.sweptLen+1024 && ms-w.sweptAt < 5_000 {
		return
	}
	for k, e := range w.kept {
		if e.ms < ms {
			delete(w.kept, k)
		}
	}
	w.sweptAt, w.sweptLen = ms, len(w.kept)
}

// Reset forgets everything (a new range or filter).
func (w *Window) Reset() {
	clear(w.kept)
	w.horizon, w.sweptAt, w.sweptLen = -1<<62, 0, 0
}

func (w *Window) key(ev *providers.LogEvent, ms int64) uint64 {
	var h maphash.Hash
	h.SetSeed(w.seed)
	h.WriteString(ev.Group)
	h.WriteByte(0)
	h.WriteString(ev.Stream)
	h.WriteByte(0)
	var b [20]byte
	h.Write(strconv.AppendInt(b[:0], ms, 10))
	h.WriteByte(0)
	h.WriteString(ev.Message)
	return h.Sum64()
}
