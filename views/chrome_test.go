package views

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/theme"
)

// unbanded returns the printed characters of s drawn on the terminal's
// default background: after a reset or SGR 49, before a new background.
func unbanded(s string) string {
	var out strings.Builder
	hasBg := false
	for len(s) > 0 {
		seq, width, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
		if width == 0 && strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m") {
			params := strings.Split(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m"), ";")
			for i := 0; i < len(params); i++ {
				switch params[i] {
				case "", "0", "49":
					hasBg = false
				case "38", "48", "58":
					hasBg = hasBg || params[i] == "48"
					// Skip the colour's own parameters: 2;r;g;b or 5;n.
					if i+1 < len(params) && params[i+1] == "2" {
						i += 4
					} else {
						i += 2
					}
				}
			}
		} else if width > 0 && !hasBg {
			out.WriteString(seq)
		}
		s = s[n:]
	}
	return out.String()
}

// TestHeaderBandSpansTheWidth: every cell of the header, between and after
// account, region and profile, is on the band's background.
func TestHeaderBandSpansTheWidth(t *testing.T) {
	st := theme.New(theme.Dark)
	d := HeaderData{Identity: providers.Identity{Account: "123456789012", Region: "us-east-1", Profile: "demo", Demo: true}, ReadOnly: true, Freshness: "updated 14:32:00"}
	out := Header(st, d, 120)
	if got := unbanded(out); got != "" {
		t.Fatalf("cells off the band: %q in %q", got, out)
	}
}
