package chart

import (
	"math"
	"strings"
)

// quadrants are the block glyphs of a cell split in two columns and two
// rows, indexed by the lit quarters: 1 top left, 2 top right, 4 bottom
// left, 8 bottom right. Unlike braille, whose dots most fonts draw as
// separate specks, block elements fill their quarter edge to edge, so a
// line reads as a line in any font and in rendered pictures.
var quadrants = [16]rune{' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█'}

// quarterBit is the quarter at column dx (0, 1) and row dy (0 = top, 1)
// of a cell.
func quarterBit(dx, dy int) uint8 { return 1 << (dx + 2*dy) }

// canvas is a grid of cells of two by two dots, each cell remembering the
// series that drew last in it (its colour); -2 is nothing.
type canvas struct {
	w, h  int
	bits  []uint8
	owner []int
}

func newCanvas(w, h int) *canvas {
	c := &canvas{w: w, h: h, bits: make([]uint8, w*h), owner: make([]int, w*h)}
	for i := range c.owner {
		c.owner[i] = -2
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
	cell := row*c.w + x/2
	c.bits[cell] |= quarterBit(x%2, 1-y%2)
	c.owner[cell] = owner
}

// refGlyph marks the reference line in the cells no series drew in.
const refGlyph = "╌"

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
	rows := make([]string, plotRows)
	for r := range plotRows {
		var b strings.Builder
		var run strings.Builder
		runOwner := -3
		flush := func() {
			if run.Len() == 0 {
				return
			}
			switch {
			case runOwner >= 0:
				b.WriteString(ch.Series[runOwner].Style.Render(run.String()))
			case runOwner == -1:
				b.WriteString(ch.Ref.Style.Render(run.String()))
			default:
				b.WriteString(run.String())
			}
			run.Reset()
		}
		for col := range pw {
			i := r*pw + col
			o, glyph := cv.owner[i], string(quadrants[cv.bits[i]])
			switch {
			case cv.bits[i] != 0:
			case r == refRow:
				o, glyph = -1, refGlyph
			default:
				o = -2
			}
			if o != runOwner {
				flush()
				runOwner = o
			}
			run.WriteString(glyph)
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
