package kit

import (
	"cmp"
	"strconv"
	"time"

	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/sanitize"
)

// TextColumn is c showing one string from outside per item (a name, a
// cluster, a namespace), sanitized to one line, in tone, and sorted by
// that string.
func TextColumn[T any](c Column[T], tone Tone, text func(T) string) Column[T] {
	c.Cell = func(it T) Cell { return TextCell(text(it), tone) }
	c.Compare = func(a, b T) int { return cmp.Compare(text(a), text(b)) }
	return c
}

// TextCell is a cell of a string from outside (a status, a name, a
// reason), sanitized to one line, in tone: every column that shows what
// AWS sent builds its cell here, so none can forget the sanitizer.
func TextCell(s string, tone Tone) Cell {
	return Cell{Text: sanitize.Line(s), Tone: tone}
}

// IntCell is a cell of a whole number (a count, a size, a revision) in
// tone.
func IntCell(n int, tone Tone) Cell {
	return Cell{Text: strconv.Itoa(n), Tone: tone}
}

// RatioCell is a cell of n out of of ("3/4": ready containers, active
// profiles) in tone.
func RatioCell(n, of int, tone Tone) Cell {
	return Cell{Text: strconv.Itoa(n) + "/" + strconv.Itoa(of), Tone: tone}
}

// AgeCell is a muted cell of how long ago at was, seen from now ("3m",
// "2d"), the way every AGE or STARTED column shows a time.
func AgeCell(now, at time.Time) Cell {
	return Cell{Text: format.Age(now, at), Tone: ToneMuted}
}

// TextOrDash is a cell of a string from outside, sanitized, in tone, or
// a muted "—" when the string is empty.
func TextOrDash(s string, tone Tone) Cell {
	if s == "" {
		return Cell{Text: "—", Tone: ToneMuted}
	}
	return TextCell(s, tone)
}
