package tui

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
)

// resourceRef names the selection for the raw view, the clipboard and
// the console: a describe request, its ARN and its console page.
type resourceRef struct {
	req     providers.DescribeRequest
	arn     string
	console string
}

// describeLoadedMsg carries the API's document for the raw view.
type describeLoadedMsg struct {
	epoch int
	ref   resourceRef
	doc   []byte
	err   error
}

// selectionRef is the selected function, cluster, service or task.
func (m *Model) selectionRef() (resourceRef, bool) {
	l := m.top()
	if l.scr != nil {
		return resourceRef{}, false
	}
	var r resourceRef
	switch l.kind {
	case kindFunctions:
		row, ok := l.fns.Selected()
		if !ok {
			return r, false
		}
		r.req, r.arn = providers.DescribeRequest{Kind: providers.DescribeFunction, Name: row.Fn.Name}, row.Fn.ARN
	case kindClusters:
		c, ok := l.clusters.Selected()
		if !ok {
			return r, false
		}
		r.req, r.arn = providers.DescribeRequest{Kind: providers.DescribeCluster, Name: c.Name}, c.ARN
	case kindServices:
		s, ok := l.services.Selected()
		if !ok {
			return r, false
		}
		r.req, r.arn = providers.DescribeRequest{Kind: providers.DescribeService, Name: s.Name, Cluster: s.Cluster}, s.ARN
	case kindTasks:
		t, ok := l.tasks.Selected()
		if !ok {
			return r, false
		}
		r.req, r.arn = providers.DescribeRequest{Kind: providers.DescribeTask, Name: t.ID, Cluster: t.Cluster}, t.ARN
	}
	r.console = providers.ConsoleURL(m.identity.Region, r.req.Kind, r.req.Cluster, r.req.Name)
	return r, true
}

// openDescribe opens the raw view of the selection: the API's own JSON,
// pretty-printed, with its ARN and console page, and reads it.
func (m *Model) openDescribe() tea.Cmd {
	ref, ok := m.selectionRef()
	if !ok {
		return m.notify(views.LevelInfo, "select a function, cluster, service or task first")
	}
	d, ok := m.opt.Backend.(providers.Describer)
	if !ok {
		return m.notify(views.LevelWarn, "this backend cannot describe resources")
	}
	m.over, m.rawRef, m.rawFinding = overlayRaw, ref, false
	m.raw.Search("")
	m.raw.SetWrap(true, 2)
	m.raw.SetContent(m.rawTitle(), views.RawLines(m.st, ref.arn, ref.console, nil, nil, true))
	m.raw.SetFocused(true)
	epoch := m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		doc, err := d.Describe(ctx, ref.req)
		return describeLoadedMsg{epoch: epoch, ref: ref, doc: doc, err: err}
	}
}

// rawTitle names the resource and, during a search, where the reader
// is in it ("match 3/12", "no match for x").
func (m *Model) rawTitle() string {
	t := sanitize.Line(m.rawRef.req.Kind+" "+m.rawRef.req.Name) + " — raw"
	if st := m.raw.SearchStatus(); st != "" {
		t += " · " + st
	}
	return t
}

// rawHints are the raw view's keys for the status line: the search's
// while one is on, the copies otherwise.
func (m *Model) rawHints() []key.Binding {
	r := m.km.Raw
	if m.rawFinding {
		return []key.Binding{m.km.Input.Accept, m.km.Input.Cancel}
	}
	closeKey := key.NewBinding(key.WithKeys(m.km.Global.Back.Keys()...), key.WithHelp(m.km.Global.Back.Help().Key, "close"))
	if m.raw.SearchQuery() != "" {
		closeKey.SetHelp(m.km.Global.Back.Help().Key, "clear search")
		return []key.Binding{r.Next, r.Prev, r.Search, closeKey}
	}
	return []key.Binding{r.Search, r.CopyARN, r.CopyName, r.Console, closeKey}
}

func (msg describeLoadedMsg) update(m *Model) tea.Cmd {
	if msg.epoch != m.epoch || m.over != overlayRaw || msg.ref != m.rawRef {
		return nil
	}
	var pretty bytes.Buffer
	doc := msg.doc
	if json.Indent(&pretty, msg.doc, "", "  ") == nil {
		doc = pretty.Bytes()
	}
	m.raw.SetContent(m.rawTitle(), views.RawLines(m.st, msg.ref.arn, msg.ref.console, strings.Split(string(doc), "\n"), msg.err, false))
	// A search typed while the document loaded now has matches to count.
	m.raw.SetTitle(m.rawTitle())
	return nil
}

// rawKey handles the raw view's keys: search, copy, scroll, close.
func (m *Model) rawKey(k tea.KeyPressMsg) tea.Cmd {
	if m.rawFinding {
		return m.rawFindKey(k)
	}
	r := m.km.Raw
	switch {
	case key.Matches(k, r.Search):
		m.rawFinding = true
		return m.rawFind.Open(m.raw.SearchQuery())
	case key.Matches(k, r.Next), key.Matches(k, r.Prev):
		dir := 1
		if key.Matches(k, r.Prev) {
			dir = -1
		}
		m.raw.NextMatch(dir)
		m.raw.SetTitle(m.rawTitle())
		return nil
	case key.Matches(k, m.km.Global.Back) && m.raw.SearchQuery() != "":
		// esc clears the search first; the next one closes.
		m.raw.Search("")
		m.raw.SetTitle(m.rawTitle())
		return nil
	case key.Matches(k, r.CopyARN):
		return m.rawCopy(m.rawRef.arn, "ARN", "no ARN to copy")
	case key.Matches(k, r.CopyName):
		return m.rawCopy(m.rawRef.req.Name, "name", "no name to copy")
	case key.Matches(k, r.Console):
		if m.rawRef.console == "" {
			return m.notify(views.LevelInfo, "the console has no page for this")
		}
		return tea.Batch(tea.SetClipboard(m.rawRef.console), m.notify(views.LevelInfo, "console URL copied: "+m.rawRef.console))
	}
	return m.paneKey(k, m.raw)
}

// rawCopy puts text on the terminal's clipboard (OSC 52).
func (m *Model) rawCopy(text, what, none string) tea.Cmd {
	if text == "" {
		return m.notify(views.LevelInfo, none)
	}
	return tea.Batch(tea.SetClipboard(text), m.notify(views.LevelInfo, what+" copied to the clipboard"))
}

// rawFindKey edits the search: it finds as the reader types, enter keeps
// the search, esc drops it.
func (m *Model) rawFindKey(k tea.KeyPressMsg) tea.Cmd {
	res, cmd := m.rawFind.Update(k, &m.km.Input)
	switch res {
	case kit.FilterCancelled:
		m.rawFinding = false
		m.raw.Search("")
	case kit.FilterAccepted:
		m.rawFinding = false
	default:
		if q := m.rawFind.Value(); q != m.raw.SearchQuery() {
			m.raw.Search(q)
		}
	}
	m.raw.SetTitle(m.rawTitle())
	return cmd
}
