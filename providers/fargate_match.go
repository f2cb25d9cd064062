package providers

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Fargate places a pod when, at the moment the pod is created, one
// selector of an ACTIVE Fargate profile matches it: the selector's
// namespace matches the pod's namespace and every label of the selector
// is on the pod with a matching value. EKS's admission webhook then gives
// the pod the fargate-scheduler; a pod that matched nothing goes to the
// default scheduler and, in a cluster without EC2 nodes, stays Pending
// for good, even after a matching profile appears. A pod may name the
// profile it wants with the eks.amazonaws.com/fargate-profile label.

// Labels and annotations EKS puts on Fargate pods.
const (
	LabelFargateProfile      = "eks.amazonaws.com/fargate-profile"
	AnnotationCapacity       = "CapacityProvisioned"
	FargateSchedulerName     = "fargate-scheduler"
	FargateProfileActive     = "ACTIVE"
	FargateProfileCreating   = "CREATING"
	fargateCapacityHint      = "capacity"
	fargateProvisionTimedOut = "provisioning timed out"
)

// PendingReason says why a pod is waiting to be placed on Fargate.
type PendingReason string

// Pending reasons, as ExplainFargate finds them.
const (
	PendingNone PendingReason = ""
	// PendingNoNamespace: no selector of any profile matches the namespace.
	PendingNoNamespace PendingReason = "no-namespace-match"
	// PendingNoLabels: a selector matches the namespace, but the pod lacks
	// (or has other values for) the selector's labels.
	PendingNoLabels PendingReason = "no-label-match"
	// PendingProfileCreating: the only profiles that match are not ACTIVE
	// yet (CREATING), so the pod went to the default scheduler.
	PendingProfileCreating PendingReason = "profile-creating"
	// PendingRecreate: an ACTIVE profile matches now, but did not when the
	// pod was created; only a new pod is placed.
	PendingRecreate PendingReason = "created-before-profile"
	// PendingCapacity: Fargate accepted the pod but could not provision it
	// (capacity unavailable, provisioning timed out).
	PendingCapacity PendingReason = "capacity"
	// PendingProvisioning: Fargate accepted the pod and is starting it.
	PendingProvisioning PendingReason = "provisioning"
)

// FargatePlacement explains which profile placed (or would place) a pod
// and, for a pod waiting to be placed, why it waits.
type FargatePlacement struct {
	// Profile is the profile that placed the pod or whose selector matches
	// it; "" when none does.
	Profile string
	// Selector is the index of the matching selector in Profile, -1 when
	// none matches.
	Selector int
	// Why is one sentence: which selector matched and on what.
	Why string
	// Pending is why an unplaced pod waits; PendingNone for a placed pod.
	Pending PendingReason
}

// ExplainFargate says which Fargate profile selector matches pod and why,
// and, for a Pending pod that Fargate has not placed, the reason it waits.
// It is a pure function of the pod (its namespace, labels, scheduler,
// phase, node and warning events) and the cluster's profiles.
func ExplainFargate(pod Pod, profiles []FargateProfile) FargatePlacement {
	profiles = slices.Clone(profiles)
	slices.SortFunc(profiles, func(a, b FargateProfile) int { return strings.Compare(a.Name, b.Name) })
	out := FargatePlacement{Selector: -1}

	if pod.FargateProfile != "" {
		out.Profile = pod.FargateProfile
		i := slices.IndexFunc(profiles, func(p FargateProfile) bool { return p.Name == pod.FargateProfile })
		if i < 0 {
			out.Why = fmt.Sprintf("placed by profile %s, which is no longer listed", pod.FargateProfile)
		} else if s, ok := firstMatch(profiles[i], pod); ok {
			out.Selector = s
			out.Why = fmt.Sprintf("placed by profile %s: selector %d (%s) matches %s", pod.FargateProfile, s+1,
				profiles[i].Selectors[s], matchedOn(profiles[i].Selectors[s], pod))
		} else {
			out.Why = fmt.Sprintf("placed by profile %s; none of its selectors matches the pod now", pod.FargateProfile)
		}
		if pod.Phase == "Pending" {
			out.Pending, out.Why = pendingPlaced(pod, out.Why)
		}
		return out
	}

	if pod.Node != "" && !pod.OnFargate() {
		out.Why = "runs on node " + pod.Node + ", not on Fargate"
		return out
	}

	// The profile the pod would get: one it names, else every match.
	candidates := profiles
	if want := pod.Labels[LabelFargateProfile]; want != "" {
		candidates = slices.DeleteFunc(slices.Clone(profiles), func(p FargateProfile) bool { return p.Name != want })
	}
	var active, inactive []string
	for _, p := range candidates {
		if s, ok := firstMatch(p, pod); ok {
			if out.Profile == "" || (p.Status == FargateProfileActive && len(active) == 0) {
				out.Profile, out.Selector = p.Name, s
			}
			if p.Status == FargateProfileActive {
				active = append(active, p.Name)
			} else {
				inactive = append(inactive, p.Name+" ("+p.Status+")")
			}
		}
	}

	if pod.Phase != "Pending" {
		if out.Profile != "" {
			out.Why = fmt.Sprintf("profile %s matches, but the pod is not on a Fargate node", out.Profile)
		} else {
			out.Why = "no Fargate profile matches the pod"
		}
		return out
	}

	switch {
	case pod.SchedulerName == FargateSchedulerName:
		// Fargate took the pod; what holds it is on Fargate's side.
		out.Pending, out.Why = pendingPlaced(pod, "Fargate accepted the pod")
		if out.Profile != "" {
			out.Why = strings.Replace(out.Why, "Fargate accepted the pod", "Fargate accepted the pod (profile "+out.Profile+")", 1)
		}
	case len(active) > 0:
		out.Pending = PendingRecreate
		out.Why = fmt.Sprintf("profile %s matches now but did not when the pod was created; delete the pod so a new one is placed", active[0])
	case len(inactive) > 0:
		out.Pending = PendingProfileCreating
		out.Why = fmt.Sprintf("only profile %s matches and it is not ACTIVE yet; delete the pod once it is", strings.Join(inactive, ", "))
	default:
		out.Pending, out.Why = noMatchReason(pod, candidates)
		if want := pod.Labels[LabelFargateProfile]; want != "" && len(candidates) == 0 {
			out.Pending, out.Why = PendingNoNamespace, "the pod asks for profile "+want+", which does not exist"
		}
	}
	return out
}

// pendingPlaced explains a pod Fargate accepted but has not started: its
// warning events say whether capacity is the problem.
func pendingPlaced(pod Pod, prefix string) (PendingReason, string) {
	for i := len(pod.Events) - 1; i >= 0; i-- {
		e := pod.Events[i]
		msg := strings.ToLower(e.Message)
		if e.Type == "Warning" && (strings.Contains(msg, fargateCapacityHint) || strings.Contains(msg, fargateProvisionTimedOut)) {
			return PendingCapacity, prefix + ", but cannot provision it: " + e.Message
		}
	}
	return PendingProvisioning, prefix + " and is provisioning it"
}

// noMatchReason explains a pod no selector matches: no selector names its
// namespace, or the closest one wants labels the pod lacks.
func noMatchReason(pod Pod, profiles []FargateProfile) (PendingReason, string) {
	best, bestProfile, bestSel := []string(nil), "", -1
	var namespaces []string
	for _, p := range profiles {
		for i, s := range p.Selectors {
			namespaces = append(namespaces, s.Namespace)
			if !Glob(s.Namespace, pod.Namespace) {
				continue
			}
			missing := missingLabels(s, pod.Labels)
			if bestSel < 0 || len(missing) < len(best) {
				best, bestProfile, bestSel = missing, p.Name, i
			}
		}
	}
	if bestSel < 0 {
		slices.Sort(namespaces)
		namespaces = slices.Compact(namespaces)
		why := "no Fargate profile selects namespace " + pod.Namespace
		if len(namespaces) > 0 {
			why += " (profiles select: " + strings.Join(namespaces, ", ") + ")"
		}
		return PendingNoNamespace, why
	}
	return PendingNoLabels, fmt.Sprintf("profile %s selects namespace %s (selector %d) but the pod lacks %s",
		bestProfile, pod.Namespace, bestSel+1, strings.Join(best, ", "))
}

// firstMatch is the index of the first selector of p that matches pod.
func firstMatch(p FargateProfile, pod Pod) (int, bool) {
	for i, s := range p.Selectors {
		if s.Matches(pod.Namespace, pod.Labels) {
			return i, true
		}
	}
	return -1, false
}

// Matches reports whether the selector matches a pod in namespace with
// labels.
func (s FargateSelector) Matches(namespace string, labels map[string]string) bool {
	return Glob(s.Namespace, namespace) && len(missingLabels(s, labels)) == 0
}

// missingLabels lists the selector's labels the pod lacks or has with
// another value, as "key=value", sorted.
func missingLabels(s FargateSelector, labels map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
		if v, ok := labels[k]; !ok || !Glob(s.Labels[k], v) {
			out = append(out, k+"="+s.Labels[k])
		}
	}
	return out
}

// matchedOn says what a matching selector matched on.
func matchedOn(s FargateSelector, pod Pod) string {
	if len(s.Labels) == 0 {
		return "namespace " + pod.Namespace
	}
	return "namespace " + pod.Namespace + " and labels " + labelPairs(s.Labels, pod.Labels)
}

// String renders a selector as "namespace payments, app=api,tier=web".
func (s FargateSelector) String() string {
	if len(s.Labels) == 0 {
		return "namespace " + s.Namespace
	}
	return "namespace " + s.Namespace + ", " + labelPairs(s.Labels, s.Labels)
}

// labelPairs renders the keys of keys, sorted, with their values in vals:
// "app=api,tier=web".
func labelPairs(keys, vals map[string]string) string {
	var ls []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		ls = append(ls, k+"="+vals[k])
	}
	return strings.Join(ls, ",")
}

// Glob matches s against a Fargate selector pattern, where '*' stands for
// any run of characters (none included) and '?' for exactly one.
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	// Classic two-pointer wildcard match with backtracking to the last '*'.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
