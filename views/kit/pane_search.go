package kit

import (
	"strconv"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// maxHits bounds the matches a search keeps: a one-letter query on a
// large document finds no more than a reader can step through.
const maxHits = 10000

// paneSearch is a case-insensitive search through a pane's text: the
// matches, in reading order, and the one the reader is on.
type paneSearch struct {
	query string
	hits  []paneHit
	cur   int
	// row is the first shown row of each line, rebuilt with the wrap.
	row []int
}

// paneHit is one match: its line and its cells in that line's text.
type paneHit struct{ line, lo, hi int }

// Search finds query in the pane's text, ignoring case, highlights every
// match and scrolls to the first one at or below the top of the screen.
// An empty query clears the search. It returns the number of matches.
func (p *Pane) Search(query string) int {
	p.find.query, p.find.hits, p.find.cur = query, nil, 0
	if query != "" {
		for i, l := range p.lines {
			plain := ansi.Strip(l)
			for _, sp := range FoldSpans(plain, query, maxHits-len(p.find.hits)) {
				p.find.hits = append(p.find.hits, paneHit{line: i, lo: Width(plain[:sp[0]]), hi: Width(plain[:sp[1]])})
			}
		}
	}
	p.rewrap()
	for i, h := range p.find.hits {
		if p.hitRow(h) >= p.offset {
			p.find.cur = i
			break
		}
	}
	p.showHit()
	return len(p.find.hits)
}

// SearchQuery is the current search, "" when there is none.
func (p *Pane) SearchQuery() string { return p.find.query }

// NextMatch moves to the next match (dir 1) or the previous one (dir -1),
// wrapping around the ends, and scrolls it into view.
func (p *Pane) NextMatch(dir int) {
	n := len(p.find.hits)
	if n == 0 {
		return
	}
	p.find.cur = ((p.find.cur+dir)%n + n) % n
	p.rewrap()
	p.showHit()
}

// SearchStatus says where the reader is: "match 3/12", "no match for x",
// or "" without a search.
func (p *Pane) SearchStatus() string {
	switch {
	case p.find.query == "":
		return ""
	case len(p.find.hits) == 0:
		return "no match for " + p.find.query
	}
	return "match " + strconv.Itoa(p.find.cur+1) + "/" + strconv.Itoa(len(p.find.hits))
}

// showHit scrolls the current match into view, a few lines from the top
// when it has to move so its context shows.
func (p *Pane) showHit() {
	if len(p.find.hits) == 0 {
		return
	}
	r, h := p.hitRow(p.find.hits[p.find.cur]), p.bodyHeight()
	if r < p.offset || r >= p.offset+h {
		p.offset = r - min(3, h/3)
		p.clamp()
	}
}

// hitRow is the shown row a match starts on, wrapped lines counted.
func (p *Pane) hitRow(h paneHit) int {
	switch {
	case h.line >= len(p.find.row):
		return h.line
	case !p.wrap:
		return p.find.row[h.line]
	}
	return p.find.row[h.line] + WrapRow(ansi.Strip(p.lines[h.line]), p.textWidth(), p.indent, h.lo)
}

// painted is line i with its matches highlighted: the current one in the
// selection's style, the others in the match style.
func (p *Pane) painted(i int, from int) (string, int) {
	l := p.lines[i]
	var rs []lipgloss.Range
	for from < len(p.find.hits) && p.find.hits[from].line == i {
		h := p.find.hits[from]
		st := p.st.Table.Match
		if from == p.find.cur {
			st = p.st.Table.Selected.Bold(true)
		}
		rs = append(rs, lipgloss.NewRange(h.lo, h.hi, st))
		from++
	}
	if len(rs) == 0 {
		return l, from
	}
	return lipgloss.StyleRanges(l, rs...), from
}
