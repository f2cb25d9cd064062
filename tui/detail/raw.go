package detail

import (
	"bytes"
	"encoding/json"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
	"github.com/virgahq/virga/views/theme"
)

// The raw view over the resource tables: the selection's API document
// (Describe), pretty-printed, with its ARN and console page, searchable,
// with copies of its ARN, name and console URL. The root shows it as an
// overlay.

// Ref names a resource for the raw view, the clipboard and the console:
// a describe request, its ARN and its console page.
type Ref struct {
	Req     providers.DescribeRequest
	ARN     string
	Console string
}

// Ref is the selection's: false when nothing is selected.
func (s Selection) Ref(region string) (Ref, bool) {
	var r Ref
	switch {
	case s.Fn != nil:
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeFunction, Name: s.Fn.Fn.Name}, s.Fn.Fn.ARN
	case s.Cluster != nil:
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeCluster, Name: s.Cluster.Name}, s.Cluster.ARN
	case s.Service != nil:
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeService, Name: s.Service.Name, Cluster: s.Service.Cluster}, s.Service.ARN
	case s.Task != nil:
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeTask, Name: s.Task.ID, Cluster: s.Task.Cluster}, s.Task.ARN
	default:
		return r, false
	}
	r.Console = providers.ConsoleURL(region, r.Req.Kind, r.Req.Cluster, r.Req.Name)
	return r, true
}

// RawMsg carries the API's document for the raw view.
type RawMsg struct {
	epoch int
	ref   Ref
	doc   []byte
	err   error
}

// Raw is the raw view: its pane, its search input and the resource it
// shows.
type Raw struct {
	h    Host
	pane *kit.Pane
	// find is the search input, open while finding.
	find    *kit.FilterBar
	finding bool
	ref     Ref
}

// NewRaw returns a closed raw view.
func NewRaw(h Host) *Raw {
	return &Raw{h: h, pane: kit.NewPane(h.Styles()), find: kit.NewSearchBar(h.Styles())}
}

// Pane is the view's pane: the root scrolls and closes it with the keys
// of every full-screen pane.
func (v *Raw) Pane() *kit.Pane { return v.pane }

// SetStyles rebuilds the cached styles after a theme change.
func (v *Raw) SetStyles(st *theme.Styles) {
	v.pane.SetStyles(st)
	v.find.SetStyles(st)
}

// Open shows ref, the API's own JSON of it once read, and reads it. It
// reports false (and says why) when the backend cannot describe.
func (v *Raw) Open(ref Ref) (tea.Cmd, bool) {
	d, ok := v.h.Backend().(providers.Describer)
	if !ok {
		return v.h.Notify(views.LevelWarn, "this backend cannot describe resources"), false
	}
	v.ref, v.finding = ref, false
	v.pane.Search("")
	v.pane.SetWrap(true, 2)
	v.pane.SetContent(v.title(), views.RawLines(v.h.Styles(), ref.ARN, ref.Console, nil, nil, true))
	v.pane.SetFocused(true)
	epoch := v.h.Epoch()
	ctx, cancel := v.h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		doc, err := d.Describe(ctx, ref.Req)
		return RawMsg{epoch: epoch, ref: ref, doc: doc, err: err}
	}, true
}

// title names the resource and, during a search, where the reader is in
// it ("match 3/12", "no match for x").
func (v *Raw) title() string {
	t := sanitize.Line(v.ref.Req.Kind+" "+v.ref.Req.Name) + " — raw"
	if st := v.pane.SearchStatus(); st != "" {
		t += " · " + st
	}
	return t
}

// Loaded shows the document read for the view, if it still shows that
// resource.
func (v *Raw) Loaded(msg RawMsg) tea.Cmd {
	if msg.epoch != v.h.Epoch() || msg.ref != v.ref {
		return nil
	}
	var pretty bytes.Buffer
	doc := msg.doc
	if json.Indent(&pretty, msg.doc, "", "  ") == nil {
		doc = pretty.Bytes()
	}
	v.pane.SetContent(v.title(), views.RawLines(v.h.Styles(), msg.ref.ARN, msg.ref.Console, strings.Split(string(doc), "\n"), msg.err, false))
	// A search typed while the document loaded now has matches to count.
	v.pane.SetTitle(v.title())
	return nil
}

// Hints are the view's keys for the status line: the search's while one
// is on, the copies otherwise.
func (v *Raw) Hints() []key.Binding {
	km := v.h.Keys()
	r := km.Raw
	if v.finding {
		return []key.Binding{km.Input.Accept, km.Input.Cancel}
	}
	back := km.Global.Back
	closeKey := key.NewBinding(key.WithKeys(back.Keys()...), key.WithHelp(back.Help().Key, "close"))
	if v.pane.SearchQuery() != "" {
		closeKey.SetHelp(back.Help().Key, "clear search")
		return []key.Binding{r.Next, r.Prev, r.Search, closeKey}
	}
	return []key.Binding{r.Search, r.CopyARN, r.CopyName, r.Console, closeKey}
}

// Finding says the search input is open; FindView draws it (in place of
// the breadcrumb line).
func (v *Raw) Finding() bool { return v.finding }

func (v *Raw) FindView(width int) string { return v.find.View(width) }

// Key handles the view's own keys: search, copy, clear. It reports false
// for the keys every full-screen pane shares (scroll, close, quit), which
// the root applies to Pane.
func (v *Raw) Key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.finding {
		return v.findKey(k), true
	}
	km := v.h.Keys()
	r := km.Raw
	switch {
	case key.Matches(k, r.Search):
		v.finding = true
		return v.find.Open(v.pane.SearchQuery()), true
	case key.Matches(k, r.Next), key.Matches(k, r.Prev):
		dir := 1
		if key.Matches(k, r.Prev) {
			dir = -1
		}
		v.pane.NextMatch(dir)
		v.pane.SetTitle(v.title())
	case key.Matches(k, km.Global.Back) && v.pane.SearchQuery() != "":
		// esc clears the search first; the next one closes.
		v.pane.Search("")
		v.pane.SetTitle(v.title())
	case key.Matches(k, r.CopyARN):
		return v.copy(v.ref.ARN, "ARN", "no ARN to copy"), true
	case key.Matches(k, r.CopyName):
		return v.copy(v.ref.Req.Name, "name", "no name to copy"), true
	case key.Matches(k, r.Console):
		if v.ref.Console == "" {
			return v.h.Notify(views.LevelInfo, "the console has no page for this"), true
		}
		return tea.Batch(tea.SetClipboard(v.ref.Console), v.h.Notify(views.LevelInfo, "console URL copied: "+v.ref.Console)), true
	default:
		return nil, false
	}
	return nil, true
}

// copy puts text on the terminal's clipboard (OSC 52).
func (v *Raw) copy(text, what, none string) tea.Cmd {
	if text == "" {
		return v.h.Notify(views.LevelInfo, none)
	}
	return tea.Batch(tea.SetClipboard(text), v.h.Notify(views.LevelInfo, what+" copied to the clipboard"))
}

// findKey edits the search: it finds as the reader types, enter keeps
// the search, esc drops it.
func (v *Raw) findKey(k tea.KeyPressMsg) tea.Cmd {
	res, cmd := v.find.Update(k, &v.h.Keys().Input)
	switch res {
	case kit.FilterCancelled:
		v.finding = false
		v.pane.Search("")
	case kit.FilterAccepted:
		v.finding = false
	default:
		if q := v.find.Value(); q != v.pane.SearchQuery() {
			v.pane.Search(q)
		}
	}
	v.pane.SetTitle(v.title())
	return cmd
}
