package providers_test

import (
	"strings"
	"testing"

	"github.com/virgahq/virga/providers"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"default", "default", true},
		{"default", "defaults", false},
		{"*", "", true},
		{"*", "anything", true},
		{"prod-*", "prod-payments", true},
		{"prod-*", "prod-", true},
		{"prod-*", "staging-payments", false},
		{"*-jobs", "batch-jobs", true},
		{"*-jobs", "batch-jobs-x", false},
		{"team-?", "team-a", true},
		{"team-?", "team-ab", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"??", "é1", true}, // runes, not bytes
		{"", "", true},
		{"", "x", false},
	}
	for _, c := range cases {
		if got := providers.Glob(c.pattern, c.s); got != c.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func testProfiles() []providers.FargateProfile {
	return []providers.FargateProfile{
		{Name: "fp-default", Status: "ACTIVE", Selectors: []providers.FargateSelector{
			{Namespace: "default"}, {Namespace: "kube-system", Labels: map[string]string{"k8s-app": "kube-dns"}},
		}},
		{Name: "fp-payments", Status: "ACTIVE", Selectors: []providers.FargateSelector{
			{Namespace: "payments", Labels: map[string]string{"team": "payments", "tier": "*"}},
		}},
		{Name: "fp-batch", Status: "CREATING", Selectors: []providers.FargateSelector{
			{Namespace: "batch-*"},
		}},
	}
}

func TestExplainFargate(t *testing.T) {
	capacity := []providers.KubeEvent{
		{Type: "Normal", Reason: "Scheduled", Message: "Successfully assigned"},
		{Type: "Warning", Reason: "FailedScheduling", Message: "Fargate capacity is unavailable at this time. Please try again later or in a different availability zone"},
	}
	cases := []struct {
		name        string
		pod         providers.Pod
		profile     string
		selector    int
		pending     providers.PendingReason
		whyContains string
	}{
		{
			name:    "running pod placed by its profile, selector with labels and a wildcard value",
			pod:     providers.Pod{Namespace: "payments", Phase: "Running", FargateProfile: "fp-payments", Node: "fargate-ip-10-0-1-2.ec2.internal", Labels: map[string]string{"team": "payments", "tier": "api"}},
			profile: "fp-payments", selector: 0, whyContains: "selector 1 (namespace payments, team=payments,tier=*) matches namespace payments and labels team=payments,tier=api",
		},
		{
			name:    "second selector matches",
			pod:     providers.Pod{Namespace: "kube-system", Phase: "Running", FargateProfile: "fp-default", Labels: map[string]string{"k8s-app": "kube-dns"}},
			profile: "fp-default", selector: 1, whyContains: "selector 2",
		},
		{
			name:    "placed by a profile that is gone",
			pod:     providers.Pod{Namespace: "default", Phase: "Running", FargateProfile: "fp-old"},
			profile: "fp-old", selector: -1, whyContains: "no longer listed",
		},
		{
			name:    "no selector names the namespace",
			pod:     providers.Pod{Namespace: "analytics", Phase: "Pending", SchedulerName: "default-scheduler"},
			profile: "", selector: -1, pending: providers.PendingNoNamespace,
			whyContains: "no Fargate profile selects namespace analytics (profiles select: batch-*, default, kube-system, payments)",
		},
		{
			name:    "namespace selected, labels missing",
			pod:     providers.Pod{Namespace: "payments", Phase: "Pending", SchedulerName: "default-scheduler", Labels: map[string]string{"team": "risk", "tier": "api"}},
			profile: "", selector: -1, pending: providers.PendingNoLabels,
			whyContains: "profile fp-payments selects namespace payments (selector 1) but the pod lacks team=payments",
		},
		{
			name:    "only a CREATING profile matches",
			pod:     providers.Pod{Namespace: "batch-nightly", Phase: "Pending", SchedulerName: "default-scheduler"},
			profile: "fp-batch", selector: 0, pending: providers.PendingProfileCreating, whyContains: "fp-batch (CREATING)",
		},
		{
			name:    "active profile matches but the pod predates it",
			pod:     providers.Pod{Namespace: "default", Phase: "Pending", SchedulerName: "default-scheduler"},
			profile: "fp-default", selector: 0, pending: providers.PendingRecreate, whyContains: "delete the pod",
		},
		{
			name:    "Fargate accepted it but has no capacity",
			pod:     providers.Pod{Namespace: "default", Phase: "Pending", SchedulerName: "fargate-scheduler", Events: capacity},
			profile: "fp-default", selector: 0, pending: providers.PendingCapacity, whyContains: "capacity is unavailable",
		},
		{
			name:    "Fargate is provisioning",
			pod:     providers.Pod{Namespace: "default", Phase: "Pending", SchedulerName: "fargate-scheduler"},
			profile: "fp-default", selector: 0, pending: providers.PendingProvisioning, whyContains: "provisioning",
		},
		{
			name:    "placed and pending with a provisioning timeout",
			pod:     providers.Pod{Namespace: "default", Phase: "Pending", FargateProfile: "fp-default", Events: []providers.KubeEvent{{Type: "Warning", Message: "Pod provisioning timed out (will retry) for pod: default/x"}}},
			profile: "fp-default", selector: 0, pending: providers.PendingCapacity, whyContains: "timed out",
		},
		{
			name:    "pod names a profile that does not exist",
			pod:     providers.Pod{Namespace: "default", Phase: "Pending", Labels: map[string]string{providers.LabelFargateProfile: "fp-nope"}},
			profile: "", selector: -1, pending: providers.PendingNoNamespace, whyContains: "asks for profile fp-nope",
		},
		{
			name:    "pod names one of two matching profiles",
			pod:     providers.Pod{Namespace: "batch-x", Phase: "Pending", SchedulerName: "default-scheduler", Labels: map[string]string{providers.LabelFargateProfile: "fp-batch"}},
			profile: "fp-batch", selector: 0, pending: providers.PendingProfileCreating, whyContains: "fp-batch",
		},
		{
			name:    "pod on an EC2 node",
			pod:     providers.Pod{Namespace: "default", Phase: "Running", Node: "ip-10-0-3-4.ec2.internal"},
			profile: "", selector: -1, whyContains: "not on Fargate",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := providers.ExplainFargate(c.pod, testProfiles())
			if got.Profile != c.profile || got.Selector != c.selector || got.Pending != c.pending || !strings.Contains(got.Why, c.whyContains) {
				t.Errorf("got %+v\nwant profile %q selector %d pending %q, why containing %q", got, c.profile, c.selector, c.pending, c.whyContains)
			}
		})
	}
}

func TestExplainFargatePrefersActiveProfile(t *testing.T) {
	profiles := []providers.FargateProfile{
		{Name: "a-new", Status: "CREATING", Selectors: []providers.FargateSelector{{Namespace: "web"}}},
		{Name: "b-old", Status: "ACTIVE", Selectors: []providers.FargateSelector{{Namespace: "w*"}}},
	}
	got := providers.ExplainFargate(providers.Pod{Namespace: "web", Phase: "Pending", SchedulerName: "fargate-scheduler"}, profiles)
	if got.Profile != "b-old" || got.Pending != providers.PendingProvisioning {
		t.Errorf("got %+v, want the ACTIVE profile b-old, provisioning", got)
	}
}

func TestFargateSelectorString(t *testing.T) {
	s := providers.FargateSelector{Namespace: "prod-*", Labels: map[string]string{"tier": "web", "app": "shop"}}
	if got, want := s.String(), "namespace prod-*, app=shop,tier=web"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
