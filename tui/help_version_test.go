package tui_test

import (
	"testing"
)

// TestHelpShowsVersion: the help screen names the version virga was
// built as, so a screenshot of a problem says which virga it was.
func TestHelpShowsVersion(t *testing.T) {
	h, _ := newDemo(t, 120, 40, func(o *setup) { o.Version = "v1.4.2" })
	h.key("?")
	h.mustSee("virga v1.4.2")
	h2, _ := newDemo(t, 120, 40)
	h2.key("?")
	h2.mustNotSee("virga v")
}
