package testkit_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestStartChildRunsTheTestAgain: the parent starts this test again in a
// child process, where InChild runs the function; the parent reads what
// it wrote.
func TestStartChildRunsTheTestAgain(t *testing.T) {
	if testkit.InChild(t, func(*testing.T) { os.Stdout.WriteString("in the child\n") }) {
		return
	}
	cmd, out := testkit.StartChild(t, nil, "-test.v")
	b, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil || !strings.Contains(string(b), "in the child") {
		t.Fatalf("child: %v\n%s", err, b)
	}
}
