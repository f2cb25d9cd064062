package filter

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// Row is the text of one row: the name, which the fuzzy ranking and the
// highlight use, and the other columns a query may match.
type Row struct {
	Name   string
	Fields []string
}

// Index is the searchable text of a table's rows, built once per data
// change. It is never modified after NewIndex, so a Find may run on
// another goroutine while the table keeps its rows.
type Index struct {
	names []string // as shown: fuzzy positions index these
	lower []string // lowercased names
	ascii []bool   // the name is ASCII, so lower has the same byte offsets
	rest  []string // the other columns, lowercased, one per line
}

// NewIndex builds the index of n rows.
func NewIndex(n int, row func(i int) Row) *Index {
	ix := &Index{
		names: make([]string, n),
		lower: make([]string, n),
		ascii: make([]bool, n),
		rest:  make([]string, n),
	}
	for i := range n {
		r := row(i)
		ix.names[i] = r.Name
		ix.lower[i] = strings.ToLower(r.Name)
		ix.ascii[i] = isASCII(r.Name)
		ix.rest[i] = strings.ToLower(strings.Join(r.Fields, "\n"))
	}
	return ix
}

// Len is the number of rows.
func (ix *Index) Len() int { return len(ix.names) }

// Match is one row a query kept.
type Match struct {
	Row int   // index of the row in the Index
	Pos []int // byte positions in the name to highlight, ascending
}

// Result is the rows a query kept, best first.
type Result struct {
	Query   Query
	Index   *Index
	Matches []Match
	// kept is the same rows in the order of the candidates they came
	// from, which a refining query narrows without losing ties' order.
	kept []int
}

// Kept is the rows the query kept in candidate order (not ranked).
func (r *Result) Kept() []int { return r.kept }

// scored is a row being matched: how many words matched its name (those
// rank first), the fuzzy score, and the name positions matched.
type scored struct {
	row, hits, score int
	pos              []int
}

// nameBonus ranks a word found whole in the name (a hex prefix or a
// regular expression) with a strong fuzzy match.
const nameBonus = 100

// Find runs q over candidates, row indexes in the order the table shows
// them; nil means every row in index order. Rows whose names matched
// come first, by fuzzy score; ties and rows matched elsewhere keep the
// candidates' order.
func (ix *Index) Find(q Query, candidates []int) *Result {
	if candidates == nil {
		candidates = make([]int, ix.Len())
		for i := range candidates {
			candidates[i] = i
		}
	}
	cur := make([]scored, len(candidates))
	for i, r := range candidates {
		cur[i].row = r
	}
	for _, t := range q.terms {
		if t.not {
			cur = ix.exclude(cur, t)
			continue
		}
		switch t.kind {
		case kindPlain:
			cur = ix.matchPlain(cur, t)
		case kindHex:
			cur = ix.matchWhole(cur, t, func(s string) (int, int) { return wordPrefix(s, t.text) })
		case kindRegex:
			cur = ix.matchRegex(cur, t)
		}
	}
	res := &Result{Query: q, Index: ix, kept: make([]int, len(cur))}
	// Rank the rows whose names matched (often few) on small keys, then
	// append the others in candidate order.
	var named []rank
	for i, s := range cur {
		res.kept[i] = s.row
		if s.hits > 0 {
			named = append(named, rank{hits: int32(s.hits), score: int32(s.score), at: int32(i)})
		}
	}
	slices.SortFunc(named, func(a, b rank) int {
		if a.hits != b.hits {
			return int(b.hits - a.hits)
		}
		if a.score != b.score {
			return int(b.score - a.score)
		}
		return int(a.at - b.at)
	})
	res.Matches = make([]Match, 0, len(cur))
	for _, r := range named {
		s := cur[r.at]
		res.Matches = append(res.Matches, Match{Row: s.row, Pos: s.pos})
	}
	for _, s := range cur {
		if s.hits == 0 {
			res.Matches = append(res.Matches, Match{Row: s.row})
		}
	}
	return res
}

// rank is the sort key of a row whose name matched; at is its place
// among the candidates, which breaks ties.
type rank struct{ hits, score, at int32 }

// matchPlain keeps the rows whose name matches t fuzzily (ranked by
// sahilm/fuzzy) or whose other columns hold t.
func (ix *Index) matchPlain(cur []scored, t term) []scored {
	// A cheap in-order scan spares the fuzzy scorer the names that cannot
	// match; it is exact for ASCII, and other names all go to the scorer.
	var src nameSource
	src.names = ix.names
	asciiPattern := isASCII(t.text)
	for i, s := range cur {
		if !asciiPattern || !ix.ascii[s.row] || subsequence(ix.lower[s.row], t.text) {
			src.rows = append(src.rows, s.row)
			src.at = append(src.at, i)
		}
	}
	fuzzyHit := make([]bool, len(cur))
	for _, m := range fuzzy.FindFromNoSort(t.text, &src) {
		s := &cur[src.at[m.Index]]
		s.hits++
		s.score += m.Score
		s.pos = mergePos(s.pos, m.MatchedIndexes)
		fuzzyHit[src.at[m.Index]] = true
	}
	out := cur[:0]
	for i, s := range cur {
		if fuzzyHit[i] || strings.Contains(ix.rest[s.row], t.text) {
			out = append(out, s)
		}
	}
	return out
}

// matchWhole keeps the rows where find locates t in the name (ranked and
// highlighted) or in the other columns.
func (ix *Index) matchWhole(cur []scored, t term, find func(string) (int, int)) []scored {
	out := cur[:0]
	for _, s := range cur {
		if from, to := find(ix.lower[s.row]); from >= 0 {
			s.hits++
			s.score += nameBonus
			if ix.ascii[s.row] {
				s.pos = mergePos(s.pos, span(from, to))
			}
			out = append(out, s)
			continue
		}
		if from, _ := find(ix.rest[s.row]); from >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// matchRegex keeps the rows where t's expression matches the name
// (ranked and highlighted) or one of the other columns.
func (ix *Index) matchRegex(cur []scored, t term) []scored {
	out := cur[:0]
	for _, s := range cur {
		if loc := t.re.FindStringIndex(ix.names[s.row]); loc != nil {
			s.hits++
			s.score += nameBonus
			s.pos = mergePos(s.pos, span(loc[0], loc[1]))
			out = append(out, s)
			continue
		}
		if t.lines.MatchString(ix.rest[s.row]) {
			out = append(out, s)
		}
	}
	return out
}

// exclude drops the rows where t appears anywhere. An exclusion is never
// fuzzy: "!test" leaves out the rows that say test, not every row with a
// t, an e, an s and a t in that order.
func (ix *Index) exclude(cur []scored, t term) []scored {
	hit := func(name, rest string) bool {
		switch t.kind {
		case kindHex:
			a, _ := wordPrefix(name, t.text)
			b, _ := wordPrefix(rest, t.text)
			return a >= 0 || b >= 0
		case kindRegex:
			return t.re.MatchString(name) || t.lines.MatchString(rest)
		}
		return strings.Contains(name, t.text) || strings.Contains(rest, t.text)
	}
	out := cur[:0]
	for _, s := range cur {
		name := ix.lower[s.row]
		if t.kind == kindRegex {
			name = ix.names[s.row]
		}
		if !hit(name, ix.rest[s.row]) {
			out = append(out, s)
		}
	}
	return out
}

// nameSource hands fuzzy the names of the rows that passed the scan.
type nameSource struct {
	names []string
	rows  []int // row of each entry
	at    []int // position of each entry in the rows being matched
}

func (s *nameSource) String(i int) string { return s.names[s.rows[i]] }
func (s *nameSource) Len() int            { return len(s.rows) }

// wordPrefix finds p at the start of a word of s (after a character that
// is not a letter or digit), the way an id prefix is typed.
func wordPrefix(s, p string) (int, int) {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return -1, -1
		}
		i += off
		if i == 0 || !isAlnum(s[i-1]) {
			return i, i + len(p)
		}
		off = i + 1
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// subsequence reports whether the bytes of p appear in s in order.
func subsequence(s, p string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(p); i++ {
		if s[i] == p[j] {
			j++
		}
	}
	return j == len(p)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func span(from, to int) []int {
	p := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		p = append(p, i)
	}
	return p
}

// mergePos is the sorted union of two ascending position lists.
func mergePos(a, b []int) []int {
	if len(a) == 0 {
		return b
	}
	out := make([]int, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}
