package journal_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/virgahq/virga/internal/journal"
)

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

func TestOneLinePerEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "virga", "journal.jsonl")
	j := journal.Open(path, "alice@host")
	for i := range 3 {
		err := j.Append(journal.Entry{Time: t0.Add(time.Duration(i) * time.Second), Action: "ecs.scale",
			Resource: "service/prod-api/catalog-api", Before: "4", After: "8", Result: journal.ResultOK, RequestID: "rid"})
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), data)
	}
	for _, l := range lines {
		var e journal.Entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("line is not one JSON object: %q: %v", l, err)
		}
		if e.Actor != "alice@host" || e.Before != "4" || e.After != "8" || e.RequestID != "rid" {
			t.Fatalf("entry lost fields: %+v", e)
		}
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", st.Mode().Perm())
	}
	es, bad, err := j.Read(2)
	if err != nil || bad != 0 || len(es) != 2 || !es[1].Time.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("Read(2) = %d entries (bad %d, err %v)", len(es), bad, err)
	}
}

func TestSecretsMasked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := journal.Open(path, "")
	err := j.Append(journal.Entry{Time: t0, Action: "lambda.invoke", Result: journal.ResultOK, Params: map[string]string{
		"api_key":   "sk_live_1234567890",
		"reason":    "rotating AKIAIOSFODNN7EXAMPLE after leak",
		"payload":   `{"user":"bob","password":"hunter2","headers":{"Authorization":"Bearer abcdefghijkl"},"body":"{\"token\":\"t0ps3cret\",\"n\":12345678901234567890123}"}`,
		"qualifier": "live",
	}, Error: "denied for https://bob:pa55word@example.com/x"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, secret := range []string{"sk_live_1234567890", "AKIAIOSFODNN7EXAMPLE", "hunter2", "abcdefghijkl", "t0ps3cret", "pa55word"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("journal holds the secret %q:\n%s", secret, data)
		}
	}
	for _, kept := range []string{"bob", "live", "rotating", "12345678901234567890123"} {
		if !bytes.Contains(data, []byte(kept)) {
			t.Errorf("journal lost the harmless value %q:\n%s", kept, data)
		}
	}
}

func TestReadSkipsDamagedLinesAndMissingFile(t *testing.T) {
	dir := t.TempDir()
	j := journal.Open(filepath.Join(dir, "none.jsonl"), "")
	if es, bad, err := j.Read(10); err != nil || bad != 0 || len(es) != 0 {
		t.Fatalf("missing journal: %v %d %v", es, bad, err)
	}
	path := filepath.Join(dir, "j.jsonl")
	if err := os.WriteFile(path, []byte("{\"action\":\"a\",\"result\":\"ok\"}\nnot json\n\n{\"action\":\"b\",\"result\":\"ok\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	es, bad, err := journal.Open(path, "").Read(0)
	if err != nil || bad != 1 || len(es) != 2 || es[1].Action != "b" {
		t.Fatalf("got %+v bad %d err %v", es, bad, err)
	}
}

func TestConcurrentAppendsKeepLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	a, b := journal.Open(path, "tui"), journal.Open(path, "cli")
	var wg sync.WaitGroup
	for _, j := range []*journal.Journal{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if err := j.Append(journal.Entry{Action: strings.Repeat("x", 3000), Result: journal.ResultOK}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	es, bad, err := a.Read(0)
	if err != nil || bad != 0 || len(es) != 100 {
		t.Fatalf("%d entries, %d damaged, err %v", len(es), bad, err)
	}
}

func TestLastAndMemory(t *testing.T) {
	j := journal.Memory("me")
	_ = j.Append(journal.Entry{Action: "lambda.kill-switch", Resource: "function/a", Before: "10", Result: journal.ResultOK})
	_ = j.Append(journal.Entry{Action: "lambda.kill-switch", Resource: "function/b", Before: "unreserved", Result: journal.ResultOK})
	e, ok, err := j.Last(func(e journal.Entry) bool { return e.Resource == "function/a" })
	if err != nil || !ok || e.Before != "10" || e.Actor != "me" {
		t.Fatalf("Last = %+v %v %v", e, ok, err)
	}
}

func TestDefaultPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/tmp/state")
	if got := journal.DefaultPath(); got != "/tmp/state/virga/journal.jsonl" {
		t.Fatalf("DefaultPath = %q", got)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/x")
	if got := journal.DefaultPath(); got != "/home/x/.local/state/virga/journal.jsonl" {
		t.Fatalf("DefaultPath = %q", got)
	}
}

func TestMaskTextKeepsCommitIDs(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	if got := journal.MaskText("deploy " + sha); !strings.Contains(got, sha) {
		t.Errorf("commit id masked: %q", got)
	}
	key := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	if got := journal.MaskText("key " + key); strings.Contains(got, key) {
		t.Errorf("secret access key kept: %q", got)
	}
}

// TestAssignedSecretsMasked: secrets written as NAME=value inside free
// text or a payload string (an env dump, a shell line, a query string) are
// masked whatever holds them: a parameter, a JSON string, the command.
func TestAssignedSecretsMasked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := journal.Open(path, "")
	payload := `{"env":"DB_PASSWORD=hunter2 LOG_LEVEL=debug","cmd":"export API_KEY='s3cr3t val' && run","url":"https://x/cb?session_token=abc123&page=2"}`
	err := j.Append(journal.Entry{Time: t0, Action: "lambda.invoke", Result: journal.ResultOK,
		Params:  map[string]string{"payload": payload, "raw": "GITHUB_TOKEN=ghp_x1y2z3 make deploy"},
		Command: `aws lambda invoke --payload '` + payload + `' response.json`,
		Error:   `task failed: SECRET_KEY="quoted secret" missing`})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, secret := range []string{"hunter2", "s3cr3t", "abc123", "ghp_x1y2z3", "quoted secret"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("journal holds the secret %q:\n%s", secret, data)
		}
	}
	for _, kept := range []string{"DB_PASSWORD=****", "LOG_LEVEL=debug", "page=2", "make deploy", "GITHUB_TOKEN=****"} {
		if !bytes.Contains(data, []byte(kept)) {
			t.Errorf("journal lost %q:\n%s", kept, data)
		}
	}
	// A name that only mentions a secret word before "=" in prose is
	// still masked; an error code that names one with ":" is not.
	if got := journal.MaskText("InvalidSignatureException: the request signature does not match"); !strings.Contains(got, "does not match") {
		t.Errorf("error message masked: %q", got)
	}
}

// TestExistingJournalIsTightened: a journal file that another tool (or an
// older virga) left readable by others is made 0600 by the next append.
func TestExistingJournalIsTightened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := journal.Open(path, "").Append(journal.Entry{Time: t0, Action: "ecs.scale", Result: journal.ResultOK}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %v after an append, want 0600", st.Mode().Perm())
	}
}

// TestOpenAsRecordsKey: a serve session's journal names its SSH user and
// key fingerprint on every entry, in the same file as the local user's.
func TestOpenAsRecordsKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	if err := journal.OpenAs(path, "alice", "SHA256:abc").Append(journal.Entry{Time: t0, Action: "lambda.invoke", Result: journal.ResultOK}); err != nil {
		t.Fatal(err)
	}
	if err := journal.Open(path, "bob@host").Append(journal.Entry{Time: t0, Action: "lambda.invoke", Result: journal.ResultOK}); err != nil {
		t.Fatal(err)
	}
	es, _, err := journal.Open(path, "").Read(0)
	if err != nil || len(es) != 2 {
		t.Fatalf("%v %v", es, err)
	}
	if es[0].Actor != "alice" || es[0].Key != "SHA256:abc" || es[1].Actor != "bob@host" || es[1].Key != "" {
		t.Fatalf("entries %+v", es)
	}
}
