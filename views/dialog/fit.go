package dialog

// rank says when a dialog line goes on a terminal too short for all of
// them: blank lines fill whatever room is left; the other ranks go whole,
// command first and hint last; essential lines never go.
type rank uint8

const (
	rankEssential rank = iota // resource, change, effect, name field, buttons
	rankHint                  // the key hint under the buttons
	rankRevert                // the command that undoes the change
	rankAccount               // account, region, profile (the header shows them too)
	rankCommand               // the equivalent aws command (the copy key still copies it)
	rankSpace                 // blank lines between sections
)

// line is one rendered dialog line and its rank.
type line struct {
	s string
	r rank
}

// fitLines returns at most room lines of ls, in order, dropping what
// helps least first: whole ranks, so a command is never shown cut in
// half. Essential lines always stay; if they alone do not fit, the box
// cuts them.
func fitLines(ls []line, room int) []string {
	for _, r := range []rank{rankCommand, rankAccount, rankRevert, rankHint} {
		if texts(ls) <= room {
			break
		}
		ls = without(ls, r)
	}
	// Blank lines separate what is left: none leading, none doubled, and
	// as many as fit, the ones nearest the buttons first.
	spaces := room - texts(ls)
	var out []string
	for i := len(ls) - 1; i >= 0; i-- {
		l := ls[i]
		if l.r == rankSpace {
			prevSpace := len(out) > 0 && out[len(out)-1] == spaceMark
			if spaces <= 0 || prevSpace || i == 0 || len(out) == 0 {
				continue
			}
			spaces--
			out = append(out, spaceMark)
			continue
		}
		out = append(out, l.s)
	}
	res := make([]string, 0, len(out))
	for i := len(out) - 1; i >= 0; i-- {
		s := out[i]
		if s == spaceMark {
			s = ""
		}
		res = append(res, s)
	}
	return res
}

// spaceMark stands for a kept blank line while fitLines works from the
// bottom; no rendered line is empty (each has a leading space).
const spaceMark = ""

// texts counts the lines that are not blank.
func texts(ls []line) int {
	n := 0
	for _, l := range ls {
		if l.r != rankSpace {
			n++
		}
	}
	return n
}

func without(ls []line, r rank) []line {
	kept := make([]line, 0, len(ls))
	for _, l := range ls {
		if l.r != r {
			kept = append(kept, l)
		}
	}
	return kept
}
