// Package filter matches the "/" query of a table against its rows. A
// query is words that must all match somewhere in the row:
//
//	pay          the name, fuzzily ranked (sahilm/fuzzy), or any other
//	             column as a substring ("python3", "STOPPED", "staging")
//	382b         hex with a digit: an id, matched as the prefix of a word,
//	             never fuzzily
//	!term        rows where term appears anywhere are left out
//	~regex       a regular expression (case-insensitive; ^ and $ anchor
//	             each column) on every column
//
// Matching ignores case. The package knows nothing of tables or terminals:
// an Index holds the text of the rows, Find returns the matches, and a
// Result can be computed off the event loop because an Index never
// changes once built.
package filter

import (
	"regexp"
	"strings"
)

type termKind uint8

const (
	kindPlain termKind = iota // fuzzy on the name, substring elsewhere
	kindHex                   // prefix of a word
	kindRegex                 // regular expression
)

// term is one word of a query.
type term struct {
	text string // lowercased; for a regex, its source
	kind termKind
	not  bool
	// re matches a name (one line); lines matches the other columns, one
	// a line, with ^ and $ anchoring each.
	re, lines *regexp.Regexp
}

// Query is a parsed filter.
type Query struct {
	raw   string
	terms []term
}

// Parse reads a query. A "!" or "~" with nothing after it yet is ignored
// (the user is still typing), and a regular expression that does not
// compile is matched as literal text, so every query means something.
func Parse(s string) Query {
	q := Query{raw: s}
	for _, w := range strings.Fields(s) {
		var t term
		if strings.HasPrefix(w, "!") {
			t.not, w = true, w[1:]
		}
		if strings.HasPrefix(w, "~") {
			w = w[1:]
			if w == "" {
				continue
			}
			src := w
			if _, err := regexp.Compile(src); err != nil {
				src = regexp.QuoteMeta(w)
			}
			t.kind, t.text = kindRegex, w
			t.re = regexp.MustCompile("(?i)" + src)
			t.lines = regexp.MustCompile("(?im)" + src)
			q.terms = append(q.terms, t)
			continue
		}
		if w == "" {
			continue
		}
		t.text = strings.ToLower(w)
		if isHexID(t.text) {
			t.kind = kindHex
		}
		q.terms = append(q.terms, t)
	}
	return q
}

// String is the query as typed.
func (q Query) String() string { return q.raw }

// Empty reports whether the query keeps every row.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// isHexID reports whether s reads as (the start of) an id: at least two
// hex digits, one of them a decimal digit, so words like "cafe" and
// "deadbeef" stay words.
func isHexID(s string) bool {
	if len(s) < 2 {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'f':
		default:
			return false
		}
	}
	return digit
}

// Cost is the work of a pass over n rows in name comparisons: a regular
// expression costs about ten of them, so a caller deciding whether a
// pass fits in a keystroke can weigh it.
func (q Query) Cost(n int) int {
	for _, t := range q.terms {
		if t.kind == kindRegex {
			return 10 * n
		}
	}
	return n
}

// Refines reports whether every row q keeps is also kept by p, so q can
// be run over p's result instead of every row: q adds words to p, or
// extends p's last word, a positive plain or hex one, by typing more.
// A longer exclusion or regular expression can keep more rows, and a
// hex word that grows into a plain one is matched differently; those
// start again from every row.
func (q Query) Refines(p Query) bool {
	if len(q.terms) < len(p.terms) {
		return false
	}
	for i, pt := range p.terms {
		qt := q.terms[i]
		if pt.kind == qt.kind && pt.not == qt.not && pt.text == qt.text {
			continue
		}
		if i != len(p.terms)-1 || pt.not || qt.not || pt.kind == kindRegex || qt.kind == kindRegex ||
			(pt.kind == kindHex && qt.kind != kindHex) || !strings.HasPrefix(qt.text, pt.text) {
			return false
		}
	}
	return true
}
