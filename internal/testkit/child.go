package testkit

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// StartChild lets a measuring test run in a child process of its own,
// whose peak memory is then the test's alone. In the child (env is "1")
// it runs child and returns nil: the test ends there. In the parent it
// starts test again, alone, with env set and args added, and returns the
// child and its standard output to read what it reports; the child's
// standard error goes to stderr, or to the same output when nil.
func StartChild(t *testing.T, test, env string, child func(*testing.T), stderr io.Writer, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	if os.Getenv(env) == "1" {
		child(t)
		return nil, nil
	}
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^" + test + "$"}, args...)...)
	cmd.Env = append(os.Environ(), env+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if cmd.Stderr = stderr; stderr == nil {
		cmd.Stderr = cmd.Stdout
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// PeakRSS is this process's peak resident set (VmHWM) in MiB. A child's
// rusage is no use for it: Linux counts the parent's memory at the fork
// there.
func PeakRSS() (float64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}
