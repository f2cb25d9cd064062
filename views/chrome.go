package views

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

func itoa(i int) string { return strconv.Itoa(i) }

// HeaderData is what the header line shows.
type HeaderData struct {
	Identity providers.Identity
	ReadOnly bool
	// Freshness is "updated 12:04:05", "loading…", or "stale · 12s".
	Freshness string
	Stale     bool
	// Note is a short warning shown before the freshness, e.g. an expired
	// credentials banner.
	Note string
}

// Header renders the one-line header at width w.
func Header(st *theme.Styles, d HeaderData, w int) string {
	h := st.Header
	// Every piece is rendered on its own: a style nested inside another
	// ends with a reset that would drop the band's background for the
	// rest of the line.
	gap := h.Bar.Render(" ")
	left := h.App.Render(" virga ")
	if d.Identity.Demo {
		left += gap + h.BadgeDemo.Render(" DEMO ")
	}
	if d.ReadOnly {
		left += gap + h.BadgeReadOnly.Render(" READ-ONLY ")
	}
	id := d.Identity
	parts := []string{}
	if id.Account != "" {
		parts = append(parts, sanitize.Line(id.Account))
	} else {
		parts = append(parts, "account …")
	}
	if id.Region != "" {
		parts = append(parts, sanitize.Line(id.Region))
	}
	profile := id.Profile
	if profile == "" {
		profile = "default"
	}
	parts = append(parts, "profile "+sanitize.Line(profile))
	left += gap
	for i, p := range parts {
		if i > 0 {
			left += h.Muted.Render(" · ")
		}
		left += h.Identity.Render(p)
	}

	var right string
	if d.Note != "" {
		right = st.Status.Err.Inherit(h.Bar).Render(sanitize.Line(d.Note)) + h.Bar.Render("  ")
	}
	if d.Stale {
		right += h.BadgeStale.Render("● " + d.Freshness + " ")
	} else if d.Freshness != "" {
		right += h.BadgeLive.Render("● ") + h.Muted.Render(d.Freshness+" ")
	}
	return joinEnds(h.Bar, left, right, w)
}

// joinEnds puts left and right on one line of width w, filling the gap
// with the bar style and cutting the left side first when too long, so
// that at least one cell parts them.
func joinEnds(bar interface{ Render(...string) string }, left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw > w {
		gap := 0
		if rw > 0 {
			gap = 1 // one cell of bar always parts a cut left side from the right
		}
		if rw >= w-gap {
			return kit.FitStyled(right, w)
		}
		left = kit.FitStyled(left, w-rw-gap)
		lw = w - rw - gap
	}
	return left + bar.Render(strings.Repeat(" ", w-lw-rw)) + right
}

// Crumbs renders the breadcrumb line: where you are, then info on the right
// (filter and sort). A level is never shown twice (see CompactCrumbs); when
// the path is too long the levels nearest the root give way to "…", so
// where you are stays in view, and two cells always part it from the info.
func Crumbs(st *theme.Styles, crumbs []string, info string, w int) string {
	right := ""
	if info != "" {
		// The info takes at most half the line: where you are comes first.
		right = st.Text.Muted.Render(kit.FitStyled(sanitize.Line(info), min(kit.Width(sanitize.Line(info)), max(w/2-1, 0))) + " ")
	}
	room := w - ansi.StringWidth(right) - crumbGap
	if right == "" {
		room = w
	}
	cs := CompactCrumbs(crumbs)
	for i := range cs {
		cs[i] = sanitize.Line(cs[i])
	}
	sep := st.Header.CrumbSep.Render(" › ")
	render := func(cs []string, elided bool) string {
		var b strings.Builder
		b.WriteString(" ")
		if elided {
			b.WriteString(st.Header.Crumb.Render("…"))
			if len(cs) > 0 {
				b.WriteString(sep)
			}
		}
		for i, c := range cs {
			if i > 0 {
				b.WriteString(sep)
			}
			if i == len(cs)-1 {
				b.WriteString(st.Header.CrumbLast.Render(c))
			} else {
				b.WriteString(st.Header.Crumb.Render(c))
			}
		}
		return b.String()
	}
	left := render(cs, false)
	for drop := 1; ansi.StringWidth(left) > room && drop < len(cs); drop++ {
		left = render(cs[drop:], true)
	}
	if ansi.StringWidth(left) > room {
		left = kit.FitStyled(left, max(room, 0))
	}
	return joinEnds(st.Status.Bar, left, right, w)
}

// CrumbCount is what follows the last crumb of a table: "(48)", "(3/48)"
// when a filter hides rows, "(2,000 so far…)" while the first listing is
// still paging in, so a long list never looks complete before it is.
func CrumbCount(shown, total int, loading bool) string {
	switch {
	case loading && shown != total:
		return "(" + format.Group(shown) + "/" + format.Group(total) + " so far…)"
	case loading:
		return "(" + format.Group(total) + " so far…)"
	case shown != total:
		return "(" + format.Group(shown) + "/" + format.Group(total) + ")"
	}
	return "(" + format.Group(total) + ")"
}

// crumbGap is the least space between the breadcrumbs and the info.
const crumbGap = 2

// CompactCrumbs drops what repeats the levels before it: a crumb equal to
// the one before it ("journal › journal"), and the leading parts of a
// crumb of several parts ("prod-api/checkout-web") that are already levels
// of the path; a crumb with nothing left goes.
func CompactCrumbs(crumbs []string) []string {
	out := make([]string, 0, len(crumbs))
	seen := make(map[string]bool, len(crumbs))
	for _, c := range crumbs {
		if parts := strings.Split(c, "/"); len(parts) > 1 {
			for len(parts) > 0 && seen[parts[0]] {
				parts = parts[1:]
			}
			c = strings.Join(parts, "/")
		}
		if c == "" || len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
		seen[c] = true
	}
	return out
}

// Level is the severity of a status message.
type Level uint8

// Status levels.
const (
	LevelInfo Level = iota
	LevelWarn
	LevelError
)

// StatusData is what the bottom line shows: a transient message, or key
// hints when there is none, and the pane's staleness on the right.
type StatusData struct {
	Message string
	Level   Level
	Hints   []key.Binding
	Right   string
	Stale   bool
	// Details is the key that opens the message in full ("!"), shown at
	// the right while a warning or an error is on the line.
	Details string
}

// Status renders the status line.
func Status(st *theme.Styles, d StatusData, w int) string {
	var left string
	if d.Message != "" {
		s := st.Status.Info
		switch d.Level {
		case LevelWarn:
			s = st.Status.Warn
		case LevelError:
			s = st.Status.Err
		}
		left = " " + s.Render(sanitize.Line(d.Message))
	} else {
		var parts []string
		for _, h := range d.Hints {
			if !h.Enabled() {
				continue
			}
			parts = append(parts, st.Status.HintKey.Render(h.Help().Key)+" "+st.Status.Hint.Render(h.Help().Desc))
		}
		left = " " + strings.Join(parts, st.Status.Hint.Render("  "))
	}
	right := ""
	if d.Message != "" && d.Details != "" {
		right = st.Status.HintKey.Render(d.Details) + st.Status.Hint.Render(" details ")
	}
	if d.Right != "" {
		s := st.Status.Hint
		if d.Stale {
			s = st.Status.Stale
		}
		right += s.Render(d.Right + " ")
	}
	return joinEnds(st.Status.Bar, left, right, w)
}

// TooSmall renders the screen shown below the minimum size.
func TooSmall(st *theme.Styles, w, h, minW, minH int) string {
	msg := []string{
		"terminal too small",
		itoa(w) + "x" + itoa(h) + ", need " + itoa(minW) + "x" + itoa(minH),
		"q quit",
	}
	lines := make([]string, h)
	top := max((h-len(msg))/2, 0)
	for i := range lines {
		j := i - top
		if j >= 0 && j < len(msg) {
			text := msg[j]
			pad := max((w-kit.Width(text))/2, 0)
			s := st.Text.Warn
			if j > 0 {
				s = st.Text.Muted
			}
			lines[i] = kit.FitStyled(strings.Repeat(" ", pad)+s.Render(kit.Fit(text, w-pad)), w)
		} else {
			lines[i] = strings.Repeat(" ", w)
		}
	}
	return strings.Join(lines, "\n")
}

// Message is a warning or an error the status line showed.
type Message struct {
	Level Level
	Text  string
	// Err is the error behind Text, if any: its operation, IAM action,
	// request id and the cause's own words are shown too.
	Err error
	At  time.Time
}

// MessageTitle names a status message's pane by its level.
func MessageTitle(level Level) string {
	if level == LevelError {
		return "Last error"
	}
	return "Last warning"
}

// MessageLines is a status message in full, wrapped to width: when it was
// shown, its text, and what the error behind it says, for the message the
// status line had to cut.
func MessageLines(st *theme.Styles, msg Message, now time.Time, width int) []string {
	tone := st.Text.Warn
	if msg.Level == LevelError {
		tone = st.Text.Err
	}
	l := &wrapLines{lines: &lines{st: st}, width: max(width-DetailIndent-1, 20)}
	l.out = append(l.out, st.Text.Muted.Render(msg.At.Local().Format("15:04:05")+" · "+format.Age(now, msg.At)+" ago"), "")
	l.hanging("", "", kit.Wrap(sanitize.Line(msg.Text), max(width-1, 20)), tone)
	var pe *providers.Error
	if !errors.As(msg.Err, &pe) {
		if msg.Err != nil && msg.Err.Error() != msg.Text {
			l.out = append(l.out, "")
			l.kv("error", msg.Err.Error())
		}
		return l.out
	}
	l.out = append(l.out, "")
	l.kv("kind", pe.Kind.String())
	if pe.Op != "" {
		l.kv("operation", pe.Op)
	}
	if pe.Action != "" {
		l.kv("IAM action", pe.Action)
	}
	if pe.RequestID != "" {
		l.kv("request id", pe.RequestID)
	}
	if pe.Err != nil {
		l.kv("AWS said", pe.Err.Error())
	}
	return l.out
}
