package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/tui/rawview"
	"github.com/virgahq/virga/views"
)

// The root's hooks into the raw view (package tui/rawview): what it
// shows (the selection) and the delivery of its document.

// describeLoadedMsg carries the API's document for the raw view.
type describeLoadedMsg = rawview.LoadedMsg

// selectionRef is the selected function, cluster, service or task.
func (m *Model) selectionRef() (rawview.Ref, bool) {
	l := m.top()
	if l.scr != nil {
		return rawview.Ref{}, false
	}
	var r rawview.Ref
	switch l.kind {
	case kindFunctions:
		row, ok := l.fns.Selected()
		if !ok {
			return r, false
		}
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeFunction, Name: row.Fn.Name}, row.Fn.ARN
	case kindClusters:
		c, ok := l.clusters.Selected()
		if !ok {
			return r, false
		}
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeCluster, Name: c.Name}, c.ARN
	case kindServices:
		s, ok := l.services.Selected()
		if !ok {
			return r, false
		}
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeService, Name: s.Name, Cluster: s.Cluster}, s.ARN
	case kindTasks:
		t, ok := l.tasks.Selected()
		if !ok {
			return r, false
		}
		r.Req, r.ARN = providers.DescribeRequest{Kind: providers.DescribeTask, Name: t.ID, Cluster: t.Cluster}, t.ARN
	}
	r.Console = providers.ConsoleURL(m.identity.Region, r.Req.Kind, r.Req.Cluster, r.Req.Name)
	return r, true
}

// openDescribe opens the raw view of the selection.
func (m *Model) openDescribe() tea.Cmd {
	ref, ok := m.selectionRef()
	if !ok {
		return m.notify(views.LevelInfo, "select a function, cluster, service or task first")
	}
	cmd, ok := m.raw.Open(ref)
	if ok {
		m.over = overlayRaw
	}
	return cmd
}

// describeLoaded shows a document read for the raw view while it is open.
func (m *Model) describeLoaded(msg describeLoadedMsg) tea.Cmd {
	if m.over != overlayRaw {
		return nil
	}
	return m.raw.Loaded(msg)
}

// rawKey handles the raw view's keys; those of every pane scroll or close it.
func (m *Model) rawKey(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.raw.Key(k); ok {
		return cmd
	}
	return m.paneKey(k, m.raw.Pane())
}
