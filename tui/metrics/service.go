package metrics

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/series"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/sanitize"
)

// Service is a Fargate service's metrics: CPU and memory
// utilisation from AWS/ECS, and, when the cluster has Container Insights,
// running/desired/pending tasks and CPU and memory in units.
type Service struct {
	chart
	svc providers.Service

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

func (c clusterReadMsg) ScreenID() int { return c.id }

// OpenService pushes the metrics screen of a service, on the range that
// holds window; insights is the cluster's Container Insights setting when
// a clusters table already has it ("" makes the screen read it).
func OpenService(h Host, svc providers.Service, window time.Duration, insights string) tea.Cmd {
	return open(h, window, func(c chart) *Service { return &Service{chart: c, svc: svc, insights: insights} })
}

func (s *Service) Crumbs() []string {
	return []string{sanitize.Line(s.svc.Cluster + "/" + s.svc.Name), "metrics"}
}

func (s *Service) Activate() tea.Cmd {
	var cmds []tea.Cmd
	if s.insights == "" && !s.insightsWait && s.insightsErr == nil {
		s.insightsWait = true
		cmds = append(cmds, s.readCluster())
	}
	return s.activate(cmds...)
}

// ForceRefresh makes the next activation ask again (ctrl+r).
func (s *Service) ForceRefresh() { s.panel.force() }

func (s *Service) readCluster() tea.Cmd {
	b := s.host.Backend()
	id, epoch := s.id, s.host.Epoch()
	ctx, cancel := s.host.CallCtx()
	return func() tea.Msg {
		defer cancel()
		cs, err := b.ListClusters(ctx)
		return clusterReadMsg{id: id, epoch: epoch, clusters: cs, err: err}
	}
}

// specs are four AWS/ECS series for every service and seven Container
// Insights ones where the cluster publishes them.
func (s *Service) specs() []series.ID {
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

func (s *Service) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.panelUpdate(msg, nil, nil, nil); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case clusterReadMsg:
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
		if s.panel.active && !s.panel.inflight && s.panel.due(s.host.Now()) {
			return s.panel.request(s.host, s.id, s.specs())
		}
	}
	return nil
}

func (s *Service) rebuild() {
	if s.w == 0 {
		return
	}
	d := views.ServiceMetrics{Service: s.svc, Insights: s.insights, Range: s.panel.label(), Frame: s.panel.frame}
	if s.insightsErr != nil {
		d.InsightsErr = providers.Short(s.insightsErr)
	}
	d.Err = panelErr(&s.panel)
	s.pane.SetContent(sanitize.Line(s.svc.Cluster+"/"+s.svc.Name)+" · Fargate service metrics",
		views.ServiceMetricsLines(s.host.Styles(), d, s.w, s.h))
}

func (s *Service) Cost() views.OnScreenCost {
	return s.panel.cost(s.host, "metrics of "+sanitize.Line(s.svc.Cluster+"/"+s.svc.Name)+" over "+s.panel.label(), len(s.specs()))
}
