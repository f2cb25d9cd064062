package main

import (
	"io"
	"strings"
	"testing"
)

// TestRevertCommandsAreValidCommandLines: every revert command the
// journal and the confirmation offer as `virga ...` is a command line
// this virga accepts (its command, its flags, its arguments), so a flag
// renamed on one side cannot leave the other suggesting it.
func TestRevertCommandsAreValidCommandLines(t *testing.T) {
	c := newCLI(t)
	for _, l := range everyMutation(c) {
		if _, errOut, err := c.run(l, ""); exitCode(err) != 0 && exitCode(err) != exitUnsuccessful {
			t.Fatalf("%s: %v\n%s", l, err, errOut)
		}
	}
	checked := 0
	for _, e := range c.journal() {
		args, ok := strings.CutPrefix(e.Revert, "virga ")
		if !ok {
			continue
		}
		checked++
		root := newRootCmd(io.Discard, io.Discard)
		cmd, rest, err := root.Find(splitArgs(args))
		if err != nil {
			t.Errorf("%q: %v", e.Revert, err)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%q: %v", e.Revert, err)
			continue
		}
		if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
			t.Errorf("%q: %v", e.Revert, err)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d virga revert commands in the journal", checked)
	}
}
