package views

import (
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// RawLines is the raw view of a resource: its ARN and console page, then
// the API's document as AWS sent it (pretty-printed by the caller), every
// line sanitized; "reading…" while it loads, the error if it failed.
func RawLines(st *theme.Styles, arn, console string, doc []string, err error, loading bool) []string {
	l := &lines{st: st}
	if arn != "" {
		l.kv("ARN", arn)
	}
	if console != "" {
		l.kv("console", console)
	}
	l.out = append(l.out, "")
	switch {
	case err != nil:
		l.kvTone("error", providers.Short(err), st.Text.Err)
	case loading:
		l.muted("reading…")
	}
	for _, d := range doc {
		l.out = append(l.out, st.Pane.Value.Render(sanitize.Line(d)))
	}
	return l.out
}
