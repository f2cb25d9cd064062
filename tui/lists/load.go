package lists

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/virgahq/virga/providers"
)

// Every Cmd constructor copies what it needs (ids, names, the provider)
// before returning its closure; a closure never touches the model.

// FunctionsPage lists the page of functions at marker ("" for the first).
func FunctionsPage(h Host, r Ref, marker string) tea.Cmd {
	b, now := h.Backend(), h.Clock()
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		page, err := b.ListFunctions(ctx, marker)
		return Page{Ref: r, Page: page, Err: err, At: now()}
	}
}

// Clusters lists the ECS clusters.
func Clusters(h Host, r Ref) tea.Cmd {
	b, now := h.Backend(), h.Clock()
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		items, err := b.ListClusters(ctx)
		return Loaded[providers.Cluster]{Ref: r, Items: items, Err: err, At: now()}
	}
}

// ClusterNames lists the clusters to walk for a location that spans all
// of them.
func ClusterNames(items []providers.Cluster) []string {
	out := make([]string, 0, len(items))
	for _, c := range items {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

// Services loads the services of the first cluster in clusters (or
// lists the clusters first when clusters is nil); the message names the
// rest.
func Services(h Host, r Ref, clusters []string) tea.Cmd {
	return across(h, r, clusters, h.Backend().ListServices)
}

// Tasks is Services for tasks; service, when set, narrows them to one
// service.
func Tasks(h Host, r Ref, service string, clusters []string) tea.Cmd {
	b := h.Backend()
	return across(h, r, clusters, func(ctx context.Context, cluster string) ([]providers.Task, error) {
		return b.ListTasks(ctx, cluster, service)
	})
}

// across lists the rows of the first cluster in clusters (listing the
// clusters first when clusters is nil); the message names the rest.
func across[T any](h Host, r Ref, clusters []string, list func(ctx context.Context, cluster string) ([]T, error)) tea.Cmd {
	b, now := h.Backend(), h.Clock()
	ctx, cancel := h.CallCtx()
	return func() tea.Msg {
		defer cancel()
		if clusters == nil {
			cs, err := b.ListClusters(ctx)
			if err != nil {
				return Loaded[T]{Ref: r, Err: err, At: now()}
			}
			clusters = ClusterNames(cs)
			if len(clusters) == 0 {
				return Loaded[T]{Ref: r, At: now()}
			}
		}
		items, err := list(ctx, clusters[0])
		return Loaded[T]{Ref: r, Items: items, Rest: clusters[1:], Err: err, At: now()}
	}
}
