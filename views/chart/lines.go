package chart

import (
	"math"
	"strings"

	"charm.land/lipgloss/v2"
)

// brailleBit is the dot at column dx (0, 1) and row dy (0 = top .. 3) of a
// braille cell (U+2800 + bits).
func brailleBit(dx, dy int) uint8 {
	if dy == 3 {
		return 0x40 << dx
	}
	return 1 << (dy + 3*dx)
}

// canvas is a grid of braille cells, each remembering the series that
// drew last in it (its colour); -1 is the reference line, -2 nothing.
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

// set lights dot (x, y), x in [0, 2w), y in [0, 4h) counted from the
// bottom.
func (c *canvas) set(x, y, owner int) {
	if x < 0 || y < 0 || x >= 2*c.w || y >= 4*c.h {
		return
	}
	row := c.h - 1 - y/4
	cell := row*c.w + x/2
	c.bits[cell] |= brailleBit(x%2, 3-y%4)
	c.owner[cell] = owner
}

// lineRows draws every series as a braille line over two dots per column,
// interpolating between period centres when periods are fewer than dots.
func lineRows(ch Chart, n, pw, plotRows int, top float64) []string {
	cv := newCanvas(pw, plotRows)
	dotsX, dotsY := 2*pw, 4*plotRows
	yOf := func(v float64) int {
		return min(max(int(math.Round(v/top*float64(dotsY-1))), 0), dotsY-1)
	}
	if ch.Ref != nil && ch.Ref.Value <= top {
		y := yOf(ch.Ref.Value)
		for x := 0; x < dotsX; x += 3 {
			cv.set(x, y, -1)
		}
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
	styles := make([]lipgloss.Style, len(ch.Series))
	for i, s := range ch.Series {
		styles[i] = s.Style
	}
	rows := make([]string, plotRows)
	for r := range plotRows {
		var b strings.Builder
		run, runOwner := strings.Builder{}, -3
		flush := func() {
			if run.Len() == 0 {
				return
			}
			switch {
			case runOwner >= 0:
				b.WriteString(styles[runOwner].Render(run.String()))
			case runOwner == -1 && ch.Ref != nil:
				b.WriteString(ch.Ref.Style.Render(run.String()))
			default:
				b.WriteString(run.String())
			}
			run.Reset()
		}
		for col := range pw {
			i := r*pw + col
			o := cv.owner[i]
			if cv.bits[i] == 0 {
				o = -2
			}
			if o != runOwner {
				flush()
				runOwner = o
			}
			if cv.bits[i] == 0 {
				run.WriteByte(' ')
			} else {
				run.WriteRune(rune(0x2800 + int(cv.bits[i])))
			}
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
