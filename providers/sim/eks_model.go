package sim

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virgahq/virga/providers"
)

// eksModel is the EKS state, guarded by Account.mu.
type eksModel struct {
	clusters []*eksCluster
	byName   map[string]*eksCluster
}

type eksCluster struct {
	spec    *eksClusterSpec
	name    string
	arn     string
	created time.Time
	key     uint64
	seq     uint64 // counter of draws for new pods
	// profiles and deps keep the catalogue's order; pods are the live ones.
	profiles []*eksProfile
	deps     []*kubeDep
	pods     []*kubePod
	subnets  []string
}

type eksProfile struct {
	spec              *eksProfileSpec
	arn               string
	created, activeAt time.Time
}

// status is the profile's status at t; "" before it was created.
func (p *eksProfile) status(t time.Time) string {
	switch {
	case t.Before(p.created):
		return ""
	case t.Before(p.activeAt):
		return providers.FargateProfileCreating
	}
	return providers.FargateProfileActive
}

type kubeDep struct {
	spec        *kubeDepSpec
	cl          *eksCluster
	replicas    int
	generation  int64
	restarts    int    // rollout restarts; each makes a new ReplicaSet
	restartedAt string // the pod template's restartedAt annotation
	created     time.Time
	// changed is when the last scale or restart was made: Kubernetes
	// measures a rollout's progress deadline from the last progress, so a
	// deployment just changed is progressing, however old it is.
	changed time.Time
}

// templateHash is the pod-template-hash of the deployment's current
// ReplicaSet.
func (d *kubeDep) templateHash() string {
	return kubeName(hash(d.cl.key, hashString(d.spec.ns+"/"+d.spec.name), uint64(d.restarts)), 10)
}

type kubePod struct {
	dep     *kubeDep
	name    string
	uid     string
	hash    string // pod-template-hash
	created time.Time
	// Decided when the pod is created, as EKS's admission webhook does:
	// the profile whose selector matched (only ACTIVE profiles count), and
	// so whether the fargate-scheduler took the pod.
	profile string
	node    string
	ip      string
}

func (p *kubePod) labels() map[string]string {
	l := maps.Clone(p.dep.spec.labels)
	l["pod-template-hash"] = p.hash
	if p.profile != "" {
		l[providers.LabelFargateProfile] = p.profile
	}
	return l
}

// kubeName is n characters of Kubernetes' random-name alphabet.
func kubeName(h uint64, n int) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[h%uint64(len(alphabet))])
		h = mix(h)
	}
	return b.String()
}

// eksLocked returns the EKS model, built on first use; a.mu must be held.
func (a *Account) eksLocked() *eksModel {
	if a.eks == nil {
		a.eks = a.buildEKS()
	}
	return a.eks
}

func (a *Account) buildEKS() *eksModel {
	m := &eksModel{byName: map[string]*eksCluster{}}
	specs := eksCatalogue(a.cfg.Account, a.cfg.Region)
	for i := range specs {
		s := &specs[i]
		cl := &eksCluster{spec: s, name: s.name, arn: a.arnPrefix("eks") + "cluster/" + s.name,
			key: hash(a.seed, tagEKS, hashString(s.name))}
		cl.created = a.start.Add(-time.Duration(200+cl.key%300) * 24 * time.Hour).Truncate(time.Second)
		for az := range 3 {
			cl.subnets = append(cl.subnets, "subnet-0"+hex32(hash(cl.key, uint64(az)), 0)[:16])
		}
		for j := range s.profiles {
			ps := &s.profiles[j]
			h := hash(cl.key, hashString(ps.name))
			p := &eksProfile{spec: ps, arn: a.arnPrefix("eks") + "fargateprofile/" + s.name + "/" + ps.name + "/" + uuid(h, mix(h))[:36]}
			p.created = cl.created.Add(time.Duration(h%1000) * time.Hour)
			p.activeAt = p.created.Add(3 * time.Minute)
			if ps.creating > 0 {
				p.created = a.start.Add(-2 * time.Minute)
				p.activeAt = a.start.Add(ps.creating)
			}
			cl.profiles = append(cl.profiles, p)
		}
		for j := range s.deps {
			ds := &s.deps[j]
			d := &kubeDep{spec: ds, cl: cl, replicas: ds.replicas, generation: 1,
				created: a.start.Add(-time.Duration(ds.ageHours) * time.Hour).Truncate(time.Second)}
			cl.deps = append(cl.deps, d)
			for r := range ds.replicas {
				jitter := time.Duration(hash(cl.key, hashString(ds.name), uint64(r))%600) * time.Second
				cl.newPod(d, d.created.Add(jitter))
			}
		}
		m.clusters = append(m.clusters, cl)
		m.byName[cl.name] = cl
	}
	return m
}

// newPod creates a pod of d at t and places it the way EKS would at t.
func (cl *eksCluster) newPod(d *kubeDep, at time.Time) *kubePod {
	cl.seq++
	h := hash(cl.key, tagEKSPod, cl.seq)
	p := &kubePod{dep: d, hash: d.templateHash(), created: at, uid: uuid(h, mix(h))}
	p.name = d.spec.name + "-" + p.hash + "-" + kubeName(mix(h^0x9e37), 5)
	labels := p.labels()
	for _, pr := range slices.SortedFunc(slices.Values(cl.profiles), func(x, y *eksProfile) int { return strings.Compare(x.spec.name, y.spec.name) }) {
		if pr.status(at) != providers.FargateProfileActive {
			continue
		}
		if slices.ContainsFunc(pr.spec.selectors, func(s providers.FargateSelector) bool { return s.Matches(d.spec.ns, labels) }) {
			p.profile = pr.spec.name
			break
		}
	}
	if p.profile != "" && d.spec.fate != fateNoCapacity {
		b, c := 1+h%250, 2+(h>>8)%250
		p.ip = "10.0." + strconv.FormatUint(b, 10) + "." + strconv.FormatUint(c, 10)
		p.node = "fargate-ip-10-0-" + strconv.FormatUint(b, 10) + "-" + strconv.FormatUint(c, 10) + ".ec2.internal"
	}
	cl.pods = append(cl.pods, p)
	return p
}

// crashState walks the crash loop of a container first started at s0:
// whether it runs at t, how often it restarted, and when the current run
// (or wait) began and ends.
func crashState(s0, t time.Time) (running bool, restarts int, since, until time.Time) {
	start := s0
	for n := 0; n < 100_000; n++ {
		end := start.Add(crashRun)
		if t.Before(end) {
			return true, n, start, end
		}
		next := end.Add(min(10*time.Second<<min(n, 10), 5*time.Minute))
		if t.Before(next) {
			return false, n, end, next
		}
		start = next
	}
	return false, 100_000, start, start
}

// podByName finds a live pod.
func (cl *eksCluster) podByName(ns, name string) *kubePod {
	for _, p := range cl.pods {
		if p.dep.spec.ns == ns && p.name == name {
			return p
		}
	}
	return nil
}

func (cl *eksCluster) depByName(ns, name string) *kubeDep {
	for _, d := range cl.deps {
		if d.spec.ns == ns && d.spec.name == name {
			return d
		}
	}
	return nil
}

// reconcile makes each deployment's pod count its replicas: new pods at
// t, or the newest ones removed.
func (cl *eksCluster) reconcile(d *kubeDep, at time.Time) {
	var mine []*kubePod
	for _, p := range cl.pods {
		if p.dep == d {
			mine = append(mine, p)
		}
	}
	for i := len(mine); i < d.replicas; i++ {
		cl.newPod(d, at)
	}
	if extra := len(mine) - d.replicas; extra > 0 {
		slices.SortStableFunc(mine, func(x, y *kubePod) int { return y.created.Compare(x.created) })
		for _, p := range mine[:extra] {
			cl.removePod(p)
		}
	}
}

func (cl *eksCluster) removePod(p *kubePod) {
	cl.pods = slices.DeleteFunc(cl.pods, func(q *kubePod) bool { return q == p })
}
