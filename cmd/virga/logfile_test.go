package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLogFileRecordsCallsAndActions: --log-file gets the start, every AWS
// call and every action with its request id, for the TUI's backend and the
// subcommands alike, and never a payload's secrets.
func TestLogFileRecordsCallsAndActions(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	logPath := filepath.Join(dir, "virga.log")
	for _, args := range [][]string{
		{"scale", "function", "checkout-api", "--reserved", "40", "--yes"},
		{"invoke", "checkout-api", "--yes", "--payload", `{"password":"hunter2","env":"DB_PASSWORD=hunter2"}`},
		{"scale", "function", "checkout-api", "--reserved", "4294967296", "--yes"},
	} {
		var out, errOut bytes.Buffer
		root, closeLog := newRoot(&out, &errOut, nil)
		root.SetArgs(append(args, "--demo", "--log-file", logPath))
		_ = root.Execute()
		closeLog()
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, want := range []string{
		`msg=start command="virga scale function" version=`,
		`msg="aws call" service=STS op=GetCallerIdentity`,
		`msg="aws call" service=Lambda op=PutFunctionConcurrency`,
		`msg=action source=cli action=lambda.reserved-concurrency resource=function/checkout-api`,
		`msg="aws call" service=Lambda op=Invoke`,
		"action=lambda.invoke",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "hunter2") {
		t.Errorf("the log holds a payload secret:\n%s", log)
	}
	if n := strings.Count(log, "op=PutFunctionConcurrency"); n != 1 {
		t.Errorf("%d PutFunctionConcurrency calls logged, want 1 (the out-of-range one is never sent)", n)
	}
	if st, _ := os.Stat(logPath); st.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v", st.Mode().Perm())
	}
}
