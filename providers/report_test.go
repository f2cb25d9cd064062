package providers

import (
	"math"
	"strconv"
	"testing"
)

func TestParseTextReport(t *testing.T) {
	cases := []struct {
		name, in string
		want     Report
		cold     bool
	}{
		{"warm", "REPORT RequestId: 3f2a0c1e-1111-2222-3333-444455556666\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t",
			Report{RequestID: "3f2a0c1e-1111-2222-3333-444455556666", Duration: 12.34, Billed: 13, MemorySize: 128, MaxMemory: 40}, false},
		{"cold", "REPORT RequestId: abc\tDuration: 1.00 ms\tBilled Duration: 2 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\tInit Duration: 180.52 ms\t",
			Report{RequestID: "abc", Duration: 1, Billed: 2, MemorySize: 256, MaxMemory: 80, Init: 180.52}, true},
		// The runtime interface emulator prints Init Duration first.
		{"rie order", "REPORT RequestId: abc\tInit Duration: 0.50 ms\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 3008 MB\tMax Memory Used: 3008 MB\t",
			Report{RequestID: "abc", Duration: 3, Billed: 3, MemorySize: 3008, MaxMemory: 3008, Init: 0.5}, true},
		// Older format with a space before the tab.
		{"old", "REPORT RequestId: abc\tDuration: 2.5 ms \tBilled Duration: 100 ms \tMemory Size: 128 MB\tMax Memory Used: 20 MB \t",
			Report{RequestID: "abc", Duration: 2.5, Billed: 100, MemorySize: 128, MaxMemory: 20}, false},
		{"timeout", "REPORT RequestId: abc\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 90 MB\tStatus: timeout",
			Report{RequestID: "abc", Duration: 3000, Billed: 3000, MemorySize: 128, MaxMemory: 90, Status: "timeout"}, false},
		{"init last", "REPORT RequestId: 3f1c\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.50 ms\t",
			Report{RequestID: "3f1c", Duration: 12.34, Billed: 13, MemorySize: 128, MaxMemory: 40, Init: 100.5}, true},
		{"init first", "REPORT RequestId: x\tInit Duration: 5 ms\tDuration: 1.00 ms\tBilled Duration: 7 ms\tMemory Size: 256 MB\tMax Memory Used: 60 MB",
			Report{RequestID: "x", Duration: 1, Billed: 7, MemorySize: 256, MaxMemory: 60, Init: 5}, true},
		{"snapstart", "REPORT RequestId: abc\tDuration: 5.00 ms\tBilled Duration: 6 ms\tMemory Size: 512 MB\tMax Memory Used: 100 MB\tRestore Duration: 300.12 ms\tBilled Restore Duration: 150 ms\t",
			Report{RequestID: "abc", Duration: 5, Billed: 6, MemorySize: 512, MaxMemory: 100, Restore: 300.12}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, ok := ParseReport(c.in)
			if !ok {
				t.Fatal("not parsed")
			}
			if r.RequestID != c.want.RequestID || r.Duration != c.want.Duration || r.Billed != c.want.Billed ||
				r.MemorySize != c.want.MemorySize || r.MaxMemory != c.want.MaxMemory || r.Status != c.want.Status {
				t.Fatalf("got %+v, want %+v", *r, c.want)
			}
			if r.Cold() != c.cold {
				t.Fatalf("cold = %v", r.Cold())
			}
			if c.want.Init != 0 && r.Init != c.want.Init {
				t.Fatalf("init = %v", r.Init)
			}
		})
	}
}

func TestParseJSONReport(t *testing.T) {
	in := `{"time":"2026-11-25T14:30:00.000Z","type":"platform.report","record":{"requestId":"r-1","metrics":{"durationMs":12.5,"billedDurationMs":13,"memorySizeMB":128,"maxMemoryUsedMB":41,"initDurationMs":210.25},"status":"error"}}`
	r, ok := ParseReport(in)
	if !ok {
		t.Fatal("not parsed")
	}
	if r.RequestID != "r-1" || r.Duration != 12.5 || r.Billed != 13 || r.MemorySize != 128 || r.MaxMemory != 41 || r.Init != 210.25 || r.Status != "error" || !r.Cold() {
		t.Fatalf("got %+v", *r)
	}
	warm := `{"type":"platform.report","record":{"requestId":"r-2","metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":41},"status":"success"}}`
	if r, ok := ParseReport(warm); !ok || r.Cold() {
		t.Fatalf("warm: %v %+v", ok, r)
	}
	// The parser keeps text as it came; views sanitize it (see
	// views/logs TestReportFieldsSanitized).
	evil := `{"type":"platform.report","record":{"requestId":"\u001b]52;c;AAAA\u0007","metrics":{"durationMs":1}}}`
	if r, ok := ParseReport(evil); !ok || r.RequestID != "\x1b]52;c;AAAA\a" {
		t.Fatalf("hostile id: %v %q", ok, r.RequestID)
	}
	timeout := `{"time":"2026-11-25T14:30:00.000Z","type":"platform.report","record":{"requestId":"abc","metrics":{"durationMs":5.5,"billedDurationMs":6,"memorySizeMB":512,"maxMemoryUsedMB":90},"status":"timeout"}}`
	if r, ok := ParseReport(timeout); !ok || r.RequestID != "abc" || r.Duration != 5.5 || r.MemorySize != 512 || r.Cold() || r.Status != "timeout" {
		t.Fatalf("timeout: %v %+v", ok, r)
	}
	for _, bad := range []string{`{"type":"platform.start","record":{"requestId":"x"}}`, `{"type":"platform.report","record":{"metrics":{}}}`, `{not json`} {
		if _, ok := ParseReport(bad); ok {
			t.Errorf("parsed %q", bad)
		}
	}
}

// TestLastReport finds the REPORT of an invocation's log tail, whatever
// follows it, and takes no other line for one.
func TestLastReport(t *testing.T) {
	report := "REPORT RequestId: 3f1c\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.50 ms\t"
	tail := "START RequestId: abc Version: $LATEST\nhello\nEND RequestId: abc\n" + report + "\nXRAY TraceId: 1-2-3\n"
	if r, ok := LastReport(tail); !ok || r.RequestID != "3f1c" {
		t.Fatalf("LastReport: %+v %v", r, ok)
	}
	for _, no := range []string{"", "START RequestId: x", `{"type":"platform.start"}`, "REPORTING"} {
		if _, ok := ParseReport(no); ok {
			t.Errorf("%q parsed as a REPORT", no)
		}
		if _, ok := LastReport(no); ok {
			t.Errorf("%q has a REPORT", no)
		}
	}
}

// FuzzParseReport: any input is either rejected or gives a report with a
// request id and a finite, non-negative duration; a well-formed text
// REPORT built from the fuzzed numbers parses back to them.
func FuzzParseReport(f *testing.F) {
	f.Add("REPORT RequestId: a\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t", 1.5, 128)
	f.Add(`{"type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":1}}}`, 0.0, 0)
	f.Add("REPORT \t\t: :", -1.0, -1)
	f.Fuzz(func(t *testing.T, s string, d float64, mem int) {
		if r, ok := ParseReport(s); ok {
			if r.RequestID == "" || math.IsNaN(r.Duration) || r.Duration < 0 || math.IsInf(r.Duration, 0) {
				t.Fatalf("accepted a report without request id or duration: %+v", *r)
			}
		}
		if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 || mem < 0 {
			return
		}
		line := "REPORT RequestId: req\tMax Memory Used: 1 MB\tDuration: " + strconv.FormatFloat(d, 'f', -1, 64) +
			" ms\tMemory Size: " + strconv.Itoa(mem) + " MB\t"
		r, ok := ParseReport(line)
		if !ok || r.Duration != d || (mem <= math.MaxInt32 && r.MemorySize != mem) || r.MaxMemory != 1 {
			t.Fatalf("round trip of %q: %v %+v", line, ok, r)
		}
	})
}
