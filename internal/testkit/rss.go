package testkit

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Memory is measured in a child process of its own (the test binary run
// again for one test): a child's rusage is no use, Linux counts the
// parent's memory at the fork in it. The child reports its own peak with
// ReportPeakRSS, the parent finds it with ReportedPeakRSS.

// rssLine starts the line a child reports its peak RSS on.
const rssLine = "peak RSS MiB: "

// PeakRSS is this process's peak resident set (VmHWM) in MiB; the test is
// skipped where /proc/self/status is missing.
func PeakRSS(t testing.TB) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status to read the peak RSS from")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// ReportPeakRSS writes this process's peak RSS to w on a line of its own.
func ReportPeakRSS(t testing.TB, w io.Writer) {
	t.Helper()
	fmt.Fprintf(w, "%s%.1f\n", rssLine, PeakRSS(t))
}

// ReportedPeakRSS finds the peak RSS a child reported in its output.
func ReportedPeakRSS(out string) (float64, bool) {
	_, rest, ok := strings.Cut(out, rssLine)
	if !ok {
		return 0, false
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return 0, false
	}
	mib, err := strconv.ParseFloat(f[0], 64)
	return mib, err == nil
}

// MeasuresMemory skips a test that measures the memory of a whole run
// (in a child process of its own, for seconds) unless VIRGA_MEMORY is
// set: `go test ./...` leaves it to CI's plain run, which sets it.
func MeasuresMemory(t *testing.T) {
	t.Helper()
	if os.Getenv("VIRGA_MEMORY") == "" {
		t.Skip("measures memory: set VIRGA_MEMORY=1 to run it (CI does, without -race)")
	}
}
