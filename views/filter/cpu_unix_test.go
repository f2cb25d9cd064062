//go:build unix

package filter

import (
	"syscall"
	"time"
)

// cpuTime is the CPU this process has used, user and system: on a shared
// machine it says what a pass costs when wall time says how long it
// waited for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
