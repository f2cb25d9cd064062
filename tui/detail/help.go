package detail

import (
	"charm.land/bubbles/v2/key"

	"github.com/virgahq/virga/views"
)

// The keys of the detail pane and the raw view, for the help screen.

// Help lists the detail pane's keys.
func (p *Pane) Help() views.HelpGroup {
	d := p.h.Keys().Detail
	return views.HelpGroup{Title: "Detail", Bindings: []key.Binding{d.Up, d.Down, d.PageUp, d.PageDown, d.Top, d.Bottom, d.Reveal, d.Wrap, d.Focus}}
}

// Help lists the raw view's keys, opened with the list's raw key.
func (v *Raw) Help() views.HelpGroup {
	km := v.h.Keys()
	r := km.Raw
	return views.HelpGroup{Title: "Raw view (" + km.List.Raw.Help().Key + ")", Bindings: []key.Binding{r.Search, r.Next, r.Prev, r.CopyARN, r.CopyName, r.Console}}
}
