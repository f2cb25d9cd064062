package views_test

import (
	"strings"
	"testing"

	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/internal/viewtest"
	"github.com/virgahq/virga/views/theme"
)

// unbanded returns the printed characters of a styled line drawn with no
// background colour set (SGR 48), in order.
func unbanded(line string) string {
	var out strings.Builder
	bg := false
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], "\x1b[") {
			end := strings.IndexByte(line[i:], 'm')
			params := line[i+2 : i+end]
			switch {
			case params == "" || params == "0":
				bg = false
			case strings.Contains(";"+params+";", ";48;"), strings.HasPrefix(params, "48;"):
				bg = true
			}
			i += end + 1
			continue
		}
		if !bg {
			out.WriteByte(line[i])
		}
		i++
	}
	return out.String()
}

// TestHeaderBandSpansTheWidth: every cell of the header, from the app
// name past the profile to the freshness, is drawn on the band.
func TestHeaderBandSpansTheWidth(t *testing.T) {
	for _, mode := range []theme.Mode{theme.Dark, theme.Light} {
		st := theme.New(mode)
		for _, d := range []views.HeaderData{
			{Identity: viewtest.Identity(), Freshness: "updated 14:30:00"},
			{Identity: viewtest.Identity(), ReadOnly: true, Freshness: "stale · 12s", Stale: true, Note: "credentials expired"},
			{Identity: viewtest.Identity()},
		} {
			for _, w := range []int{60, 80, 200} {
				line := views.Header(st, d, w)
				if gap := unbanded(line); gap != "" {
					t.Errorf("%s w=%d: %q drawn off the band in %q", mode, w, gap, line)
				}
			}
		}
	}
}
