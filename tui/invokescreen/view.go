package invokescreen

import (
	"errors"
	"strconv"
	"strings"

	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

func (s *Screen) View() string {
	st := s.host.Styles()
	w := s.w
	lines := make([]string, 0, s.h)
	mode := "editing · " + s.host.Keys().Actions.Editor.StopEdit.Help().Key + " stops"
	if !s.editing {
		mode = s.host.Keys().Actions.Editor.Edit.Help().Key + " edit · " + s.host.Keys().Actions.Editor.Send.Help().Key + " send"
	}
	q := s.qualifier
	if q == "" {
		q = "$LATEST"
	}
	raw := ""
	if s.raw {
		raw = " · " + st.Text.Warn.Render("raw text")
	}
	head := st.Pane.Title.Render(" Payload") + st.Text.Muted.Render(" · ") + st.Text.Bold.Render(string(s.typ)) +
		st.Text.Muted.Render(" · qualifier ") + st.Text.Bold.Render(sanitize.Line(q)) + raw + st.Text.Muted.Render(" · "+mode)
	lines = append(lines, kit.FitStyled(head, w))
	for _, l := range s.editorLines() {
		if len(lines) > s.edRows {
			break
		}
		lines = append(lines, kit.FitStyled(l, w))
	}
	for len(lines) <= s.edRows {
		lines = append(lines, kit.FitStyled("", w))
	}
	lines = append(lines, kit.FitStyled(s.checkLine(), w))
	for _, l := range strings.Split(s.pane.View(), "\n") {
		lines = append(lines, kit.FitStyled(l, w))
	}
	for len(lines) < s.h {
		lines = append(lines, kit.FitStyled("", w))
	}
	lines = lines[:s.h]
	if s.picker != nil {
		box := s.picker.View(w, max(s.h-2, 1))
		lines = kit.Overlay(lines, box, len(lines)-len(box))
	}
	return strings.Join(lines, "\n")
}

// editorLines renders the editor, or the preview of a payload too large
// to edit, from the cache when nothing changed.
func (s *Screen) editorLines() []string {
	if s.edDirty || s.edView == "" {
		s.edDirty = false
		if s.big == "" {
			s.edView = s.ed.View()
		} else {
			s.edView = s.bigPreview()
		}
	}
	return strings.Split(s.edView, "\n")
}

// bigPreview shows the first lines of a payload too large to edit.
func (s *Screen) bigPreview() string {
	st := s.host.Styles()
	n := max(s.edRows-1, 1)
	head := s.big[:min(len(s.big), n*(s.w*4+1))]
	parts := strings.SplitN(head, "\n", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	out := make([]string, 0, n+1)
	for _, p := range parts {
		p = sanitize.Line(p[:min(len(p), s.w*4)])
		out = append(out, st.Text.Muted.Render(" "+p))
	}
	out = append(out, st.Text.Warn.Render(" … "+invoke.FormatSize(len(s.big))+", "+strconv.Itoa(strings.Count(s.big, "\n")+1)+
		" lines: too large to edit here; sent as it is"))
	return strings.Join(out, "\n")
}

// checkLine is the verdict of the pre-send check.
func (s *Screen) checkLine() string {
	st := s.host.Styles()
	size := invoke.FormatSize(len(s.payload())) + " of " + invoke.FormatSize(invoke.Limit(s.typ))
	var se *invoke.SyntaxError
	switch {
	case s.check == nil && s.raw:
		return st.Text.Warn.Render(" ✓ raw text") + st.Text.Muted.Render(" · "+size)
	case s.check == nil:
		return st.Text.OK.Render(" ✓ valid JSON") + st.Text.Muted.Render(" · "+size)
	case errors.As(s.check, &se):
		return st.Text.Err.Render(" ✗ "+sanitize.Line(se.Error())) + st.Text.Muted.Render(" · "+s.host.Keys().Actions.Editor.Raw.Help().Key+" sends raw text")
	default:
		return st.Text.Err.Render(" ✗ " + sanitize.Line(s.check.Error()))
	}
}
