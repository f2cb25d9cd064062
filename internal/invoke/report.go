package invoke

import (
	"math"
	"strings"

	"github.com/virgahq/virga/providers"
)

// Report is what Lambda's REPORT line says about one invocation. Fields
// that the line lacks are zero; InitMs > 0 means a cold start.
type Report struct {
	RequestID    string
	DurationMs   float64
	BilledMs     float64
	MemorySizeMB float64
	MaxMemoryMB  float64
	InitMs       float64
	// RestoreMs is SnapStart's restore duration.
	RestoreMs float64
	// Status is "timeout", "error" or "success" when the line says so.
	Status string
}

// ColdStart reports whether the invocation started a new environment.
func (r Report) ColdStart() bool { return r.InitMs > 0 || r.RestoreMs > 0 }

// FindReport returns the last REPORT of a log tail, in the text format or
// the JSON format (platform.report).
func FindReport(tail string) (Report, bool) {
	lines := strings.Split(tail, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if r, ok := ParseReport(lines[i]); ok {
			return r, true
		}
	}
	return Report{}, false
}

// ParseReport reads one REPORT line, in the text or the JSON format, with
// the one parser in package providers; fields the line lacks are zero.
func ParseReport(line string) (Report, bool) {
	p, ok := providers.ParseReport(line)
	if !ok {
		return Report{}, false
	}
	z := func(f float64) float64 {
		if math.IsNaN(f) {
			return 0
		}
		return f
	}
	return Report{
		RequestID: p.RequestID, DurationMs: z(p.Duration), BilledMs: z(p.Billed),
		MemorySizeMB: float64(p.MemorySize), MaxMemoryMB: float64(p.MaxMemory),
		InitMs: z(p.Init), RestoreMs: z(p.Restore), Status: p.Status,
	}, true
}
