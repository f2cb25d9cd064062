package testkit_test

import (
	"bytes"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

// TestPeakRSSReportsAndReadsBack: what a child reports among other output
// reads back as the same figure, a plausible size for a Go test binary.
func TestPeakRSSReportsAndReadsBack(t *testing.T) {
	var out bytes.Buffer
	out.WriteString("=== RUN TestChild\n")
	testkit.ReportPeakRSS(t, &out)
	out.WriteString("PASS\n")
	mib, ok := testkit.ReportedPeakRSS(out.String())
	if !ok || mib < 1 || mib > 1<<20 {
		t.Errorf("read back %.1f MiB (%v) from %q", mib, ok, out.String())
	}
	if _, ok := testkit.ReportedPeakRSS("PASS\n"); ok {
		t.Error("a figure read from output that has none")
	}
}
