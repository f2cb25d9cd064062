package testkit_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestStartChildRunsTheTestAgain: the parent starts this test again with
// the variable set; the child runs the function, and the parent reads
// what it wrote.
func TestStartChildRunsTheTestAgain(t *testing.T) {
	cmd, out := testkit.StartChild(t, "TestStartChildRunsTheTestAgain", "TESTKIT_CHILD", func(t *testing.T) {
		os.Stdout.WriteString("in the child\n")
	}, nil, "-test.v")
	if cmd == nil {
		return
	}
	b, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil || !strings.Contains(string(b), "in the child") {
		t.Fatalf("child: %v\n%s", err, b)
	}
}

func TestPeakRSS(t *testing.T) {
	mib, err := testkit.PeakRSS()
	if _, statErr := os.Stat("/proc/self/status"); statErr != nil {
		t.Skip("no /proc/self/status")
	}
	if err != nil || mib <= 0 {
		t.Fatalf("peak RSS %v MiB, %v", mib, err)
	}
}
