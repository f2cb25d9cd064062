package testkit

import (
	"os"
	"testing"
)

// WriteFile writes content to path, readable by its owner only (as a
// config file, a key list or a fixture should be), and fails the test
// when it cannot.
func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
