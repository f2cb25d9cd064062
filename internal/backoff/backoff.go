// Package backoff is the one formula of virga's retry delays: a step
// that doubles with each failure in a row up to a cap, optionally drawn
// from the step's upper half so clients that failed together do not
// retry in step.
package backoff

import "time"

// Doubling is a delay of First after one failure, doubling with each
// further failure in a row, never more than Max.
type Doubling struct {
	First, Max time.Duration
}

// Step is the delay after n failures in a row (n below 1 counts as 1).
func (b Doubling) Step(n int) time.Duration {
	d := b.First
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Jittered is Step(n) drawn from its upper half: draw(k) returns a number
// in [0, k) (rand.Int64N, or a seeded source's, so a test's fixed seed
// gives the same delays every run).
func (b Doubling) Jittered(n int, draw func(int64) int64) time.Duration {
	d := b.Step(n)
	return d/2 + time.Duration(draw(int64(d/2)+1))
}
