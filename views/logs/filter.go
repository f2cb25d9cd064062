package logs

import (
	"regexp"
	"unicode"

	"github.com/sahilm/fuzzy"
	"github.com/virgahq/virga/views/kit"
)

// FilterMode is how the local filter matches.
type FilterMode uint8

// Local filter modes, in the order the mode key cycles them.
const (
	// FilterText finds the query as a substring, ignoring case: /ERROR
	// finds the lines that say error, and no others.
	FilterText FilterMode = iota
	// FilterFuzzy matches the query's characters in order, close together
	// (sahilm/fuzzy), ignoring case.
	FilterFuzzy
	// FilterRegex matches a Go regular expression; a query without upper
	// case letters ignores case.
	FilterRegex
)

// String names the mode for the status bar.
func (m FilterMode) String() string {
	switch m {
	case FilterFuzzy:
		return "fuzzy"
	case FilterRegex:
		return "regex"
	}
	return "text"
}

// Next is the mode after m: text, fuzzy, regex, then text again.
func (m FilterMode) Next() FilterMode { return (m + 1) % 3 }

// Filter is the local filter. Its generation changes whenever the query or
// mode does, which invalidates the verdicts cached in lines.
type Filter struct {
	query string
	mode  FilterMode
	re    *regexp.Regexp
	gen   uint32
}

// Set changes the query and mode. A regular expression that does not
// compile is returned as an error and leaves the filter unchanged.
func (f *Filter) Set(query string, mode FilterMode) error {
	var re *regexp.Regexp
	if mode == FilterRegex && query != "" {
		expr := query
		if !hasUpper(query) {
			expr = "(?i)" + query
		}
		var err error
		if re, err = regexp.Compile(expr); err != nil {
			return err
		}
	}
	f.query, f.mode, f.re = query, mode, re
	f.gen++
	return nil
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// Query is the filter text; Mode its mode.
func (f *Filter) Query() string { return f.query }

// Mode is the filter's matching mode.
func (f *Filter) Mode() FilterMode { return f.mode }

// Active reports whether a query is set.
func (f *Filter) Active() bool { return f.query != "" }

// Match reports whether l matches, caching the verdict in the line.
func (f *Filter) Match(l *Line) bool {
	if !f.Active() {
		return true
	}
	if l.mgen == f.gen {
		return l.mok
	}
	l.mgen, l.mok = f.gen, len(f.spans(l.Text, 1)) > 0
	return l.mok
}

// Spans returns the byte ranges of s that match, for highlighting (at
// most 64).
func (f *Filter) Spans(s string) [][2]int {
	if !f.Active() {
		return nil
	}
	return f.spans(s, 64)
}

func (f *Filter) spans(s string, limit int) [][2]int {
	switch f.mode {
	case FilterRegex:
		if f.re == nil {
			return nil
		}
		var out [][2]int
		for _, m := range f.re.FindAllStringIndex(s, limit) {
			if m[1] > m[0] {
				out = append(out, [2]int{m[0], m[1]})
			}
		}
		return out
	case FilterFuzzy:
		return fuzzySpans(f.query, s)
	}
	return kit.FoldSpans(s, f.query, limit)
}

// fuzzySpans matches query against s. A fuzzy match that spreads its
// characters over more than about three times the query's length is not
// one: on long log lines almost any short query would match otherwise.
func fuzzySpans(query, s string) [][2]int {
	ms := fuzzy.FindNoSort(query, []string{s})
	if len(ms) == 0 {
		// Fuzzy matching works on whole words of the query at a time;
		// a literal substring always counts.
		return kit.FoldSpans(s, query, 1)
	}
	idx := ms[0].MatchedIndexes
	if len(idx) == 0 {
		return nil
	}
	if idx[len(idx)-1]-idx[0] > 3*len(query)+2 {
		return kit.FoldSpans(s, query, 1)
	}
	var out [][2]int
	for _, i := range idx {
		end := i + 1
		for end < len(s) && !isRuneStart(s[end]) {
			end++
		}
		if n := len(out); n > 0 && out[n-1][1] == i {
			out[n-1][1] = end
			continue
		}
		out = append(out, [2]int{i, end})
	}
	return out
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
