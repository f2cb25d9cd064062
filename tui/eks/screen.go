package eks

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/kit"
	"github.com/virgahq/virga/views/sanitize"
)

// Level is what an EKS screen lists.
type Level uint8

// The levels, in the order Enter drills through them.
const (
	Clusters Level = iota
	Profiles
	Pods
	Pod
)

// Screen is one EKS screen: a table of clusters, profiles or pods, or one
// pod's detail. It reads only while it is on top (Activate to
// Deactivate), once now and then every PollEvery.
type Screen struct {
	h     Host
	id    int
	level Level
	// cluster scopes the screen to one cluster ("" = every cluster);
	// profile keeps the pods one profile placed; namespace and name
	// name the pod of a detail.
	cluster, profile, namespace, name string

	gen      int
	inflight bool
	loaded   bool
	snap     snapshot
	// last is the last good read, kept on screen when a refresh fails.
	last snapshot

	clusters *kit.Table[views.EKSClusterRow]
	profiles *kit.Table[views.FargateProfileRow]
	pods     *kit.Table[views.PodRow]
	detail   *kit.Pane

	// The pod of a detail, as last read.
	pod     views.PodRow
	podErr  error
	logging providers.FargateLogging
	// insights are the pod's Container Insights figures, read at
	// insightsAt.
	insights   views.PodInsights
	insightsAt time.Time

	w, hgt int
}

// New returns a screen of level; cluster and profile narrow it.
func New(h Host, id int, level Level, cluster, profile string) *Screen {
	s := &Screen{h: h, id: id, level: level, cluster: cluster, profile: profile}
	st := h.Styles()
	switch level {
	case Clusters:
		s.clusters = views.NewEKSClustersTable(st)
	case Profiles:
		s.profiles = views.NewFargateProfilesTable(st, cluster == "")
	case Pods:
		s.pods = views.NewPodsTable(st, cluster == "", profile == "", h.Now)
	}
	s.detail = kit.NewPane(st)
	return s
}

// NewPod returns the detail screen of one pod, shown at once from row
// and then read again with its events.
func NewPod(h Host, id int, row views.PodRow) *Screen {
	s := New(h, id, Pod, row.Pod.Cluster, "")
	s.namespace, s.name, s.pod = row.Pod.Namespace, row.Pod.Name, row
	s.sync()
	return s
}

// ID is the id the screen's messages carry.
func (s *Screen) ID() int { return s.id }

// Level is what the screen lists.
func (s *Screen) Level() Level { return s.level }

// Crumbs names the screen in the breadcrumb line.
func (s *Screen) Crumbs() []string {
	switch s.level {
	case Clusters:
		return []string{"eks"}
	case Profiles:
		if s.cluster != "" {
			return []string{s.cluster, "profiles"}
		}
		return []string{"profiles"}
	case Pods:
		switch {
		case s.profile != "":
			return []string{s.profile, "pods"}
		case s.cluster != "":
			return []string{s.cluster, "pods"}
		}
		return []string{"pods"}
	}
	return []string{s.name}
}

// Info is the right side of the breadcrumb line: how many rows, of how
// many clusters.
func (s *Screen) Info() string {
	var n int
	what := ""
	switch s.level {
	case Clusters:
		n, what = s.clusters.Len(), "clusters"
	case Profiles:
		n, what = s.profiles.Len(), "profiles"
	case Pods:
		n, what = s.pods.Len(), "pods"
	default:
		return s.pod.Pod.Namespace + " · " + s.pod.Pod.Cluster
	}
	out := strconv.Itoa(n) + " " + what
	if f := s.filterText(); f != "" {
		out += " · /" + f
	}
	if bad := len(s.snap.errs); bad > 0 {
		out += " · " + strconv.Itoa(bad) + " cluster"
		if bad > 1 {
			out += "s"
		}
		out += " unreadable"
	}
	return out
}

func (s *Screen) filterText() string {
	switch s.level {
	case Profiles:
		return s.profiles.Filter()
	case Pods:
		return s.pods.Filter()
	case Clusters:
		return s.clusters.Filter()
	}
	return ""
}

// SetSize gives the screen its body.
func (s *Screen) SetSize(w, h int) {
	s.w, s.hgt = w, h
	s.layout()
}

func (s *Screen) layout() {
	th := max(s.hgt-len(s.errLines()), 1)
	switch s.level {
	case Clusters:
		s.clusters.SetSize(s.w, th)
	case Profiles:
		s.profiles.SetSize(s.w, th)
	case Pods:
		s.pods.SetSize(s.w, th)
	default:
		s.detail.SetSize(s.w, s.hgt, false)
		s.sync()
	}
}

// Restyle rebuilds cached styles after a theme change.
func (s *Screen) Restyle() {
	st := s.h.Styles()
	switch s.level {
	case Clusters:
		s.clusters.SetStyles(st)
	case Profiles:
		s.profiles.SetStyles(st)
	case Pods:
		s.pods.SetStyles(st)
	}
	s.detail.SetStyles(st)
	s.sync()
}

// Activate starts reading: a new generation (timers of an earlier visit
// are dropped) and a read now.
func (s *Screen) Activate() tea.Cmd {
	s.gen++
	s.inflight = false
	s.layout()
	return s.read()
}

// Deactivate stops reading: the next poll timer is dropped.
func (s *Screen) Deactivate() {
	s.gen++
	s.inflight = false
	if !s.insights.Read {
		// The read in flight is dropped with its generation: ask again.
		s.insightsAt = time.Time{}
	}
}

func (s *Screen) read() tea.Cmd {
	if s.inflight {
		return nil
	}
	s.inflight = true
	if s.level == Pod {
		return loadPod(s.h, s.id, s.gen, s.cluster, s.namespace, s.name)
	}
	return load(s.h, s.id, s.gen, s.cluster)
}

// Update takes the screen's messages.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.inflight, s.loaded = false, true
		s.snap = msg.snap
		if msg.snap.err == nil {
			s.last = msg.snap
		}
		s.fill()
		return s.h.After(s.h.PollEvery(), pollMsg{id: s.id, gen: s.gen})
	case podMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.inflight, s.loaded = false, true
		s.podErr = msg.err
		if msg.pod.Name != "" {
			s.pod = views.PodRow{Pod: msg.pod, Placement: providers.ExplainFargate(msg.pod, msg.profiles)}
			s.logging = msg.logging
		}
		s.sync()
		cmds := []tea.Cmd{s.h.After(s.h.PollEvery(), pollMsg{id: s.id, gen: s.gen})}
		if msg.pod.Name != "" && (s.insightsAt.IsZero() || s.h.Now().Sub(s.insightsAt) >= insightsEvery) {
			s.insightsAt = s.h.Now()
			cmds = append(cmds, loadInsights(s.h, s.id, s.gen, msg.pod))
		}
		return tea.Batch(cmds...)
	case insightsMsg:
		if msg.gen == s.gen {
			s.insights = msg.ins
			s.sync()
		}
		return nil
	case pollMsg:
		if msg.gen != s.gen {
			return nil
		}
		return s.read()
	case depsMsg:
		return s.depsLoaded(msg)
	case loggingMsg:
		lg := ""
		if msg.err == nil && msg.logging.Enabled {
			lg = msg.logging.LogGroup
		}
		return s.h.Push(func(id int) Page {
			lp := NewLogs(s.h, id, msg.pod, lg, msg.logging.StreamPrefix)
			// Over a pod's detail the crumbs name the pod already.
			lp.named = s.level == Pod
			return lp
		})
	}
	return nil
}

// fill puts the last good snapshot into the screen's table.
func (s *Screen) fill() {
	snap := s.last
	switch s.level {
	case Clusters:
		rows := make([]views.EKSClusterRow, 0, len(snap.clusters))
		for _, c := range snap.clusters {
			r := views.EKSClusterRow{Cluster: c, Profiles: len(snap.profiles[c.Name])}
			for _, p := range snap.profiles[c.Name] {
				if p.Status == providers.FargateProfileActive {
					r.ActiveProfiles++
				}
			}
			for _, p := range snap.pods[c.Name] {
				if p.OnFargate() && p.Node != "" {
					r.Pods++
				} else if p.Phase == "Pending" {
					r.Pending++
				}
			}
			if err := s.snap.errs[c.Name]; err != nil && !s.snap.podsOK[c.Name] {
				r.Err = providers.Short(err)
			}
			rows = append(rows, r)
		}
		s.clusters.SetItems(rows)
	case Profiles:
		var rows []views.FargateProfileRow
		for _, c := range snap.names() {
			matched := map[string]int{}
			for _, p := range snap.pods[c] {
				pl := providers.ExplainFargate(p, snap.profiles[c])
				if pl.Pending == providers.PendingNone && pl.Profile != "" {
					matched[pl.Profile]++
				}
			}
			for _, p := range snap.profiles[c] {
				n := matched[p.Name]
				if !s.snap.podsOK[c] {
					n = -1
				}
				rows = append(rows, views.FargateProfileRow{Profile: p, Matched: n})
			}
		}
		s.profiles.SetItems(rows)
	case Pods:
		var rows []views.PodRow
		for _, c := range snap.names() {
			for _, p := range snap.pods[c] {
				pl := providers.ExplainFargate(p, snap.profiles[c])
				if s.profile != "" && pl.Profile != s.profile {
					continue
				}
				rows = append(rows, views.PodRow{Pod: p, Placement: pl})
			}
		}
		s.pods.SetItems(rows)
	}
	s.layout()
}

// errLines are the lines above the table: why the clusters could not be
// listed, or one line per cluster that could not be read.
func (s *Screen) errLines() []string {
	if s.level == Pod {
		return nil
	}
	var out []string
	if s.snap.err != nil && s.snap.err != errNoEKS {
		out = append(out, "EKS: "+providers.Short(s.snap.err))
	}
	for _, c := range s.snap.names() {
		if err := s.snap.errs[c]; err != nil {
			out = append(out, clusterLine(c, err))
		}
	}
	if limit := max(s.hgt/3, 1); len(out) > limit {
		more := len(out) - limit + 1
		out = append(out[:limit-1], strconv.Itoa(more)+" more clusters could not be read")
	}
	return out
}

// sync rebuilds the pod detail.
func (s *Screen) sync() {
	if s.level != Pod || s.w == 0 {
		return
	}
	lg := ""
	if s.logging.Enabled {
		lg = s.logging.LogGroup
	}
	title := s.pod.Pod.Name
	lines := views.PodDetail(s.h.Styles(), s.pod, s.insights, lg, s.h.Now(), s.w)
	if s.podErr != nil {
		st := s.h.Styles()
		lines = append([]string{st.Text.Err.Render(sanitize.Line("could not read the pod: " + providers.Short(s.podErr)))}, lines...)
	}
	s.detail.SetContent(title, lines)
}

// View renders exactly the size given to SetSize.
func (s *Screen) View() string {
	if s.level == Pod {
		return s.detail.View()
	}
	st := s.h.Styles()
	var b strings.Builder
	for _, l := range s.errLines() {
		b.WriteString(st.Text.Err.Render(kit.Fit("✗ "+sanitize.Line(l), s.w)))
		b.WriteByte('\n')
	}
	b.WriteString(s.tableView())
	return b.String()
}

func (s *Screen) tableView() string {
	empty := "reading EKS…"
	if s.loaded {
		empty = s.emptyText()
	}
	switch s.level {
	case Clusters:
		return s.clusters.View(empty)
	case Profiles:
		return s.profiles.View(empty)
	}
	return s.pods.View(empty)
}

// emptyText says why a table has no rows.
func (s *Screen) emptyText() string {
	switch {
	case s.snap.err == errNoEKS:
		return "this backend has no EKS"
	case s.snap.err != nil:
		return "could not list EKS clusters"
	case len(s.snap.clusters) == 0:
		return "no EKS clusters in this region"
	case s.filterText() != "":
		return "nothing matches /" + sanitize.Line(s.filterText())
	}
	switch s.level {
	case Profiles:
		return "no Fargate profiles: pods of this cluster cannot run on Fargate"
	case Pods:
		if s.profile != "" {
			return "profile " + sanitize.Line(s.profile) + " placed no pods"
		}
		if len(s.snap.errs) == len(s.snap.clusters) {
			return "no cluster's pods could be read"
		}
		return "no pods on Fargate, and none waiting for it"
	}
	return ""
}

// Status reports freshness for the header and staleness for the status
// line.
func (s *Screen) Status() (freshness, stale string) {
	at := s.snap.at
	if s.level == Pod {
		if s.podErr != nil {
			return "", "stale: " + providers.Short(s.podErr)
		}
		return "", ""
	}
	if s.snap.err != nil && s.snap.err != errNoEKS {
		stale = "stale"
		if !s.last.at.IsZero() {
			stale += " · " + format.Age(s.h.Now(), s.last.at)
		}
		return "", stale
	}
	if at.IsZero() {
		return "", ""
	}
	return "updated " + at.In(s.h.Location()).Format("15:04:05"), ""
}

// Refresh reads again now (after a change the screen shows).
func (s *Screen) Refresh() tea.Cmd {
	s.gen++
	s.inflight = false
	return s.read()
}

// Cluster is the cluster the screen is narrowed to ("" = every cluster).
func (s *Screen) Cluster() string { return s.cluster }

// ClusterNames names the EKS clusters the screen last read (the palette
// completes :profiles and :pods with them).
func (s *Screen) ClusterNames() []string {
	names := make([]string, 0, len(s.last.clusters))
	for _, c := range s.last.clusters {
		names = append(names, c.Name)
	}
	return names
}
