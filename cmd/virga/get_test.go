package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/virgahq/virga/providers"
)

func runVirga(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(&out, &errOut)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("virga %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func TestGetFunctionsDemoJSON(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runVirga(t, "get", "functions", "--demo", "-o", "json")
	var fns []providers.Function
	if err := json.Unmarshal([]byte(out), &fns); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
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
	var out, errOut bytes.Buffer
	cmd := newRootCmd(&out, &errOut)
	cmd.SetArgs([]string{"get", "lambdas", "--demo"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "unknown resource") {
		t.Fatalf("want a clear error, got %v", err)
	}
}
