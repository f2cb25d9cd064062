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
	for _, bad := range []string{`{"type":"platform.start","record":{"requestId":"x"}}`, `{"type":"platform.report","record":{"metrics":{}}}`, `{not json`} {
		if _, ok := ParseReport(bad); ok {
			t.Errorf("parsed %q", bad)
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
