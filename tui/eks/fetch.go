package eks

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views"
)

// snapshot is one read of the clusters in scope: their Fargate profiles
// (the EKS API) and pods (each cluster's Kubernetes API). A cluster whose
// reads fail is in errs, with what it did read; the others are whole.
type snapshot struct {
	clusters []providers.EKSCluster
	profiles map[string][]providers.FargateProfile
	pods     map[string][]providers.Pod
	// podsOK says the cluster's pods were read (an empty list is a list).
	podsOK map[string]bool
	errs   map[string]error
	// err is why the clusters themselves could not be listed.
	err error
	at  time.Time
}

// names are the snapshot's cluster names, sorted.
func (s snapshot) names() []string {
	out := make([]string, 0, len(s.clusters))
	for _, c := range s.clusters {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

type (
	// loadedMsg carries a snapshot for the screen that asked.
	loadedMsg struct {
		id, gen int
		snap    snapshot
	}
	// pollMsg says the screen's next refresh is due.
	pollMsg struct{ id, gen int }
	// podMsg carries one pod, with its events, for the detail.
	podMsg struct {
		id, gen  int
		pod      providers.Pod
		profiles []providers.FargateProfile
		logging  providers.FargateLogging
		err      error
		at       time.Time
	}
	// depsMsg carries the deployments an action on a pod needs.
	depsMsg struct {
		id   int
		pod  providers.Pod
		then func(d providers.KubeDeployment) tea.Cmd
		deps []providers.KubeDeployment
		err  error
	}
	// loggingMsg carries where a cluster routes logs, to open a pod's.
	loggingMsg struct {
		id      int
		pod     providers.Pod
		logging providers.FargateLogging
		err     error
	}
)

func (m loadedMsg) ScreenID() int  { return m.id }
func (m pollMsg) ScreenID() int    { return m.id }
func (m podMsg) ScreenID() int     { return m.id }
func (m depsMsg) ScreenID() int    { return m.id }
func (m loggingMsg) ScreenID() int { return m.id }

// errNoEKS is the screen's answer on a backend without EKS.
var errNoEKS = errors.New("this backend has no EKS")

// load reads the clusters in scope (every cluster when scope is ""), then
// each cluster's profiles and pods in parallel: one unreachable API server
// costs its cluster, not the screen.
func load(h Host, id, gen int, scope string) tea.Cmd {
	be := h.Backend()
	el, ok := be.(providers.EKSLister)
	now := h.Now
	if !ok {
		return func() tea.Msg { return loadedMsg{id: id, gen: gen, snap: snapshot{err: errNoEKS, at: now()}} }
	}
	pl, _ := be.(providers.PodLister)
	// The host's deadline bounds the whole read; the provider bounds each
	// Kubernetes call to an API server that does not answer far sooner.
	listCtx, listCancel := h.CallCtx()
	return func() tea.Msg {
		defer listCancel()
		snap := snapshot{profiles: map[string][]providers.FargateProfile{}, pods: map[string][]providers.Pod{},
			podsOK: map[string]bool{}, errs: map[string]error{}}
		// A screen of one cluster needs only its name: describing every
		// cluster on each poll would cost a call per cluster for nothing.
		cs := []providers.EKSCluster{{Name: scope}}
		if scope == "" {
			var err error
			if cs, err = el.ListEKSClusters(listCtx); err != nil {
				snap.err, snap.at = err, now()
				return loadedMsg{id: id, gen: gen, snap: snap}
			}
		}
		snap.clusters = cs
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, c := range cs {
			wg.Go(func() {
				ctx := listCtx
				profs, perr := el.ListFargateProfiles(ctx, c.Name)
				var pods []providers.Pod
				var kerr error
				if pl == nil {
					kerr = errors.New("this backend cannot read pods")
				} else {
					pods, kerr = pl.ListPods(ctx, c.Name, "")
				}
				mu.Lock()
				defer mu.Unlock()
				snap.profiles[c.Name] = profs
				if kerr == nil {
					snap.pods[c.Name], snap.podsOK[c.Name] = pods, true
				}
				if e := errors.Join(perr, kerr); e != nil {
					snap.errs[c.Name] = e
				}
			})
		}
		wg.Wait()
		snap.at = now()
		return loadedMsg{id: id, gen: gen, snap: snap}
	}
}

// loadPod reads one pod with its events, the cluster's profiles (to
// explain its placement) and where the cluster routes logs.
func loadPod(h Host, id, gen int, cluster, namespace, name string) tea.Cmd {
	be := h.Backend()
	pr, ok := be.(providers.PodReader)
	el, _ := be.(providers.EKSLister)
	lr, _ := be.(providers.FargateLoggingReader)
	now := h.Now
	if !ok || el == nil {
		return func() tea.Msg { return podMsg{id: id, gen: gen, err: errNoEKS, at: now()} }
	}
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		p, err := pr.GetPod(ctx, cluster, namespace, name)
		if err != nil {
			return podMsg{id: id, gen: gen, err: err, at: now()}
		}
		profs, perr := el.ListFargateProfiles(ctx, cluster)
		var lg providers.FargateLogging
		if lr != nil {
			lg, _ = lr.FargateLogging(ctx, cluster)
		}
		return podMsg{id: id, gen: gen, pod: p, profiles: profs, logging: lg, err: perr, at: now()}
	}
}

// loadDeployments reads the deployments of a pod's namespace, for an
// action on its deployment; then builds the action's form or proposal.
func loadDeployments(h Host, id int, p providers.Pod, then func(d providers.KubeDeployment) tea.Cmd) tea.Cmd {
	dl, ok := h.Backend().(providers.DeploymentLister)
	if !ok {
		return h.Notify(views.LevelWarn, "this backend cannot read deployments")
	}
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		deps, err := dl.ListDeployments(ctx, p.Cluster, p.Namespace)
		return depsMsg{id: id, pod: p, then: then, deps: deps, err: err}
	}
}

// loadLogging reads where the pod's cluster routes Fargate logs, then
// opens the pod's logs.
func loadLogging(h Host, id int, p providers.Pod) tea.Cmd {
	lr, ok := h.Backend().(providers.FargateLoggingReader)
	if !ok {
		return func() tea.Msg { return loggingMsg{id: id, pod: p} }
	}
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		lg, err := lr.FargateLogging(ctx, p.Cluster)
		return loggingMsg{id: id, pod: p, logging: lg, err: err}
	}
}

// clusterLine says in one line why a cluster could not be read.
func clusterLine(cluster string, err error) string {
	msg := providers.Short(err)
	// The API server's URL is long and says nothing the cluster's name
	// does not: leave it out so the reason fits at 80 columns.
	const server = "Kubernetes API server "
	if i := strings.Index(msg, server); i >= 0 {
		rest := msg[i+len(server):]
		if j := strings.IndexByte(rest, ' '); j > 0 && strings.HasPrefix(rest, "https://") {
			msg = msg[:i] + "API server" + rest[j:]
		}
	}
	if !strings.Contains(msg, "cluster "+cluster) {
		msg = "cluster " + cluster + ": " + msg
	}
	return msg
}
