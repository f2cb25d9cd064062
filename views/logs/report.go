package logs

import (
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
)

// Report is a parsed REPORT line (see providers.ParseReport).
type Report = providers.Report

// ParseReport parses a REPORT line in the text or the JSON log format with
// the one parser in package providers, and makes its text fields safe to
// show: a JSON record's request id and status are not covered by the
// sanitizing of the line itself.
func ParseReport(s string) (*Report, bool) {
	r, ok := providers.ParseReport(s)
	if !ok {
		return nil, false
	}
	r.RequestID = sanitize.Line(r.RequestID)
	r.Status = sanitize.Line(r.Status)
	return r, true
}
