package kit

import (
	"strconv"
	"strings"

	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// Pane is a scrollable block of pre-rendered lines with a title. Content is
// built when data changes; View only slices the visible lines.
type Pane struct {
	title string
	lines []string
	// shown is lines as drawn: the same slice, or wrapped to the width
	// when wrap is on (rebuilt when content, width or wrap change).
	shown   []string
	wrap    bool
	indent  int
	offset  int
	width   int
	height  int
	focused bool
	border  bool // draw a left border (when split beside a table)
	st      *theme.Styles
	find    paneSearch
}

// NewPane returns an empty pane.
func NewPane(st *theme.Styles) *Pane { return &Pane{st: st} }

// SetStyles swaps the styles (background colour changed).
func (p *Pane) SetStyles(st *theme.Styles) { p.st = st }

// SetContent replaces the lines. The scroll position is kept when the
// title is unchanged (a refresh) and reset otherwise (a new selection).
func (p *Pane) SetContent(title string, lines []string) {
	title = sanitize.Line(title)
	if title != p.title {
		p.offset = 0
	}
	p.title = title
	p.lines = lines
	if p.find.query != "" {
		// New text: find the query again (a loaded document).
		p.Search(p.find.query)
		return
	}
	p.rewrap()
}

// SetTitle replaces the title and keeps the scroll position.
func (p *Pane) SetTitle(title string) { p.title = sanitize.Line(title) }

// SetWrap turns wrapping of long lines on or off; wrapped lines continue
// indent cells in, under the value rather than its label.
func (p *Pane) SetWrap(on bool, indent int) {
	p.wrap, p.indent = on, indent
	p.rewrap()
}

// Wrapping reports whether long lines wrap.
func (p *Pane) Wrapping() bool { return p.wrap }

func (p *Pane) rewrap() {
	w := p.textWidth()
	wrap := p.wrap && w > 0
	if !wrap && len(p.find.hits) == 0 {
		p.shown, p.find.row = p.lines, nil
		p.clamp()
		return
	}
	p.shown = make([]string, 0, len(p.lines))
	p.find.row = p.find.row[:0]
	next := 0
	for i := range p.lines {
		p.find.row = append(p.find.row, len(p.shown))
		var l string
		l, next = p.painted(i, next)
		if wrap {
			p.shown = append(p.shown, WrapStyled(l, w, p.indent)...)
		} else {
			p.shown = append(p.shown, l)
		}
	}
	p.clamp()
}

// textWidth is the width a line has inside the border and the leading
// space.
func (p *Pane) textWidth() int {
	w := p.width - 1
	if p.border {
		w--
	}
	return w
}

// Title returns the pane's title.
func (p *Pane) Title() string { return p.title }

// SetSize sets the outer size, border and title line included.
func (p *Pane) SetSize(w, h int, border bool) {
	resized := max(w, 0) != p.width || border != p.border
	p.width, p.height, p.border = max(w, 0), max(h, 0), border
	if resized && p.wrap {
		p.rewrap()
	}
	p.clamp()
}

// SetFocused marks the pane as receiving keys.
func (p *Pane) SetFocused(f bool) { p.focused = f }

// Focused reports whether the pane has focus.
func (p *Pane) Focused() bool { return p.focused }

func (p *Pane) bodyHeight() int { return max(p.height-1, 0) }

// Scroll moves the content by delta lines.
func (p *Pane) Scroll(delta int) { p.offset += delta; p.clamp() }

// PageScroll moves by one screen.
func (p *Pane) PageScroll(dir int) { p.Scroll(dir * max(p.bodyHeight()-1, 1)) }

// ScrollTop jumps to the first line.
func (p *Pane) ScrollTop() { p.offset = 0 }

// ScrollBottom jumps to the last screen.
func (p *Pane) ScrollBottom() { p.offset = len(p.shown); p.clamp() }

func (p *Pane) clamp() {
	p.offset = min(p.offset, max(len(p.shown)-p.bodyHeight(), 0))
	p.offset = max(p.offset, 0)
}

// View renders exactly height lines of exactly width cells.
func (p *Pane) View() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	inner := p.width
	var edge string
	if p.border {
		inner--
		st := p.st.Pane.Border
		if p.focused {
			st = p.st.Pane.BorderFocus
		}
		edge = st.Render("│")
	}
	var b strings.Builder
	titleStyle := p.st.Pane.TitleBlur
	if p.focused {
		titleStyle = p.st.Pane.Title
	}
	title := " " + p.title
	if n := len(p.shown); n > p.bodyHeight() && p.bodyHeight() > 0 {
		title += p.st.Pane.Muted.Render(" " + scrollInfo(p.offset, p.bodyHeight(), n))
	}
	if p.wrap {
		title += p.st.Pane.Muted.Render(" · wrap")
	}
	b.WriteString(edge + FitStyled(titleStyle.Render(title), inner))
	end := min(p.offset+p.bodyHeight(), len(p.shown))
	for i := p.offset; i < end; i++ {
		b.WriteString("\n" + edge + FitStyled(" "+p.shown[i], inner))
	}
	for i := end - p.offset; i < p.bodyHeight(); i++ {
		b.WriteString("\n" + edge + strings.Repeat(" ", inner))
	}
	return b.String()
}

func scrollInfo(offset, h, n int) string {
	last := min(offset+h, n)
	return "[" + strconv.Itoa(offset+1) + "-" + strconv.Itoa(last) + "/" + strconv.Itoa(n) + "]"
}
