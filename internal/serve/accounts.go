package serve

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/virgahq/virga/providers/shared"
)

// Opener opens the server's own backend for a profile and region ("" for
// the server's defaults) and says how to close it. Clients never hold
// credentials: every session reads and acts as the server.
type Opener func(ctx context.Context, profile, region string) (shared.Upstream, func(), error)

// Accounts holds one shared cache per account and region the server
// allows, opened when a session first asks for it.
type Accounts struct {
	open Opener
	cfg  shared.Config
	// The default profile and region as the default backend reports them,
	// and the others sessions may switch to.
	profile, region   string
	profiles, regions []string

	mu     sync.Mutex
	caches map[[2]string]*opened
}

type opened struct {
	cache *shared.Cache
	close func()
}

// OpenAccounts opens the default account and region (so a broken
// credential setup fails at start, not at the first session) and allows
// switching to profiles and regions as listed.
func OpenAccounts(ctx context.Context, open Opener, cfg shared.Config, profiles, regions []string) (*Accounts, error) {
	a := &Accounts{open: open, cfg: cfg, caches: map[[2]string]*opened{}}
	up, closeUp, err := open(ctx, "", "")
	if err != nil {
		return nil, err
	}
	id, err := up.Identity(ctx)
	if err != nil {
		closeUp()
		return nil, fmt.Errorf("who is the server: %w", err)
	}
	a.profile, a.region = id.Profile, id.Region
	a.caches[[2]string{"", ""}] = &opened{cache: shared.New(up, cfg), close: closeUp}
	a.profiles = uniq(append([]string{a.profile}, profiles...))
	a.regions = uniq(append([]string{a.region}, regions...))
	return a, nil
}

func uniq(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Profiles and Regions are what the :profile and :region pickers offer.
func (a *Accounts) Profiles() []string { return slices.Clone(a.profiles) }
func (a *Accounts) Regions() []string  { return slices.Clone(a.regions) }

// Cache returns the shared cache of profile and region ("" for the
// defaults), opening it on first use; anything the server does not allow
// is refused.
func (a *Accounts) Cache(ctx context.Context, profile, region string) (*shared.Cache, error) {
	if profile == a.profile {
		profile = ""
	}
	if region == a.region {
		region = ""
	}
	if profile != "" && !slices.Contains(a.profiles, profile) {
		return nil, fmt.Errorf("profile %q is not allowed on this server (allowed: %v)", profile, a.profiles)
	}
	if region != "" && !slices.Contains(a.regions, region) {
		return nil, fmt.Errorf("region %q is not allowed on this server (allowed: %v)", region, a.regions)
	}
	k := [2]string{profile, region}
	a.mu.Lock()
	defer a.mu.Unlock()
	if o, ok := a.caches[k]; ok {
		return o.cache, nil
	}
	up, closeUp, err := a.open(ctx, profile, region)
	if err != nil {
		return nil, err
	}
	o := &opened{cache: shared.New(up, a.cfg), close: closeUp}
	a.caches[k] = o
	return o.cache, nil
}

// Close ends every cache's Live Tail sessions and closes the backends.
func (a *Accounts) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, o := range a.caches {
		o.cache.Close()
		o.close()
		delete(a.caches, k)
	}
}
