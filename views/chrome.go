package views

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/virgahq/virga/providers"
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
	// Every piece is rendered with a background of its own: a style
	// rendered inside another ends in a reset, so text after it would
	// lose the band.
	left := h.App.Render(" virga ")
	if d.Identity.Demo {
		left += h.Bar.Render(" ") + h.BadgeDemo.Render(" DEMO ")
	}
	if d.ReadOnly {
		left += h.Bar.Render(" ") + h.BadgeReadOnly.Render(" READ-ONLY ")
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
	for i, p := range parts {
		parts[i] = h.Identity.Render(p)
	}
	left += h.Identity.Render(" ") + strings.Join(parts, h.Muted.Render(" · "))

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
// with the bar style and cutting the left side first when too long.
func joinEnds(bar interface{ Render(...string) string }, left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw > w {
		if rw >= w {
			return kit.FitStyled(right, w)
		}
		left = kit.FitStyled(left, w-rw)
		lw = w - rw
	}
	return left + bar.Render(strings.Repeat(" ", w-lw-rw)) + right
}

// Crumbs renders the breadcrumb line: where you are, then info on the right
// (filter and sort).
func Crumbs(st *theme.Styles, crumbs []string, info string, w int) string {
	var b strings.Builder
	b.WriteString(" ")
	for i, c := range crumbs {
		if i > 0 {
			b.WriteString(st.Header.CrumbSep.Render(" › "))
		}
		c = sanitize.Line(c)
		if i == len(crumbs)-1 {
			b.WriteString(st.Header.CrumbLast.Render(c))
		} else {
			b.WriteString(st.Header.Crumb.Render(c))
		}
	}
	right := ""
	if info != "" {
		right = st.Text.Muted.Render(info + " ")
	}
	return joinEnds(st.Status.Bar, b.String(), right, w)
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
	if d.Right != "" {
		s := st.Status.Hint
		if d.Stale {
			s = st.Status.Stale
		}
		right = s.Render(d.Right + " ")
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
