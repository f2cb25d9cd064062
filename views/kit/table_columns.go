package kit

import (
	"cmp"

	"github.com/virgahq/virga/views/sanitize"
)

// TextColumn is c showing one string from outside per item (a name, a
// cluster, a namespace), sanitized to one line, in tone, and sorted by
// that string.
func TextColumn[T any](c Column[T], tone Tone, text func(T) string) Column[T] {
	c.Cell = func(it T) Cell { return Cell{Text: sanitize.Line(text(it)), Tone: tone} }
	c.Compare = func(a, b T) int { return cmp.Compare(text(a), text(b)) }
	return c
}

// TextOrDash is a cell of a string from outside, sanitized, in tone, or
// a muted "—" when the string is empty.
func TextOrDash(s string, tone Tone) Cell {
	if s == "" {
		return Cell{Text: "—", Tone: ToneMuted}
	}
	return Cell{Text: sanitize.Line(s), Tone: tone}
}
