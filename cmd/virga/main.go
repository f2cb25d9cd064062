// Command virga is a terminal UI for operating AWS Lambda functions and
// ECS services and tasks on Fargate. main only parses flags, reads the
// config file, builds the providers and hands them to the tui package.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/virgahq/virga/views/sanitize"
)

func main() {
	// Once per process, before anything runs: klog's logger is global, and
	// the command trees a serve session builds must not set it again
	// concurrently.
	silenceKlog()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code. An error is
// printed through the sanitizer: it may quote the endpoint's answer or a
// name typed on the command line, and either may hold escape sequences.
func run(args []string, stdout, stderr io.Writer) int {
	root, closeLog := newRoot(stdout, stderr, nil)
	root.SetArgs(args)
	err := root.Execute()
	closeLog()
	if err == nil {
		return exitOK
	}
	// An exitError was reported where it happened; anything else is said
	// here, in one line.
	var ee exitError
	if !errors.As(err, &ee) {
		fmt.Fprintln(stderr, "virga:", sanitize.Line(err.Error()))
	}
	return exitCode(err)
}

// exitError carries an exit code for errors already reported.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }
