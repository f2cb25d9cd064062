package shared

import (
	"context"
	"slices"
	"strings"

	"github.com/virgahq/virga/providers"
)

// fanout is one upstream Live Tail session and the followers reading it.
type fanout struct {
	key     string
	started chan struct{} // closed once the upstream answered
	err     error         // the upstream's start error
	cancel  context.CancelFunc
	ended   bool
	subs    map[*follower]struct{}
}

// follower is one session's stream of a fanout.
type follower struct {
	v  *View
	ch chan providers.LogBatch
	// dropped counts events not delivered since the last delivered batch.
	dropped int
}

// tailKey names what a tail reads, whatever order the caller listed it in.
func tailKey(r providers.TailRequest) string {
	sorted := func(s []string) string {
		s = slices.Clone(s)
		slices.Sort(s)
		return strings.Join(s, "\x1e")
	}
	return strings.Join([]string{sorted(r.Groups), sorted(r.Streams), sorted(r.StreamPrefixes), r.Pattern}, "\x1f")
}

// Tail follows req through the one upstream Live Tail session for it,
// opening that session when this is its first follower and closing it
// when the last one leaves. The channel is closed when ctx is done or
// after a batch carrying Err.
func (v *View) Tail(ctx context.Context, req providers.TailRequest) (<-chan providers.LogBatch, error) {
	c := v.c
	key := tailKey(req)
	c.mu.Lock()
	f := c.tails[key]
	first := f == nil
	if first {
		f = &fanout{key: key, started: make(chan struct{}), subs: map[*follower]struct{}{}}
		c.tails[key] = f
	}
	c.mu.Unlock()

	if first {
		// The upstream belongs to the cache, not to the session that
		// happened to open it.
		uctx, cancel := context.WithCancel(c.life)
		up, err := c.up.Tail(uctx, req)
		c.mu.Lock()
		f.err, f.cancel = err, cancel
		if err != nil {
			cancel()
			if c.tails[key] == f {
				delete(c.tails, key)
			}
		} else {
			c.upstreams++
		}
		close(f.started)
		c.mu.Unlock()
		if err == nil {
			go c.pump(f, up)
		}
	} else {
		select {
		case <-f.started:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	c.mu.Lock()
	if f.err != nil {
		c.mu.Unlock()
		return nil, f.err
	}
	if f.ended {
		// The upstream ended between its start and this follower joining:
		// open a fresh one.
		c.mu.Unlock()
		return v.Tail(ctx, req)
	}
	s := &follower{v: v, ch: make(chan providers.LogBatch, c.cfg.TailBuffer)}
	f.subs[s] = struct{}{}
	v.own.tails++
	c.totals.tails++
	c.mu.Unlock()
	context.AfterFunc(ctx, func() { c.leave(f, s) })
	return s.ch, nil
}

// leave removes a follower whose context ended; the last one to leave
// ends the upstream session (Live Tail is billed per session-minute).
func (c *Cache) leave(f *fanout, s *follower) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := f.subs[s]; !ok {
		return
	}
	delete(f.subs, s)
	close(s.ch)
	if len(f.subs) == 0 && !f.ended {
		f.ended = true
		f.cancel()
		if c.tails[f.key] == f {
			delete(c.tails, f.key)
		}
	}
}

// pump copies every upstream batch to every follower without waiting for
// any: a follower whose buffer is full misses the batch, and the next
// batch it gets says how many events it missed.
func (c *Cache) pump(f *fanout, up <-chan providers.LogBatch) {
	for b := range up {
		c.mu.Lock()
		for s := range f.subs {
			c.deliver(s, b)
		}
		c.mu.Unlock()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.upstreams--
	if !f.ended {
		f.ended = true
		f.cancel()
		if c.tails[f.key] == f {
			delete(c.tails, f.key)
		}
	}
	for s := range f.subs {
		delete(f.subs, s)
		close(s.ch)
	}
}

// deliver hands b to one follower. Each gets its own copy of the events
// (a reader may annotate them). The batch that ends the stream is never
// lost: the oldest waiting batch makes room for it.
func (c *Cache) deliver(s *follower, b providers.LogBatch) {
	out := b
	out.Events = slices.Clone(b.Events)
	out.Dropped = s.dropped
	if b.Err != nil {
		for {
			select {
			case s.ch <- out:
				return
			default:
			}
			select {
			case old := <-s.ch:
				c.dropFor(s, len(old.Events))
				out.Dropped = s.dropped
			default:
			}
		}
	}
	select {
	case s.ch <- out:
		s.dropped = 0
	default:
		c.dropFor(s, len(b.Events))
	}
}

func (c *Cache) dropFor(s *follower, n int) {
	s.dropped += n
	s.v.own.dropped += n
	c.totals.dropped += n
}
