package tui

import (
	"bytes"
	"encoding/json"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
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
	m.over, m.rawRef = overlayRaw, ref
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

func (m *Model) rawTitle() string {
	return sanitize.Line(m.rawRef.req.Kind+" "+m.rawRef.req.Name) + " — raw · c copies ARN · o copies console URL · esc closes"
}

func (m *Model) describeLoaded(msg describeLoadedMsg) tea.Cmd {
	if msg.epoch != m.epoch || m.over != overlayRaw || msg.ref != m.rawRef {
		return nil
	}
	var pretty bytes.Buffer
	doc := msg.doc
	if json.Indent(&pretty, msg.doc, "", "  ") == nil {
		doc = pretty.Bytes()
	}
	m.raw.SetContent(m.rawTitle(), views.RawLines(m.st, msg.ref.arn, msg.ref.console, strings.Split(string(doc), "\n"), msg.err, false))
	return nil
}

// rawKey handles the raw view's keys: copy, scroll, close.
func (m *Model) rawKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "c":
		if m.rawRef.arn == "" {
			return m.notify(views.LevelInfo, "no ARN to copy")
		}
		return tea.Batch(tea.SetClipboard(m.rawRef.arn), m.notify(views.LevelInfo, "ARN copied to the clipboard"))
	case "o":
		if m.rawRef.console == "" {
			return m.notify(views.LevelInfo, "the console has no page for this")
		}
		return tea.Batch(tea.SetClipboard(m.rawRef.console), m.notify(views.LevelInfo, "console URL copied: "+m.rawRef.console))
	}
	return m.paneKey(k, m.raw)
}
