// Package testkit holds what tests across the module share: a manual
// clock and a running one, key presses by name, a buffer and a record
// safe across goroutines, fixture
// files, SSH client keys, every page of a log query, the one listed
// resource a test follows, and peak memory measured in a child process.
// Only tests import it (it imports providers, so tests of package
// providers itself cannot).
package testkit

import (
	"sync"
	"time"
)

// Clock is a clock a test sets and advances by hand. The code under test
// reads it through Now, from any goroutine.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock that reads t until it is moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// RunningClock is real time plus an offset the test moves forward: waits
// the code under test measures (an update in progress, a log window) pass
// at once, while whatever polls still sees time go by.
type RunningClock struct {
	mu  sync.Mutex
	off time.Duration
}

// Now is the real time plus the offset.
func (c *RunningClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

// Advance moves the clock forward by d.
func (c *RunningClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}
