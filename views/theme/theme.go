// Package theme builds virga's one Styles struct from a small semantic
// palette. It is a leaf package so both tui and views can import it; code
// elsewhere never uses raw colours.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Mode selects the palette.
type Mode uint8

// Palette modes. NoColor keeps bold, faint and reverse so the selection and
// headings stay visible when NO_COLOR is set.
const (
	Dark Mode = iota
	Light
	NoColor
)

// String names the mode as the config file spells it.
func (m Mode) String() string {
	switch m {
	case Light:
		return "light"
	case NoColor:
		return "none"
	default:
		return "dark"
	}
}

// Palette is the set of semantic colours the styles are built from.
type Palette struct {
	Text, Muted, Subtle, Primary, Accent color.Color
	OK, Warn, Err, Info                  color.Color
	SelBg, SelFg, BarBg, Border          color.Color
	BadgeFg                              color.Color
}

func palette(m Mode) Palette {
	ld := lipgloss.LightDark(m != Light)
	c := lipgloss.Color
	return Palette{
		Text:    ld(c("#1f2328"), c("#e6e6e6")),
		Muted:   ld(c("#57606a"), c("#9a9a9a")),
		Subtle:  ld(c("#8c959f"), c("#5f5f5f")),
		Primary: ld(c("#0550ae"), c("#7aa2f7")),
		Accent:  ld(c("#8250df"), c("#bb9af7")),
		OK:      ld(c("#1a7f37"), c("#9ece6a")),
		Warn:    ld(c("#9a6700"), c("#e0af68")),
		Err:     ld(c("#cf222e"), c("#f7768e")),
		Info:    ld(c("#0969da"), c("#7dcfff")),
		SelBg:   ld(c("#ddf4ff"), c("#2e3c64")),
		SelFg:   ld(c("#0a0a0a"), c("#ffffff")),
		BarBg:   ld(c("#eaeef2"), c("#1f2335")),
		Border:  ld(c("#d0d7de"), c("#3b4261")),
		BadgeFg: ld(c("#ffffff"), c("#1a1b26")),
	}
}

// Styles is every style virga draws with, grouped by area.
type Styles struct {
	Mode Mode

	Header struct {
		Bar, App, Identity, Muted, Crumb, CrumbSep, CrumbLast lipgloss.Style
		BadgeDemo, BadgeReadOnly, BadgeStale, BadgeLive       lipgloss.Style
	}
	Table struct {
		Header, Cell, Selected, SelectedBlur, Match, Muted lipgloss.Style
		OK, Warn, Err, Info                                lipgloss.Style
		SortMark                                           lipgloss.Style
	}
	Pane struct {
		Title, TitleBlur, Border, BorderFocus, Label, Value, Section, Muted lipgloss.Style
	}
	Status struct {
		Bar, Info, Warn, Err, Hint, HintKey, Stale lipgloss.Style
	}
	Input struct {
		Prompt, Text, Placeholder, Suggestion, SuggestionSel, Match lipgloss.Style
	}
	Chart struct {
		Spark, SparkErr, SparkWarn lipgloss.Style
	}
	Text struct {
		Normal, Muted, Subtle, OK, Warn, Err, Info, Bold lipgloss.Style
	}
}

// New builds the styles for a mode.
func New(m Mode) *Styles {
	p := palette(m)
	s := &Styles{Mode: m}
	st := lipgloss.NewStyle
	fg := func(c color.Color) lipgloss.Style {
		if m == NoColor {
			return st()
		}
		return st().Foreground(c)
	}
	bg := func(style lipgloss.Style, c color.Color) lipgloss.Style {
		if m == NoColor {
			return style
		}
		return style.Background(c)
	}

	s.Text.Normal = fg(p.Text)
	s.Text.Muted = fg(p.Muted)
	s.Text.Subtle = fg(p.Subtle).Faint(m == NoColor)
	s.Text.OK = fg(p.OK)
	s.Text.Warn = fg(p.Warn).Bold(m == NoColor)
	s.Text.Err = fg(p.Err).Bold(true)
	s.Text.Info = fg(p.Info)
	s.Text.Bold = fg(p.Text).Bold(true)

	s.Header.Bar = bg(st(), p.BarBg)
	s.Header.App = bg(fg(p.Primary).Bold(true), p.BarBg)
	s.Header.Identity = bg(fg(p.Text), p.BarBg)
	s.Header.Muted = bg(fg(p.Muted), p.BarBg)
	s.Header.Crumb = fg(p.Muted)
	s.Header.CrumbSep = fg(p.Subtle)
	s.Header.CrumbLast = fg(p.Primary).Bold(true)
	badge := func(c color.Color) lipgloss.Style {
		if m == NoColor {
			return st().Reverse(true).Bold(true)
		}
		return st().Foreground(p.BadgeFg).Background(c).Bold(true)
	}
	s.Header.BadgeDemo = badge(p.Accent)
	s.Header.BadgeReadOnly = badge(p.Warn)
	s.Header.BadgeStale = bg(fg(p.Warn), p.BarBg)
	s.Header.BadgeLive = bg(fg(p.OK), p.BarBg)

	s.Table.Header = fg(p.Muted).Bold(true)
	s.Table.Cell = fg(p.Text)
	s.Table.Muted = fg(p.Muted)
	s.Table.OK = fg(p.OK)
	s.Table.Warn = fg(p.Warn)
	s.Table.Err = fg(p.Err)
	s.Table.Info = fg(p.Info)
	s.Table.Match = fg(p.Accent).Bold(true).Underline(m == NoColor)
	s.Table.SortMark = fg(p.Primary)
	if m == NoColor {
		s.Table.Selected = st().Reverse(true)
		s.Table.SelectedBlur = st().Underline(true)
	} else {
		s.Table.Selected = st().Background(p.SelBg).Foreground(p.SelFg)
		s.Table.SelectedBlur = st().Background(p.BarBg)
	}

	s.Pane.Title = fg(p.Primary).Bold(true)
	s.Pane.TitleBlur = fg(p.Muted).Bold(true)
	s.Pane.Border = fg(p.Border)
	s.Pane.BorderFocus = fg(p.Primary)
	s.Pane.Label = fg(p.Muted)
	s.Pane.Value = fg(p.Text)
	s.Pane.Section = fg(p.Accent).Bold(true)
	s.Pane.Muted = fg(p.Subtle)

	s.Status.Bar = st()
	s.Status.Info = fg(p.Info)
	s.Status.Warn = fg(p.Warn).Bold(true)
	s.Status.Err = fg(p.Err).Bold(true)
	s.Status.Hint = fg(p.Muted)
	s.Status.HintKey = fg(p.Text).Bold(true)
	s.Status.Stale = fg(p.Warn)

	s.Input.Prompt = fg(p.Primary).Bold(true)
	s.Input.Text = fg(p.Text)
	s.Input.Placeholder = fg(p.Subtle)
	s.Input.Suggestion = fg(p.Muted)
	s.Input.SuggestionSel = s.Table.Selected
	s.Input.Match = s.Table.Match

	s.Chart.Spark = fg(p.Info)
	s.Chart.SparkErr = fg(p.Err)
	s.Chart.SparkWarn = fg(p.Warn)
	return s
}

// ParseMode reads a mode name from the config file: "dark", "light",
// "none" or "auto" (auto returns ok=false so the caller asks the terminal).
func ParseMode(name string) (m Mode, ok bool) {
	switch name {
	case "dark":
		return Dark, true
	case "light":
		return Light, true
	case "none", "no-color", "nocolor":
		return NoColor, true
	default:
		return Dark, false
	}
}
