package providers

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Report is what Lambda's REPORT line says about one invocation: the one
// parser of REPORT lines, used by the log pane, the invocations view, the
// metrics screens (memory headroom) and the invoke result. Values are raw
// text from a log: views sanitize them before display. Times
// are in milliseconds, memory in MB. Values that were absent are NaN or
// zero as noted.
type Report struct {
	RequestID string
	Duration  float64
	Billed    float64
	// Init is the init duration of a cold start; NaN on a warm start.
	Init float64
	// Restore is a SnapStart restore duration; NaN when absent.
	Restore    float64
	MemorySize int
	MaxMemory  int
	// Status is "success", "error" or "timeout" when the log says so
	// (JSON format; "Status: timeout" in text); empty otherwise.
	Status string
}

// Cold reports whether the invocation paid for an init (cold start).
func (r *Report) Cold() bool { return !math.IsNaN(r.Init) || !math.IsNaN(r.Restore) }

// LastReport returns the last REPORT line of a log tail (an invocation's
// decoded LogResult), in the text or the JSON format.
func LastReport(tail string) (*Report, bool) {
	lines := strings.Split(tail, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if r, ok := ParseReport(lines[i]); ok {
			return r, true
		}
	}
	return nil, false
}

// ParseReport parses a REPORT line in the text or the JSON log format.
func ParseReport(s string) (*Report, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return parseJSONReport(s)
	}
	return parseTextReport(s)
}

// parseTextReport reads "REPORT RequestId: id\tDuration: 1.2 ms\t...".
// Fields are tab-separated "Key: value unit" pairs in any order (the
// runtime interface emulator prints Init Duration first); unknown keys are
// ignored. Duration and the request id are required.
func parseTextReport(s string) (*Report, bool) {
	rest, ok := strings.CutPrefix(s, "REPORT ")
	if !ok {
		return nil, false
	}
	r := &Report{Duration: math.NaN(), Billed: math.NaN(), Init: math.NaN(), Restore: math.NaN()}
	for f := range strings.SplitSeq(rest, "\t") {
		k, v, ok := strings.Cut(strings.TrimSpace(f), ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "RequestId":
			r.RequestID = v
		case "Duration":
			r.Duration = number(v)
		case "Billed Duration":
			r.Billed = number(v)
		case "Init Duration":
			r.Init = number(v)
		case "Restore Duration":
			r.Restore = number(v)
		case "Memory Size":
			r.MemorySize = int(finite(number(v)))
		case "Max Memory Used":
			r.MaxMemory = int(finite(number(v)))
		case "Status":
			r.Status = v
		}
	}
	if r.RequestID == "" || math.IsNaN(r.Duration) {
		return nil, false
	}
	return r, true
}

// number reads the leading float of "12.34 ms"; NaN when there is none.
func number(v string) float64 {
	if i := strings.IndexByte(v, ' '); i >= 0 {
		v = v[:i]
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || f < 0 {
		return math.NaN()
	}
	return f
}

func finite(f float64) float64 {
	if math.IsNaN(f) || f > math.MaxInt32 {
		return 0
	}
	return f
}

// jsonReport is the platform.report record of the JSON log format.
type jsonReport struct {
	Type   string `json:"type"`
	Record struct {
		RequestID string `json:"requestId"`
		Status    string `json:"status"`
		Metrics   struct {
			DurationMs        *float64 `json:"durationMs"`
			BilledDurationMs  *float64 `json:"billedDurationMs"`
			MemorySizeMB      *float64 `json:"memorySizeMB"`
			MaxMemoryUsedMB   *float64 `json:"maxMemoryUsedMB"`
			InitDurationMs    *float64 `json:"initDurationMs"`
			RestoreDurationMs *float64 `json:"restoreDurationMs"`
		} `json:"metrics"`
	} `json:"record"`
}

func parseJSONReport(s string) (*Report, bool) {
	var jr jsonReport
	if err := json.Unmarshal([]byte(s), &jr); err != nil || jr.Type != "platform.report" {
		return nil, false
	}
	m := jr.Record.Metrics
	if jr.Record.RequestID == "" || m.DurationMs == nil {
		return nil, false
	}
	val := func(p *float64) float64 {
		if p == nil || *p < 0 || math.IsInf(*p, 0) {
			return math.NaN()
		}
		return *p
	}
	r := &Report{
		RequestID: jr.Record.RequestID,
		Duration:  val(m.DurationMs),
		Billed:    val(m.BilledDurationMs),
		Init:      val(m.InitDurationMs),
		Restore:   val(m.RestoreDurationMs),
		Status:    jr.Record.Status,
	}
	r.MemorySize = int(finite(val(m.MemorySizeMB)))
	r.MaxMemory = int(finite(val(m.MaxMemoryUsedMB)))
	if math.IsNaN(r.Duration) {
		return nil, false
	}
	return r, true
}
