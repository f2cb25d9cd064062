package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/sanitize"
)

// detailEntry caches GetFunction for a function.
type detailEntry struct {
	detail providers.FunctionDetail
	err    error
	at     time.Time
}

// putDetail is the one writer of the detail cache: the detail pane, the
// metrics screens, the pool and the actions' fresh reads all land here,
// and every reader (the pane, the screens, the forms) reads from it.
func (m *Model) putDetail(name string, e detailEntry) { m.fnDetail[name] = e }

// detailOf is the cached GetFunction of name, false when it was never
// read or its last read failed.
func (m *Model) detailOf(name string) (providers.FunctionDetail, bool) {
	e, ok := m.fnDetail[name]
	return e.detail, ok && e.err == nil
}

// detailDebounce lets the cursor settle before the selection's detail is
// fetched, so holding j does not fire a GetFunction per row.
const detailDebounce = 150 * time.Millisecond

// selectedKey identifies the selection of the visible location.
func (m *Model) selectedKey() string {
	l := m.top()
	switch l.kind {
	case kindFunctions:
		if r, ok := l.fns.Selected(); ok {
			return "fn:" + r.Fn.Name
		}
	case kindClusters:
		if c, ok := l.clusters.Selected(); ok {
			return "cl:" + c.Name
		}
	case kindServices:
		if s, ok := l.services.Selected(); ok {
			return "svc:" + s.Cluster + "/" + s.Name
		}
	case kindTasks:
		if t, ok := l.tasks.Selected(); ok {
			return "task:" + t.ARN
		}
	}
	return ""
}

// selectionChanged runs after anything that may move the selection or
// the rows on screen: it refreshes the detail pane, schedules the
// selection's detail fetch, and asks for metrics of newly visible rows.
func (m *Model) selectionChanged() tea.Cmd {
	if m.top().scr != nil {
		return nil
	}
	var cmds []tea.Cmd
	if key := m.selectedKey(); key != m.selKey {
		m.selKey = key
		m.revealed = -1
	}
	m.syncDetail()
	l := m.top()
	if l.kind == kindFunctions {
		if m.detailVisible() {
			if r, ok := l.fns.Selected(); ok {
				if e, ok := m.fnDetail[r.Fn.Name]; !ok || m.now().Sub(e.at) > 3*m.opt.Refresh {
					m.detailGen++
					cmds = append(cmds, m.opt.After(detailDebounce, detailDueMsg{gen: m.detailGen}))
				}
			}
		}
		cmds = append(cmds, m.metrics.Soon(), m.metrics.Reads().Read())
	}
	cmds = append(cmds, m.loadTaskDef())
	return tea.Batch(cmds...)
}

func (msg detailDueMsg) update(m *Model) tea.Cmd {
	if msg.gen != m.detailGen || !m.detailVisible() || m.credsExpired {
		return nil
	}
	l := m.top()
	if l.kind != kindFunctions {
		return nil
	}
	r, ok := l.fns.Selected()
	if !ok {
		return nil
	}
	return m.loadFunctionDetail(msg.gen, r.Fn.Name)
}

func (msg functionDetailLoadedMsg) update(m *Model) tea.Cmd {
	if msg.epoch != m.epoch {
		return nil
	}
	if msg.err != nil && providers.KindOf(msg.err) == providers.ErrThrottled {
		if e, ok := m.fnDetail[msg.name]; ok && e.err == nil {
			// Keep the good detail; it is merely stale.
			return nil
		}
	}
	m.putDetail(msg.name, detailEntry{detail: msg.detail, err: msg.err, at: msg.at})
	if msg.err == nil {
		// GetFunction reads the reservation too (fresher after an
		// action); show it in the table rows.
		m.metrics.Reads().Set(msg.name, msg.detail.Function.Reserved, msg.at)
		m.metrics.RefreshRows()
	}
	m.syncDetail()
	if msg.gen != m.detailGen {
		return nil
	}
	// While the detail stays on screen, keep it fresh.
	return m.opt.After(3*m.opt.Refresh, detailDueMsg{gen: msg.gen})
}

// syncDetail rebuilds the detail pane's lines for the selection. It runs
// in Update when something changed, never in View.
func (m *Model) syncDetail() {
	l := m.top()
	if l.scr != nil {
		return
	}
	now := m.now()
	var title string
	var lines []string
	switch l.kind {
	case kindFunctions:
		r, ok := l.fns.Selected()
		if !ok {
			break
		}
		var d *providers.FunctionDetail
		if e, ok := m.fnDetail[r.Fn.Name]; ok {
			if e.err != nil {
				lines = append(lines, m.st.Text.Err.Render(sanitize.Line("detail: "+providers.Short(e.err))), "")
			} else {
				d = &e.detail
			}
		}
		title = r.Fn.Name
		lines = append(lines, views.FunctionDetail(m.st, r.Fn, d, r.Live, m.revealed, now)...)
	case kindClusters:
		if c, ok := l.clusters.Selected(); ok {
			title, lines = c.Name, views.ClusterDetail(m.st, c)
		}
	case kindServices:
		if s, ok := l.services.Selected(); ok {
			title, lines = s.Cluster+"/"+s.Name, views.ServiceDetail(m.st, s, now, m.ecsContext(s.TaskDefinition))
		}
	case kindTasks:
		if t, ok := l.tasks.Selected(); ok {
			x := m.ecsContext(t.TaskDefinition)
			x.Tasks = l.tasks.Items()
			title, lines = "task "+t.ID, views.TaskDetail(m.st, t, now, x)
		}
	}
	if title == "" {
		lines = []string{m.st.Text.Muted.Render("nothing selected")}
	}
	m.detail.SetContent(sanitize.Line(title), lines)
}
