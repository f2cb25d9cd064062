package main

import (
	"strings"
	"testing"
)

// TestServeCommandsKeepTheExitCodes: over SSH a command line the session
// may not run, or a wrong one, exits 2 as it would locally; version runs.
func TestServeCommandsKeepTheExitCodes(t *testing.T) {
	e := startServe(t, nil)
	for _, line := range []string{"doctor", "config", "get functions --demo", "get lambdas", "get functions -o xml"} {
		if _, stderr, code := e.run(t, e.viewer, line, ""); code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%q over SSH: exit %d, stderr %q", line, code, stderr)
		}
	}
	if out, _, code := e.run(t, e.viewer, "version", ""); code != 0 || !strings.HasPrefix(out, "virga ") {
		t.Errorf("version over SSH: exit %d, %q", code, out)
	}
}
