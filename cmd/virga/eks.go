package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"

	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/sanitize"
)

// silenceKlog stops client-go's logger (klog) from writing to stderr,
// where it would draw over the terminal UI; everything that matters comes
// back as an error.
func silenceKlog() { klog.SetLogger(logr.Discard()) }

// EKS resource kinds of get.
const (
	kindEKSClusters     = "eks-clusters"
	kindFargateProfiles = "fargate-profiles"
	kindPods            = "pods"
)

// eksResource names the EKS resource `virga get` was asked for, or "".
func eksResource(what string) string {
	switch strings.ToLower(what) {
	case "eks-clusters", "eks-cluster", "eks":
		return kindEKSClusters
	case "fargate-profiles", "fargate-profile", "profiles", "fp":
		return kindFargateProfiles
	case "pods", "pod", "po":
		return kindPods
	}
	return ""
}

// podOut is a pod as `virga get pods -o json` prints it: the pod, and
// which Fargate profile placed it or why it waits.
type podOut struct {
	providers.Pod
	Placement placementOut `json:"placement"`
}

type placementOut struct {
	Profile  string `json:"profile,omitempty"`
	Selector int    `json:"selector,omitempty"` // 1-based; 0 = none
	Pending  string `json:"pending,omitempty"`
	Why      string `json:"why"`
}

// getEKS reads EKS clusters, Fargate profiles or pods, all of them or the
// one named. A cluster whose API fails is reported on stderr and the
// others are still printed; the listing then carries the failure, so the
// command exits 1 after printing.
func getEKS(ctx context.Context, be *backend, what, name string, g *getFlags, stderr io.Writer) (listing, error) {
	el, ok := be.backend.(providers.EKSLister)
	if !ok {
		return listing{}, errors.New("this backend has no EKS")
	}
	names, err := eksClusterNames(ctx, el, g.cluster)
	if err != nil {
		return listing{}, err
	}
	now := be.now()
	var p listing
	failed := 0
	fail := func(cluster string, err error) {
		failed++
		msg := providers.Short(err)
		if !strings.Contains(msg, "cluster "+cluster) {
			msg = "cluster " + cluster + ": " + msg
		}
		fmt.Fprintln(stderr, "virga:", sanitize.Line(msg))
	}
	switch what {
	case kindEKSClusters:
		cs, err := el.ListEKSClusters(ctx)
		if err != nil {
			return listing{}, err
		}
		cs = slices.DeleteFunc(cs, func(c providers.EKSCluster) bool {
			return !slices.Contains(names, c.Name) || name != "" && c.Name != name
		})
		p.header = []string{"NAME", "VERSION", "STATUS", "ENDPOINT ACCESS", "PROFILES", "AGE"}
		for _, c := range cs {
			profiles := "?"
			if fps, err := el.ListFargateProfiles(ctx, c.Name); err == nil {
				profiles = strconv.Itoa(len(fps))
			} else {
				fail(c.Name, err)
			}
			p.rows = append(p.rows, []string{c.Name, c.Version, c.Status, endpointAccess(c), profiles, format.Age(now, c.CreatedAt)})
			p.names = append(p.names, c.Name)
		}
		if p.data, err = listOrOne(cs, name, "EKS cluster "+name, g.cluster, func(c providers.EKSCluster) string { return c.Name }); err != nil {
			return listing{}, err
		}
	case kindFargateProfiles:
		all := []providers.FargateProfile{}
		for _, n := range names {
			fps, err := el.ListFargateProfiles(ctx, n)
			if err != nil {
				fail(n, err)
				continue
			}
			all = append(all, slices.DeleteFunc(fps, func(fp providers.FargateProfile) bool { return name != "" && fp.Name != name })...)
		}
		p.header = []string{"CLUSTER", "PROFILE", "STATUS", "SELECTORS", "SUBNETS", "POD EXECUTION ROLE", "AGE"}
		for _, fp := range all {
			var sels []string
			for _, s := range fp.Selectors {
				sels = append(sels, strings.TrimPrefix(s.String(), "namespace "))
			}
			p.rows = append(p.rows, []string{fp.Cluster, fp.Name, fp.Status, strings.Join(sels, "; "), strconv.Itoa(len(fp.Subnets)),
				fp.PodExecutionRoleARN[strings.LastIndexByte(fp.PodExecutionRoleARN, '/')+1:], format.Age(now, fp.CreatedAt)})
			p.names = append(p.names, fp.Name)
		}
		if p.data, err = listOrOne(all, name, "Fargate profile "+name, g.cluster, func(fp providers.FargateProfile) string { return fp.Cluster }); err != nil {
			return listing{}, err
		}
	case kindPods:
		pl, ok := be.backend.(providers.PodLister)
		if !ok {
			return listing{}, errors.New("this backend cannot list pods")
		}
		all := []podOut{}
		for _, n := range names {
			fps, err := el.ListFargateProfiles(ctx, n)
			if err != nil {
				fail(n, err)
				continue
			}
			pods, err := pl.ListPods(ctx, n, g.namespace)
			if err != nil {
				fail(n, err)
				continue
			}
			for _, pod := range pods {
				if name != "" && pod.Name != name {
					continue
				}
				ex := providers.ExplainFargate(pod, fps)
				all = append(all, podOut{Pod: pod, Placement: placementOut{Profile: ex.Profile, Selector: ex.Selector + 1, Pending: string(ex.Pending), Why: ex.Why}})
			}
		}
		p.header = []string{"CLUSTER", "NAMESPACE", "POD", "PROFILE", "STATUS", "READY", "RESTARTS", "CPU", "MEM", "CAPACITY", "AGE", "NODE", "PENDING"}
		for _, pod := range all {
			p.rows = append(p.rows, []string{pod.Cluster, pod.Namespace, pod.Name, pod.Placement.Profile, pod.Status,
				strconv.Itoa(pod.Ready) + "/" + strconv.Itoa(pod.Total), strconv.Itoa(pod.Restarts), pod.RequestCPU, pod.RequestMemory,
				pod.CapacityProvisioned, format.Age(now, pod.CreatedAt), pod.Node, pod.Placement.Pending})
			p.names = append(p.names, pod.Name)
		}
		if p.data, err = listOrOne(all, name, "pod "+name, g.cluster, func(pod podOut) string { return pod.Cluster + "/" + pod.Namespace }); err != nil {
			return listing{}, err
		}
	}
	if failed > 0 {
		p.incomplete = exitError{code: exitFailed, msg: strconv.Itoa(failed) + " cluster(s) failed"}
	}
	return p, nil
}

// listOrOne is the list, or with a name the one item found (an error
// when none or several are).
func listOrOne[T any](items []T, name, what, cluster string, label func(T) string) (any, error) {
	if name == "" {
		return items, nil
	}
	return one(items, what, cluster, label)
}

// eksClusterNames is the one cluster asked for, or every cluster.
func eksClusterNames(ctx context.Context, el providers.EKSLister, cluster string) ([]string, error) {
	if cluster != "" {
		return []string{cluster}, nil
	}
	cs, err := el.ListEKSClusters(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names, nil
}

// endpointAccess is the cluster's API access, "-" when EKS said neither.
func endpointAccess(c providers.EKSCluster) string {
	if a := c.Access(); a != "" {
		return a
	}
	return "-"
}
