package logs

import "regexp"

// sgr matches Select Graphic Rendition sequences (colours, bold).
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)
