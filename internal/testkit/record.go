package testkit

import "sync"

// Record is a list that fakes append to from the goroutines the code
// under test calls them on while the test reads it: the requests a fake
// server saw, the batches a fake client was asked for.
type Record[T any] struct {
	mu    sync.Mutex
	items []T
}

// Add appends v.
func (r *Record[T]) Add(v T) {
	r.mu.Lock()
	r.items = append(r.items, v)
	r.mu.Unlock()
}

// All is a copy of everything added so far, in order.
func (r *Record[T]) All() []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]T(nil), r.items...)
}
