package chart

import (
	"math"
	"strings"
)

// markRows draws every series as its own glyph, one cell per column and
// one value per row band, for terminals without colour where block
// lines of several series cannot be told apart. Where series meet, the
// later one shows, as in lineRows; the reference is a dotted row beneath.
func markRows(ch Chart, n, pw, plotRows int, top float64) []string {
	cells := make([]int, pw*plotRows) // series index; -1 reference, -2 nothing
	for i := range cells {
		cells[i] = -2
	}
	rowOf := func(v float64) int {
		y := min(max(int(math.Round(v/top*float64(plotRows-1))), 0), plotRows-1)
		return plotRows - 1 - y
	}
	if ch.Ref != nil && ch.Ref.Value <= top {
		r := rowOf(ch.Ref.Value)
		for x := 0; x < pw; x += 2 {
			cells[r*pw+x] = -1
		}
	}
	for si, s := range ch.Series {
		for x := range pw {
			if v := valueAt(s.Values, n, x, pw); !math.IsNaN(v) {
				cells[rowOf(v)*pw+x] = si
			}
		}
	}
	rows := make([]string, plotRows)
	for r := range plotRows {
		var b strings.Builder
		for x := range pw {
			switch o := cells[r*pw+x]; {
			case o >= 0:
				b.WriteString(ch.Series[o].Style.Render(Mark(o)))
			case o == -1:
				b.WriteString(ch.Ref.Style.Render("┄"))
			default:
				b.WriteByte(' ')
			}
		}
		rows[r] = b.String()
	}
	return rows
}
