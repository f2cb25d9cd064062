package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// motoScripting is the acceptance check of the CLI as a scripting tool
// against moto seeded by the AWS CLI: one function as a JSON object, a
// day of its logs, shell completion of its name, and a doctor that finds
// nothing missing.
func motoScripting(t *testing.T, endpoint string) {
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "cache"))
	var fn map[string]any
	out := runVirga(t, "get", "function", "orders-api", "-o", "json", "--endpoint-url", endpoint)
	if err := json.Unmarshal([]byte(out), &fn); err != nil || fn["name"] != "orders-api" || fn["memoryMb"] != 512.0 {
		t.Errorf("get function orders-api -o json: %v\n%s", err, out)
	}
	env, _ := fn["environment"].([]any)
	for _, e := range env {
		if m := e.(map[string]any); m["masked"] != true || m["value"] == "hunter2" {
			t.Errorf("environment value printed: %v", m)
		}
	}

	logs := runVirga(t, "logs", "function", "orders-api", "--since", "1d", "--endpoint-url", endpoint)
	if !strings.Contains(logs, "REPORT RequestId: seed-1") || !strings.Contains(logs, "START RequestId: seed-1") {
		t.Errorf("logs function orders-api --since 1d:\n%s", logs)
	}

	for _, line := range []string{"__complete logs function --endpoint-url " + endpoint + " ''", "__complete logs function ''"} {
		t.Setenv("AWS_ENDPOINT_URL", endpoint) // the second form finds moto through the environment
		names := complete(t, strings.Fields(strings.TrimPrefix(line, "__complete "))...)
		if !slices.Contains(names, "orders-api") || !slices.Contains(names, "billing-worker") {
			t.Errorf("virga %s: %v", line, names)
		}
	}
	t.Setenv("AWS_ENDPOINT_URL", "")

	out, err := runRoot(t, "doctor --endpoint-url "+endpoint)
	if err != nil {
		t.Errorf("doctor against moto: exit %d\n%s", exitCode(err), out)
	}
	words := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"ok lambda:ListFunctions", "unavailable logs:StartLiveTail not available on this endpoint", "OK: virga has what it needs."} {
		if !strings.Contains(words, want) {
			t.Errorf("doctor: %q missing:\n%s", want, out)
		}
	}
}
