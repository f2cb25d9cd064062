// Command virga is a terminal UI for operating AWS Lambda functions and
// ECS services and tasks on Fargate. main only parses flags, reads the
// config file, builds the providers and hands them to the tui package.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/virgahq/virga/views/sanitize"
)

func main() {
	root, closeLog := newRoot(os.Stdout, os.Stderr)
	err := root.Execute()
	closeLog()
	if err == nil {
		return
	}
	// An exitError was reported where it happened; anything else is said
	// here, in one line.
	var ee exitError
	if !errors.As(err, &ee) {
		fmt.Fprintln(os.Stderr, "virga:", sanitize.Line(err.Error()))
	}
	os.Exit(exitCode(err))
}

// exitError carries an exit code for errors already reported.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }
