package chart

import (
	"math"
	"strings"

	"charm.land/lipgloss/v2"
)

// quadrants are the block glyphs of a cell split in two columns and two
// rows, indexed by the lit quarters: 1 top left, 2 top right, 4 bottom
// left, 8 bottom right. Unlike braille, whose dots most fonts draw as
// separate specks, block elements fill their quarter edge to edge, so a
// line reads as a line in any font and in rendered pictures.
var quadrants = [16]rune{' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█'}

// canvas is a grid of cells of two by two dots; every dot remembers the
// series that drew it last (its colour), -1 where none did.
type canvas struct {
	w, h  int
	owner []int // 4 per cell: top left, top right, bottom left, bottom right
}

func newCanvas(w, h int) *canvas {
	c := &canvas{w: w, h: h, owner: make([]int, 4*w*h)}
	for i := range c.owner {
		c.owner[i] = -1
	}
	return c
}

// set lights dot (x, y), x in [0, 2w), y in [0, 2h) counted from the
// bottom.
func (c *canvas) set(x, y, owner int) {
	if x < 0 || y < 0 || x >= 2*c.w || y >= 2*c.h {
		return
	}
	row := c.h - 1 - y/2
	quarter := x%2 + 2*(1-y%2)
	c.owner[4*(row*c.w+x/2)+quarter] = owner
}

// cell is what one cell shows: the glyph of the quarters series fg drew,
// and bg, the series drawn in the other quarters when two series fill the
// cell between them (two lines a dot apart), shown as the cell's
// background so neither hides the other; -1 for none.
type cell struct {
	glyph  rune
	fg, bg int
}

func (c *canvas) cell(row, col int) cell {
	q := c.owner[4*(row*c.w+col):][:4]
	fg := -1
	for _, o := range q {
		fg = max(fg, o) // the later series shows where lines cross
	}
	if fg < 0 {
		return cell{glyph: ' ', fg: -1, bg: -1}
	}
	var bits uint8
	bg, full := -1, true
	for i, o := range q {
		switch {
		case o == fg:
			bits |= 1 << i
		case o < 0:
			full = false
		case bg < 0 || bg == o:
			bg = o
		default:
			full = false // three series in one cell: the latest shows
		}
	}
	if !full {
		bg = -1
	}
	return cell{glyph: quadrants[bits], fg: fg, bg: bg}
}

// refGlyph marks the reference line in the cells no series drew in.
const refGlyph = '╌'

// lineRows draws every series as a line of quarter blocks, two dots per
// column and two per row, interpolating between period centres when
// periods are fewer than dots; the reference is a dashed row beneath.
func lineRows(ch Chart, n, pw, plotRows int, top float64) []string {
	cv := newCanvas(pw, plotRows)
	dotsX, dotsY := 2*pw, 2*plotRows
	yOf := func(v float64) int {
		return min(max(int(math.Round(v/top*float64(dotsY-1))), 0), dotsY-1)
	}
	refRow := -1
	if ch.Ref != nil && ch.Ref.Value <= top {
		refRow = plotRows - 1 - yOf(ch.Ref.Value)/2
	}
	for si, s := range ch.Series {
		prev := -1
		for x := range dotsX {
			v := valueAt(s.Values, n, x, dotsX)
			if math.IsNaN(v) {
				prev = -1
				continue
			}
			y := yOf(v)
			cv.set(x, y, si)
			// Join a step from the previous dot so a spike reads as a line.
			if prev >= 0 {
				for yy := min(prev, y) + 1; yy < max(prev, y); yy++ {
					cv.set(x, yy, si)
				}
			}
			prev = y
		}
	}
	// refCell stands for the reference in a run; noCell for blank.
	refCell, noCell := cell{fg: -2, bg: -1}, cell{fg: -1, bg: -1}
	style := func(c cell) lipgloss.Style {
		switch {
		case c == refCell:
			return ch.Ref.Style
		case c.bg >= 0:
			return ch.Series[c.fg].Style.Background(ch.Series[c.bg].Style.GetForeground())
		}
		return ch.Series[c.fg].Style
	}
	rows := make([]string, plotRows)
	for r := range plotRows {
		var b, run strings.Builder
		runKey := cell{fg: -3}
		flush := func() {
			switch {
			case run.Len() == 0:
				return
			case runKey == noCell:
				b.WriteString(run.String())
			default:
				b.WriteString(style(runKey).Render(run.String()))
			}
			run.Reset()
		}
		for col := range pw {
			c := cv.cell(r, col)
			glyph := c.glyph
			key := cell{fg: c.fg, bg: c.bg}
			switch {
			case c.fg >= 0:
			case r == refRow:
				key, glyph = refCell, refGlyph
			default:
				key = noCell
			}
			if key != runKey {
				flush()
				runKey = key
			}
			run.WriteRune(glyph)
		}
		flush()
		rows[r] = b.String()
	}
	return rows
}

// valueAt is the series' value at dot column x of dots: interpolated
// between the centres of neighbouring periods when periods are wider than
// a dot, the peak of the periods under the dot otherwise.
func valueAt(vals []float64, n, x, dots int) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	n = min(n, len(vals))
	if n > dots {
		lo, hi := colRange(x, n, dots)
		return combine(vals, lo, hi, Max)
	}
	pos := (float64(x)+0.5)/float64(dots)*float64(n) - 0.5
	i := int(math.Floor(pos))
	switch {
	case i < 0:
		return vals[0]
	case i >= n-1:
		return vals[n-1]
	}
	a, b, f := vals[i], vals[i+1], pos-float64(i)
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return math.NaN()
	case math.IsNaN(a):
		if f >= 0.5 {
			return b
		}
		return math.NaN()
	case math.IsNaN(b):
		if f < 0.5 {
			return a
		}
		return math.NaN()
	}
	return a + (b-a)*f
}
