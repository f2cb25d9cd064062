package testkit_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestWriteFileIsPrivate: the file holds what was written and only its
// owner may read it.
func TestWriteFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	testkit.WriteFile(t, path, "refresh: 5s\n")
	data, err := os.ReadFile(path)
	st, serr := os.Stat(path)
	if err != nil || serr != nil || string(data) != "refresh: 5s\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("read %q (%v), mode %v (%v)", data, err, st.Mode().Perm(), serr)
	}
}
