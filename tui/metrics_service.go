package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// svcMetricsScreen is a Fargate service's metrics: CPU and memory
// utilisation from AWS/ECS, and, when the cluster has Container Insights,
// running/desired/pending tasks and CPU and memory in units.
type svcMetricsScreen struct {
	m     *Model
	id    int
	svc   providers.Service
	panel metricPanel
	pane  *kit.Pane
	w, h  int

	// insights is the cluster's Container Insights setting; empty until
	// known. The metrics wait for it once, so the first request is one.
	insights     string
	insightsWait bool
	insightsErr  error
}

// clusterReadMsg carries the cluster list a service metrics screen read
// to learn its cluster's Container Insights setting.
type clusterReadMsg struct {
	id       int
	epoch    int
	clusters []providers.Cluster
	err      error
}

func (c clusterReadMsg) screenID() int { return c.id }

// openServiceMetrics pushes the metrics screen of a service.
func (m *Model) openServiceMetrics(svc providers.Service) tea.Cmd {
	return m.pushScreen(func(id int) screen {
		s := &svcMetricsScreen{m: m, id: id, svc: svc, pane: kit.NewPane(m.st)}
		s.panel.ranges = screenRanges()
		s.panel.rangeIdx = rangeIndex(s.panel.ranges, m.listWindow())
		s.insights = m.knownInsights(svc.Cluster)
		return s
	})
}

// knownInsights is a cluster's Container Insights setting if a clusters
// table on the stack has it.
func (m *Model) knownInsights(cluster string) string {
	for _, l := range m.stack {
		if l.kind != kindClusters {
			continue
		}
		for _, c := range l.clusters.Items() {
			if c.Name == cluster {
				if c.ContainerInsights == "" {
					return "disabled"
				}
				return c.ContainerInsights
			}
		}
	}
	return ""
}

// serviceOf finds a service on the stack's tables, or names it.
func (m *Model) serviceOf(cluster, name string) providers.Service {
	for _, l := range m.stack {
		if l.kind != kindServices {
			continue
		}
		for _, s := range l.services.Items() {
			if s.Cluster == cluster && s.Name == name {
				return s
			}
		}
	}
	return providers.Service{Cluster: cluster, Name: name}
}

func (s *svcMetricsScreen) crumbs() []string {
	return []string{sanitize.Line(s.svc.Cluster + "/" + s.svc.Name), "metrics"}
}

func (s *svcMetricsScreen) info() string {
	return rangeInfo(s.m, &s.panel)
}

func (s *svcMetricsScreen) setSize(w, h int) {
	s.w, s.h = w, h
	s.pane.SetSize(w, h, false)
	s.panel.setPoints(views.MetricsGrid(w, h).Points())
	s.rebuild()
}

func (s *svcMetricsScreen) restyle() { s.pane.SetStyles(s.m.st); s.rebuild() }

func (s *svcMetricsScreen) activate() tea.Cmd {
	var cmds []tea.Cmd
	if s.insights == "" && !s.insightsWait && s.insightsErr == nil {
		s.insightsWait = true
		cmds = append(cmds, s.readCluster())
	}
	cmds = append(cmds, s.m.panelActivate(s.id, &s.panel, s.specs()))
	s.pane.SetFocused(true)
	s.rebuild()
	return tea.Batch(cmds...)
}

func (s *svcMetricsScreen) deactivate() { s.panel.deactivate() }

// forceRefresh makes the next activation ask again (ctrl+r).
func (s *svcMetricsScreen) forceRefresh() { s.panel.force() }

func (s *svcMetricsScreen) readCluster() tea.Cmd {
	m := s.m
	b := m.opt.Backend
	id, epoch := s.id, m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		cs, err := b.ListClusters(ctx)
		return clusterReadMsg{id: id, epoch: epoch, clusters: cs, err: err}
	}
}

// specs are four AWS/ECS series for every service and seven Container
// Insights ones where the cluster publishes them.
func (s *svcMetricsScreen) specs() []series.ID {
	if s.insightsWait {
		return nil
	}
	return serviceSpecs(s.svc.Cluster, s.svc.Name, s.insights)
}

func serviceSpecs(cluster, service, insights string) []series.ID {
	metrics := []series.Metric{series.CPUAverage, series.CPUMax, series.MemoryAverage, series.MemoryMax}
	if views.InsightsOn(insights) {
		metrics = append(metrics, series.RunningTasks, series.DesiredTasks, series.PendingTasks,
			series.CPUUsed, series.CPUReserved, series.MemoryUsed, series.MemoryReserved)
	}
	specs := make([]series.ID, len(metrics))
	for i, m := range metrics {
		specs[i] = series.Service(m, cluster, service)
	}
	return specs
}

func (s *svcMetricsScreen) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	return s.m.panelKey(k, s.id, &s.panel, s.pane, s.specs, s.rebuild)
}

func (s *svcMetricsScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	switch msg := msg.(type) {
	case panelDueMsg:
		if msg.gen != s.panel.gen {
			return nil
		}
		return m.panelPoll(s.id, &s.panel, s.specs())
	case panelLoadedMsg:
		ok, cmd := m.panelLoaded(&s.panel, msg)
		if ok {
			s.rebuild()
		}
		return cmd
	case clusterReadMsg:
		if msg.epoch != m.epoch {
			return nil
		}
		s.insightsWait = false
		s.insightsErr = msg.err
		if msg.err == nil {
			s.insights = "disabled"
			for _, c := range msg.clusters {
				if c.Name == s.svc.Cluster && c.ContainerInsights != "" {
					s.insights = c.ContainerInsights
				}
			}
		}
		s.rebuild()
		if s.panel.active && !s.panel.inflight && s.panel.due(m.now()) {
			return m.panelRequest(s.id, &s.panel, s.specs())
		}
	}
	return nil
}

func (s *svcMetricsScreen) rebuild() {
	if s.w == 0 {
		return
	}
	d := views.ServiceMetrics{Service: s.svc, Insights: s.insights, Range: s.panel.label(), Frame: s.panel.frame}
	if s.insightsErr != nil {
		d.InsightsErr = providers.Short(s.insightsErr)
	}
	d.Err = panelErr(&s.panel)
	s.pane.SetContent(sanitize.Line(s.svc.Cluster+"/"+s.svc.Name)+" · Fargate service metrics",
		views.ServiceMetricsLines(s.m.st, d, s.w, s.h))
}

func (s *svcMetricsScreen) view() string { return s.pane.View() }

func (s *svcMetricsScreen) hints() []key.Binding {
	mk := s.m.km.Metrics
	return []key.Binding{mk.Wider, mk.Narrower, s.m.km.Detail.Down}
}

func (s *svcMetricsScreen) help() []views.HelpGroup { return metricsScreenHelp(s.m) }

func (s *svcMetricsScreen) status() (string, string) { return s.m.panelStatus(&s.panel) }

func (s *svcMetricsScreen) cost() views.OnScreenCost {
	return s.m.panelCost(&s.panel, "metrics of "+sanitize.Line(s.svc.Cluster+"/"+s.svc.Name)+" over "+s.panel.label(), len(s.specs()))
}
