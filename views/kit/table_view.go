package kit

import (
	"strings"

	"github.com/virgahq/virga/views/sanitize"
)

// View renders the header row and the visible rows, exactly t.height lines
// of exactly t.width cells. empty is shown when there are no rows.
func (t *Table[T]) View(empty string) string {
	if t.height <= 0 || t.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((t.width + 32) * t.height)
	t.writeHeader(&b)
	body := t.bodyHeight()
	if len(t.order) == 0 {
		for i := range body {
			b.WriteByte('\n')
			if i == body/2-1 || (body < 3 && i == 0) {
				b.WriteString(t.brushes.tones[ToneMuted].Paint(Fit("  "+sanitize.Line(empty), t.width)))
			} else {
				b.WriteString(strings.Repeat(" ", t.width))
			}
		}
		return b.String()
	}
	end := min(t.offset+body, len(t.order))
	for i := t.offset; i < end; i++ {
		b.WriteByte('\n')
		t.writeRow(&b, i)
	}
	for i := end - t.offset; i < body; i++ {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", t.width))
	}
	return b.String()
}

func (t *Table[T]) writeHeader(b *strings.Builder) {
	var line strings.Builder
	used := 0
	for j, i := range t.shown {
		c := t.cols[i]
		title := c.Title
		if i == t.sortCol {
			title += sortArrow(t.desc)
		}
		line.WriteString(fitAligned(title, t.widths[j], c.Right))
		line.WriteByte(' ')
		used += t.widths[j] + 1
	}
	s := line.String()
	if used < t.width {
		s += strings.Repeat(" ", t.width-used)
	}
	b.WriteString(t.brushes.header.Paint(Fit(s, t.width)))
}

func (t *Table[T]) writeRow(b *strings.Builder, pos int) {
	it := t.items[t.order[pos]]
	selected := pos == t.cursor
	var match []int
	if t.filter != "" && pos < len(t.matches) {
		match = t.matches[pos]
	}
	rowBrush := t.brushes.sel
	if !t.focused {
		rowBrush = t.brushes.selBlur
	}
	used := 0
	for j, i := range t.shown {
		c := t.cols[i]
		cell := c.Cell(it)
		w := t.widths[j]
		text := fitAligned(cell.Text, w, c.Right)
		// Fit keeps a prefix of the name, so the matched positions carry
		// over; matches past a cut are simply not shown.
		isName := match != nil && j == 0
		switch {
		case selected && isName:
			b.WriteString(Highlight(text, match, rowBrush, t.brushes.selMatch))
			b.WriteString(rowBrush.Paint(" "))
		case selected:
			b.WriteString(rowBrush.Paint(text + " "))
		case isName:
			b.WriteString(Highlight(text, match, t.brushes.tones[cell.Tone], t.brushes.match))
			b.WriteByte(' ')
		default:
			b.WriteString(t.brushes.tones[cell.Tone].Paint(text))
			b.WriteByte(' ')
		}
		used += w + 1
	}
	if used < t.width {
		pad := strings.Repeat(" ", t.width-used)
		if selected {
			b.WriteString(rowBrush.Paint(pad))
		} else {
			b.WriteString(pad)
		}
	}
}

func fitAligned(s string, w int, right bool) string {
	if right {
		return FitRight(s, w)
	}
	return Fit(s, w)
}
