package sanitize

import (
	"strconv"
	"strings"
)

// NeedsQuoting reports whether s holds a character that may not be
// printed raw in a document for scripts: an Unsafe one (newline and tab
// aside) or any other that is not printable. Such a string is written in
// an escaping form, such as a YAML double-quoted scalar made by
// strconv.Quote, so the data survives and nothing raw reaches the
// terminal.
func NeedsQuoting(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r != '\n' && r != '\t' && (Unsafe(r) || !strconv.IsPrint(r))
	})
}
