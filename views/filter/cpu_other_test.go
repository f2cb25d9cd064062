//go:build !unix

package filter

import "time"

// cpuTime is not measured here; the benchmarks then print 0 CPU.
func cpuTime() time.Duration { return 0 }
