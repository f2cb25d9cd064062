package invoke

import (
	"encoding/json"
	"strconv"
	"strings"
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

// ParseReport reads one REPORT line. The text format is tab-separated
// "Key: value unit" pairs in any order (runtimes differ); the JSON format
// is a platform.report record.
func ParseReport(line string) (Report, bool) {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "{") {
		return parseJSONReport(line)
	}
	rest, ok := strings.CutPrefix(line, "REPORT ")
	if !ok {
		return Report{}, false
	}
	var r Report
	for _, field := range strings.Split(rest, "\t") {
		k, v, ok := strings.Cut(strings.TrimSpace(field), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		num := func() float64 {
			f, _ := strconv.ParseFloat(strings.Fields(v + " ")[0], 64)
			return f
		}
		switch strings.TrimSpace(k) {
		case "RequestId":
			r.RequestID = v
		case "Duration":
			r.DurationMs = num()
		case "Billed Duration":
			r.BilledMs = num()
		case "Memory Size":
			r.MemorySizeMB = num()
		case "Max Memory Used":
			r.MaxMemoryMB = num()
		case "Init Duration":
			r.InitMs = num()
		case "Restore Duration":
			r.RestoreMs = num()
		case "Status":
			r.Status = v
		}
	}
	return r, r.RequestID != "" || r.DurationMs > 0
}

func parseJSONReport(line string) (Report, bool) {
	var doc struct {
		Type   string `json:"type"`
		Record struct {
			RequestID string `json:"requestId"`
			Status    string `json:"status"`
			Metrics   struct {
				DurationMs        float64 `json:"durationMs"`
				BilledDurationMs  float64 `json:"billedDurationMs"`
				MemorySizeMB      float64 `json:"memorySizeMB"`
				MaxMemoryUsedMB   float64 `json:"maxMemoryUsedMB"`
				InitDurationMs    float64 `json:"initDurationMs"`
				RestoreDurationMs float64 `json:"restoreDurationMs"`
			} `json:"metrics"`
		} `json:"record"`
	}
	if err := json.Unmarshal([]byte(line), &doc); err != nil || doc.Type != "platform.report" {
		return Report{}, false
	}
	m := doc.Record.Metrics
	return Report{
		RequestID: doc.Record.RequestID, DurationMs: m.DurationMs, BilledMs: m.BilledDurationMs,
		MemorySizeMB: m.MemorySizeMB, MaxMemoryMB: m.MaxMemoryUsedMB, InitMs: m.InitDurationMs,
		RestoreMs: m.RestoreDurationMs, Status: doc.Record.Status,
	}, true
}
