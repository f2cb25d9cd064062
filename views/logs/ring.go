package logs

// Ring is a bounded double-ended buffer of lines. It holds at most Cap
// lines and about MaxBytes bytes of text; pushing past either bound at the
// back evicts the oldest lines, which is O(1) per line, so a burst never
// re-lays out the buffer.
//
// Every line keeps an absolute index for its whole life: the back grows
// upward from 0 and lines pushed at the front (older history paged in)
// get indexes below the first. Views anchor their scroll position and
// selection to absolute indexes, which stay valid while lines arrive.
type Ring struct {
	buf      []Line
	max      int // line bound; buf grows up to it on demand
	head     int // position in buf of the first line
	n        int
	first    int64 // absolute index of the first line
	bytes    int
	maxBytes int
	// evicted counts lines dropped to stay inside the bounds.
	evicted int64
	// cut says lines older than the first held one were dropped (evicted,
	// or refused at the front), so the oldest line held is not the oldest
	// line of the range: views mark it.
	cut bool
}

// Default bounds of a pane's buffer.
const (
	DefaultLines = 50_000
	DefaultBytes = 64 << 20
)

// NewRing returns an empty buffer of at most lines lines and maxBytes
// bytes (zero or less means the defaults).
func NewRing(lines, maxBytes int) *Ring {
	if lines <= 0 {
		lines = DefaultLines
	}
	if maxBytes <= 0 {
		maxBytes = DefaultBytes
	}
	return &Ring{max: lines, maxBytes: maxBytes}
}

// grow enlarges buf when it is full and below the line bound, so an empty
// pane does not hold 50,000 zeroed lines.
func (r *Ring) grow() {
	if r.n < len(r.buf) || len(r.buf) >= r.max {
		return
	}
	nb := make([]Line, min(max(2*len(r.buf), 256), r.max))
	for i := range r.n {
		nb[i] = r.buf[(r.head+i)%len(r.buf)]
	}
	r.buf, r.head = nb, 0
}

// Cap is the line bound.
func (r *Ring) Cap() int { return r.max }

// MaxBytes is the byte bound.
func (r *Ring) MaxBytes() int { return r.maxBytes }

// Len is the number of lines held.
func (r *Ring) Len() int { return r.n }

// Bytes is the text held, as counted against the byte cap.
func (r *Ring) Bytes() int { return r.bytes }

// Evicted counts the lines dropped to stay inside the bounds.
func (r *Ring) Evicted() int64 { return r.evicted }

// First is the absolute index of the oldest line; Next is one past the
// newest.
func (r *Ring) First() int64 { return r.first }

// Next is the absolute index the next pushed line gets.
func (r *Ring) Next() int64 { return r.first + int64(r.n) }

// At returns the line with absolute index i, or nil when it is not held.
func (r *Ring) At(i int64) *Line {
	if i < r.first || i >= r.first+int64(r.n) {
		return nil
	}
	return &r.buf[(r.head+int(i-r.first))%len(r.buf)]
}

// Push appends a line at the back, evicting the oldest lines when a bound
// is exceeded.
func (r *Ring) Push(l Line) {
	r.grow()
	if r.n == len(r.buf) {
		r.dropFront()
	}
	r.buf[(r.head+r.n)%len(r.buf)] = l
	r.n++
	r.bytes += l.Bytes()
	for r.bytes > r.maxBytes && r.n > 1 {
		r.dropFront()
	}
}

// PushFront inserts an older line before the first. It refuses (returns
// false) when the buffer is full, so paging back never evicts the newest
// lines the user is following.
func (r *Ring) PushFront(l Line) bool {
	r.grow()
	if r.n == len(r.buf) || r.bytes+l.Bytes() > r.maxBytes {
		r.cut = true
		return false
	}
	r.head = (r.head - 1 + len(r.buf)) % len(r.buf)
	r.buf[r.head] = l
	r.n++
	r.first--
	r.bytes += l.Bytes()
	return true
}

// Cut reports whether lines older than the first held one were dropped
// or refused since the buffer was last cleared.
func (r *Ring) Cut() bool { return r.cut }

// Full reports whether another line would evict one.
func (r *Ring) Full() bool { return r.n >= r.max || r.bytes >= r.maxBytes }

func (r *Ring) dropFront() {
	old := &r.buf[r.head]
	r.bytes -= old.Bytes()
	*old = Line{}
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	r.first++
	r.evicted++
	r.cut = true
}

// Clear drops every line; absolute indexes keep counting up.
func (r *Ring) Clear() {
	r.first += int64(r.n)
	clear(r.buf)
	r.head, r.n, r.bytes = 0, 0, 0
	r.cut = false
}
