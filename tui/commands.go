package tui

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
)

// Every Cmd constructor copies what it needs (ids, names, the provider)
// before returning its closure; a closure never touches the model.

func (m *Model) loadIdentity() tea.Cmd {
	b, epoch := m.opt.Backend, m.epoch
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		id, err := b.Identity(ctx)
		return identityLoadedMsg{epoch: epoch, id: id, err: err}
	}
}

func (m *Model) loadFunctionsPage(l *location, marker string) tea.Cmd {
	b := m.opt.Backend
	id, gen, now := l.id, l.gen, m.opt.Now
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		page, err := b.ListFunctions(ctx, marker)
		return functionsPageMsg{loc: id, gen: gen, page: page, err: err, at: now()}
	}
}

func (m *Model) loadClusters(l *location) tea.Cmd {
	b := m.opt.Backend
	id, gen, now := l.id, l.gen, m.opt.Now
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		items, err := b.ListClusters(ctx)
		return listLoadedMsg[providers.Cluster]{loc: id, gen: gen, items: items, err: err, at: now()}
	}
}

// clusterNames lists the clusters to walk for a location that spans all
// of them.
func clusterNames(items []providers.Cluster) []string {
	out := make([]string, 0, len(items))
	for _, c := range items {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

// loadServices loads the services of the first cluster in clusters (or
// lists the clusters first when clusters is nil) and returns the rest.
func (m *Model) loadServices(l *location, clusters []string) tea.Cmd {
	return loadAcross(m, l, clusters, m.opt.Backend.ListServices)
}

// loadTasks is loadServices for tasks; the location's service narrows
// them to one service.
func (m *Model) loadTasks(l *location, clusters []string) tea.Cmd {
	b, service := m.opt.Backend, l.service
	return loadAcross(m, l, clusters, func(ctx context.Context, cluster string) ([]providers.Task, error) {
		return b.ListTasks(ctx, cluster, service)
	})
}

// loadAcross lists the rows of the first cluster in clusters (listing the
// clusters first when clusters is nil); the message names the rest.
func loadAcross[T any](m *Model, l *location, clusters []string, list func(ctx context.Context, cluster string) ([]T, error)) tea.Cmd {
	b := m.opt.Backend
	id, gen, now := l.id, l.gen, m.opt.Now
	ctx, cancel := m.callCtx()
	return func() tea.Msg {
		defer cancel()
		if clusters == nil {
			cs, err := b.ListClusters(ctx)
			if err != nil {
				return listLoadedMsg[T]{loc: id, gen: gen, err: err, at: now()}
			}
			clusters = clusterNames(cs)
			if len(clusters) == 0 {
				return listLoadedMsg[T]{loc: id, gen: gen, at: now()}
			}
		}
		items, err := list(ctx, clusters[0])
		return listLoadedMsg[T]{loc: id, gen: gen, items: items, rest: clusters[1:], err: err, at: now()}
	}
}

// fetch starts a fetch cycle of l unless one is running.
func (m *Model) fetch(l *location) tea.Cmd {
	if l.inflight || m.credsExpired || l.scr != nil {
		return nil
	}
	l.inflight = true
	switch l.kind {
	case kindClusters:
		l.accClusters = l.accClusters[:0]
		return m.loadClusters(l)
	case kindServices:
		l.accServices = l.accServices[:0]
		if l.cluster != "" {
			return m.loadServices(l, []string{l.cluster})
		}
		return m.loadServices(l, nil)
	case kindTasks:
		l.accTasks = l.accTasks[:0]
		if l.cluster != "" {
			return m.loadTasks(l, []string{l.cluster})
		}
		return m.loadTasks(l, nil)
	default:
		l.accFns = l.accFns[:0]
		return m.loadFunctionsPage(l, "")
	}
}

// interval is how long until l's next refresh: the configured interval,
// four times slower after a long idle; after a failure, the retry delay
// (at most 30 s), so a list comes back soon after AWS does.
func (m *Model) interval(l *location) time.Duration {
	if l.failures > 0 {
		return m.retryDelay(l.failures, l.err)
	}
	d := m.opt.Refresh
	if l.kind == kindFunctions {
		d = m.opt.FunctionsRefresh
	}
	if m.idle() {
		d *= 4
	}
	return d
}

// schedule arms l's next refresh.
func (m *Model) schedule(l *location) tea.Cmd {
	if m.credsExpired {
		return nil
	}
	return m.opt.After(m.interval(l), pollDueMsg{loc: l.id, gen: l.gen})
}

// activate makes l the visible location: a new generation (so timers of
// earlier visits are dropped) and a fetch now.
func (m *Model) activate(l *location) tea.Cmd {
	l.gen = m.gen()
	l.inflight = false
	if l.scr != nil {
		m.layout()
		return l.scr.Activate()
	}
	cmds := []tea.Cmd{m.fetch(l)}
	if l.kind == kindFunctions {
		cmds = append(cmds, m.metrics.Schedule(0))
	}
	m.layout()
	m.syncDetail()
	return tea.Batch(append(cmds, m.selectionChanged())...)
}
