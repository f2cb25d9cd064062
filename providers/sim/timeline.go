package sim

import (
	"slices"
	"sort"
	"time"
)

// codeRev is one revision of a function's code and how it behaves.
type codeRev struct {
	sha     string
	size    int64
	image   string
	errMult float64 // multiplies the function's error rate
	durMult float64 // multiplies its durations
}

// version is a published, immutable snapshot of $LATEST.
type version struct {
	name       string
	desc       string
	memoryMB   int
	timeoutSec int
	code       codeRev
	modified   time.Time
}

// alias points at a version, optionally sending weight of the traffic to
// a second one (a weighted canary).
type alias struct {
	name     string
	version  string
	extra    string
	weight   float64
	desc     string
	revision string
}

// pcConfig is a provisioned-concurrency configuration. Allocation is
// linear between at and readyAt, then READY (or FAILED).
type pcConfig struct {
	qualifier string
	requested int
	at        time.Time
	readyAt   time.Time
	failed    bool
	reason    string
}

// allocated is how many environments are initialised at t.
func (p pcConfig) allocated(t time.Time) int {
	switch {
	case p.failed || t.Before(p.at):
		return 0
	case !t.Before(p.readyAt):
		return p.requested
	default:
		f := float64(t.Sub(p.at)) / float64(p.readyAt.Sub(p.at))
		return int(f * float64(p.requested))
	}
}

// fnConfig is a function's full mutable state from `from` on. It is
// immutable once in a timeline: an action appends a modified copy.
type fnConfig struct {
	// from: the config governs minutes that start strictly after it, so a
	// change never alters a minute that has already begun.
	from       time.Time
	gen        int // bumps on code or configuration changes: environments restart
	memoryMB   int
	timeoutSec int
	reserved   int // -1 = unreserved
	code       codeRev
	modified   time.Time
	updateDone time.Time // LastUpdateStatus is InProgress until then
	versions   []version
	aliases    []alias
	pcs        []pcConfig
	esmEnabled bool
	esmAt      time.Time // last toggle of the event source mapping
	esmOffAt   time.Time // when it was last disabled, for the backlog it built
}

func (c *fnConfig) clone() *fnConfig {
	n := *c
	n.versions = slices.Clone(c.versions)
	n.aliases = slices.Clone(c.aliases)
	n.pcs = slices.Clone(c.pcs)
	return &n
}

func (c *fnConfig) alias(name string) (alias, bool) {
	for _, al := range c.aliases {
		if al.name == name {
			return al, true
		}
	}
	return alias{}, false
}

func (c *fnConfig) version(name string) (version, bool) {
	for _, v := range c.versions {
		if v.name == name {
			return v, true
		}
	}
	return version{}, false
}

// behaviour returns the memory, timeout and code a version runs with.
func (c *fnConfig) behaviour(v string) (memoryMB, timeoutSec int, code codeRev) {
	if pv, ok := c.version(v); ok {
		return pv.memoryMB, pv.timeoutSec, pv.code
	}
	return c.memoryMB, c.timeoutSec, c.code
}

// provisionedFor returns the provisioned config on a qualifier, if any.
func (c *fnConfig) provisionedFor(q string) (pcConfig, bool) {
	for _, p := range c.pcs {
		if p.qualifier == q {
			return p, true
		}
	}
	return pcConfig{}, false
}

// timeline is the history of a function's configuration, oldest first.
// The first entry has a zero from and governs all earlier minutes.
type timeline struct {
	configs []*fnConfig
}

// at returns the configuration governing the minute starting at ms.
func (t *timeline) at(minuteStartMs int64) *fnConfig {
	i := sort.Search(len(t.configs), func(i int) bool {
		return t.configs[i].from.UnixMilli() >= minuteStartMs
	})
	if i == 0 {
		return t.configs[0]
	}
	return t.configs[i-1]
}

// latest is the configuration in force now, for describe calls.
func (t *timeline) latest() *fnConfig { return t.configs[len(t.configs)-1] }

// with returns a timeline extended by c.
func (t *timeline) with(c *fnConfig) *timeline {
	cs := make([]*fnConfig, len(t.configs), len(t.configs)+1)
	copy(cs, t.configs)
	return &timeline{configs: append(cs, c)}
}
