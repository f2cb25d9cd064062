package logs

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// Tone colours a badge of the bar.
type Tone uint8

// Badge tones.
const (
	ToneMuted Tone = iota
	ToneLive
	ToneWarn
	ToneErr
	ToneInfo
)

// Badge is one item of the pane's bar: the follow mode, a session timer,
// "sampled", a gap count.
type Badge struct {
	Text string
	Tone Tone
}

func (v *Viewer) tone(t Tone) kit.Brush {
	switch t {
	case ToneLive:
		return v.pal.ok
	case ToneWarn:
		return v.pal.gap
	case ToneErr:
		return v.pal.err
	case ToneInfo:
		return v.pal.info
	}
	return v.pal.muted
}

// Badges are the viewer's own: paused with its count of new lines, the
// filter, the isolated request, the source shown, JSON mode, wrap.
func (v *Viewer) Badges() []Badge {
	var out []Badge
	if !v.follow {
		out = append(out, Badge{"⏸ paused +" + strconv.Itoa(v.newLines) + " new", ToneWarn})
	}
	if v.filter.Active() {
		how := "marked"
		if v.onlyMatching {
			how = "only"
		}
		out = append(out, Badge{v.filter.Mode().String() + " /" + sanitize.Line(v.filter.Query()) + " (" + how + ")", ToneInfo})
	}
	if v.reqID != "" {
		out = append(out, Badge{"request " + shortID(v.reqID), ToneInfo})
	}
	if v.src >= 0 && v.src < len(v.srcs) {
		out = append(out, Badge{"only " + v.srcs[v.src], ToneInfo})
	}
	if v.json != JSONFold {
		out = append(out, Badge{"json " + v.json.String(), ToneMuted})
	}
	if v.wrap {
		out = append(out, Badge{"wrap", ToneMuted})
	}
	out = append(out, Badge{Plural(v.ring.Len(), "line"), ToneMuted})
	return out
}

// Bar renders the pane's one-line bar at width w: the sources on the left
// (each in its colour), the badges on the right. The right side wins when
// space is short.
func (v *Viewer) Bar(w int, badges []Badge) string {
	if w <= 0 {
		return ""
	}
	var right []string
	for _, b := range badges {
		right = append(right, v.tone(b.Tone).Paint(b.Text))
	}
	r := strings.Join(right, v.pal.subtle.Paint(" · ")) + " "
	rw := ansi.StringWidth(r)
	if rw > w {
		return ansi.Truncate(r, w, "…")
	}
	var left strings.Builder
	left.WriteString(" ")
	for i, name := range v.srcs {
		if i > 0 {
			left.WriteString(" ")
		}
		if len(v.srcs) > 1 {
			left.WriteString(v.pal.src(uint8(i)).Paint("● " + name))
		} else {
			left.WriteString(v.pal.normal.Paint(name))
		}
	}
	l := left.String()
	room := w - rw - 1
	if lw := ansi.StringWidth(l); lw > room {
		l = ansi.Truncate(l, max(room, 0), "…")
	}
	pad := w - ansi.StringWidth(l) - rw
	return l + strings.Repeat(" ", max(pad, 0)) + r
}

// Plural formats a count and its noun: "1 line", "5,826 lines".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(n) + " " + noun + "s"
}

// count formats a line count, with thousands separators from 10,000 up
// (four digits read well bare).
func count(n int) string {
	if n < 10_000 {
		return strconv.Itoa(n)
	}
	return format.Group(n)
}
