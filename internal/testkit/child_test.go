package testkit_test

import (
	"os"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestChildCommandRunsTheTestAgain: the parent gets the command that
// reruns this test with the variable set; the child runs the function.
func TestChildCommandRunsTheTestAgain(t *testing.T) {
	cmd := testkit.ChildCommand(t, "TestChildCommandRunsTheTestAgain", "TESTKIT_CHILD", func(t *testing.T) {
		os.Stdout.WriteString("in the child\n")
	}, "-test.v")
	if cmd == nil {
		return
	}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "in the child") {
		t.Fatalf("child: %v\n%s", err, out)
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
