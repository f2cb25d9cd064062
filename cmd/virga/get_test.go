package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/virgahq/virga/providers"
)

// execRoot runs virga's root command on args, as the shell would, and
// returns what it wrote to stdout and stderr.
func execRoot(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetArgs(args)
	err = root.ExecuteContext(t.Context())
	return out.String(), errOut.String(), err
}

// runVirga runs args, fails the test when the command fails and returns
// its stdout.
func runVirga(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := execRoot(t, args...)
	if err != nil {
		t.Fatalf("virga %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// runCLI is runVirga under the name eks_test.go still calls; it goes
// once that file is renamed over (the EKS work owns it now).
func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	return runVirga(t, args...)
}

// demoJSON runs `virga ARGS --demo -o json` without a config file and
// decodes what it prints.
func demoJSON[T any](t *testing.T, args ...string) T {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runVirga(t, append(args, "--demo", "-o", "json")...)
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	return v
}

func TestGetFunctionsDemoJSON(t *testing.T) {
	fns := demoJSON[[]providers.Function](t, "get", "functions")
	if len(fns) < 40 {
		t.Fatalf("%d functions, want >= 40", len(fns))
	}
	for _, f := range fns {
		for _, e := range f.Env {
			if e.Value != "••••••••" {
				t.Fatalf("%s.%s printed unmasked", f.Name, e.Name)
			}
		}
	}
}

func TestGetTablesHaveNoEscapes(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, what := range []string{"functions", "clusters", "services", "tasks"} {
		out := runVirga(t, "get", what, "--demo")
		if strings.ContainsAny(out, "\x1b\x07\x9b") {
			t.Fatalf("get %s printed control characters", what)
		}
		if lines := strings.Count(out, "\n"); lines < 3 {
			t.Fatalf("get %s printed %d lines", what, lines)
		}
	}
	out := runVirga(t, "get", "tasks", "--demo", "--cluster", "prod-workers", "--service", "pdf-renderer")
	if !strings.Contains(out, "STOPPED") || !strings.Contains(out, "pdf-renderer") {
		t.Fatalf("pdf-renderer's stopped tasks missing:\n%s", out)
	}
}

func TestGetRejectsBadInput(t *testing.T) {
	if _, _, err := execRoot(t, "get", "lambdas", "--demo"); err == nil || !strings.Contains(err.Error(), "unknown resource") {
		t.Fatalf("want a clear error, got %v", err)
	}
}
