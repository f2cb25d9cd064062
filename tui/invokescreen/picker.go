package invokescreen

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// The pickers of templates, past payloads and qualifiers.

func (s *Screen) openPicker(what, prompt string, items []kit.Command, picks map[string]string) {
	s.picker = kit.NewPalette(s.host.Styles(), prompt, "type to filter · enter choose · esc cancel", items)
	s.pickerFor, s.picks = what, picks
}

func (s *Screen) openTemplates() {
	var items []kit.Command
	picks := map[string]string{}
	for _, t := range invoke.Templates() {
		items = append(items, kit.Command{Name: t.Name, Desc: t.Desc})
		picks[t.Name] = t.Body
	}
	s.openPicker("template", "template ", items, picks)
}

func (s *Screen) openHistory() {
	var items []kit.Command
	picks := map[string]string{}
	now := s.host.Now()
	for i, h := range s.history {
		name := "#" + strconv.Itoa(i+1)
		desc := format.Age(now, h.Time) + " ago · " + string(h.Type) + " · " + oneLinePreview(h.Payload, 60)
		items = append(items, kit.Command{Name: name, Desc: desc})
		picks[name] = h.Payload
	}
	s.openPicker("history", "history ", items, picks)
}

func oneLinePreview(p string, n int) string {
	p = strings.Join(strings.Fields(p), " ")
	if len(p) > n {
		p = p[:n] + "…"
	}
	return sanitize.Line(p)
}

func (s *Screen) openQualifiers() {
	items := []kit.Command{{Name: "$LATEST", Desc: "unpublished code and configuration"}}
	picks := map[string]string{"$LATEST": ""}
	if d, ok := s.host.Detail(s.fn.Name); ok {
		for _, a := range d.Aliases {
			items = append(items, kit.Command{Name: a.Name, Desc: "alias → " + action.AliasString(a.FunctionVersion, a.AdditionalWeights)})
			picks[a.Name] = a.Name
		}
		_, versions := d.Qualifiers()
		for i := len(versions) - 1; i >= 0; i-- {
			items = append(items, kit.Command{Name: versions[i], Desc: "version"})
			picks[versions[i]] = versions[i]
		}
	}
	s.openPicker("qualifier", "qualifier ", items, picks)
}

func (s *Screen) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	res, cmd := s.picker.Update(k, &s.host.Keys().Input)
	if !res.Done {
		return cmd
	}
	s.picker = nil
	v, ok := s.picks[res.Command]
	if !ok {
		return cmd
	}
	switch s.pickerFor {
	case "qualifier":
		s.qualifier = v
		return cmd
	case "history":
		for _, h := range s.history {
			if h.Payload == v {
				if h.Type != "" {
					s.typ = h.Type
				}
				s.qualifier = h.Qualifier
			}
		}
	}
	return tea.Batch(cmd, s.setPayload(v))
}
