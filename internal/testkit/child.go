package testkit

import (
	"io"
	"os"
	"os/exec"
	"testing"
)

// childEnv names, in a child process, the test it runs for its parent.
const childEnv = "VIRGA_TEST_CHILD"

// InChild runs child and reports true when this process is t's child
// (started by StartChild); t then returns, its child's work done.
func InChild(t *testing.T, child func(*testing.T)) bool {
	if os.Getenv(childEnv) != t.Name() {
		return false
	}
	child(t)
	return true
}

// StartChild runs t again in a child process of its own (the test binary,
// with args after -test.run naming t), in which InChild is true. It
// returns the running command and its standard output; its standard
// error goes to stderr, or with its output when stderr is nil.
func StartChild(t *testing.T, stderr io.Writer, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^" + t.Name() + "$"}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = stderr
	if stderr == nil {
		cmd.Stderr = cmd.Stdout
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}
