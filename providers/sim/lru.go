package sim

import (
	"container/list"
	"sync"
	"unsafe"
)

// lru is a size-bounded cache of values that are expensive to recompute
// but always recomputable: evicting only costs time, never correctness.
// It has its own lock so that cache hits never wait on the model lock.
type lru[K comparable, V any] struct {
	mu      sync.Mutex
	maxCost int
	cost    int
	order   *list.List // front = most recently used
	items   map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	cost int
}

func newLRU[K comparable, V any](maxCost int) *lru[K, V] {
	return &lru[K, V]{maxCost: maxCost, order: list.New(), items: map[K]*list.Element{}}
}

func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry[K, V]).val, true
	}
	var zero V
	return zero, false
}

func (c *lru[K, V]) put(k K, v V, cost int) {
	cost = max(cost, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		old := e.Value.(*lruEntry[K, V])
		c.cost += cost - old.cost
		old.val, old.cost = v, cost
		c.order.MoveToFront(e)
	} else {
		c.items[k] = c.order.PushFront(&lruEntry[K, V]{key: k, val: v, cost: cost})
		c.cost += cost
	}
	c.evictLocked(1)
}

// evictLocked drops the least recently used entries while the cache is
// over its bound and holds more than keep of them. c.mu is held.
func (c *lru[K, V]) evictLocked(keep int) {
	for c.cost > c.maxCost && c.order.Len() > keep {
		e := c.order.Back()
		ent := e.Value.(*lruEntry[K, V])
		c.order.Remove(e)
		delete(c.items, ent.key)
		c.cost -= ent.cost
	}
}

// minuteKey names one minute of one function (or task, or service).
type minuteKey struct {
	src uint64
	m   int64
}

// eventsKey names the sorted events of one timestamp-minute of one log
// group, optionally already filtered by a query (q = 0: unfiltered).
type eventsKey struct {
	src uint64
	m   int64
	q   uint64
}

// shrink evicts entries until the cache is within its bound, the last
// one too: an entry larger than the whole bound stays while it is the
// only one (a burst minute paged through), and goes before another is
// built, so that two such minutes are never held at once.
func (c *lru[K, V]) shrink() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evictLocked(0)
}

// eventsCost is what a minute's events cost in the cache: their text and
// the struct around it, in bytes.
func eventsCost(evs []logEvent) int {
	n := 0
	for i := range evs {
		n += len(evs[i].msg) + int(unsafe.Sizeof(evs[i]))
	}
	return n
}

// caches holds everything the model memoises.
type caches struct {
	stats  *lru[minuteKey, *minuteStats]
	events *lru[eventsKey, []logEvent]
	acct   *lru[int64, acctMinute]
}

func newCaches() *caches {
	return &caches{
		// ~4M durations (16 MB) cover an hour of a busy account.
		stats: newLRU[minuteKey, *minuteStats](4 << 20),
		// 16 MiB of events (see eventsCost). A minute larger than that
		// (a clickstream-ingest burst) stays alone in the cache while it
		// is paged through; the bound keeps a demo process small, since
		// the simulated account lives in it (virga logs --demo over an
		// hour of clickstream-ingest peaks at 125-140 MiB).
		events: newLRU[eventsKey, []logEvent](16 << 20),
		acct:   newLRU[int64, acctMinute](50_000),
	}
}
