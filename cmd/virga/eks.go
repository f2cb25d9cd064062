package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-logr/logr"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/views/format"
	"github.com/virgahq/virga/views/sanitize"
	"k8s.io/klog/v2"
)

// silenceKlog stops client-go's logger (klog) from writing to stderr,
// where it would draw over the terminal UI; everything that matters comes
// back as an error.
func silenceKlog() { klog.SetLogger(logr.Discard()) }

// eksResource names the EKS resource `virga get` was asked for, or "".
func eksResource(what string) string {
	switch strings.ToLower(what) {
	case "eks-clusters", "eks-cluster", "eks":
		return "eks-clusters"
	case "fargate-profiles", "fargate-profile", "profiles", "fp":
		return "fargate-profiles"
	case "pods", "pod", "po":
		return "pods"
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

// runGetEKS prints EKS clusters, Fargate profiles or pods. A cluster whose
// API fails is reported on stderr and the others are still printed; the
// command then exits 1.
func runGetEKS(ctx context.Context, be *backend, what string, g *getFlags, stdout, stderr io.Writer) error {
	el, ok := be.backend.(providers.EKSLister)
	if !ok {
		return errors.New("this backend has no EKS")
	}
	names, err := eksClusterNames(ctx, el, g.cluster)
	if err != nil {
		return err
	}
	now := be.now()
	var data any
	var header []string
	var rows [][]string
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
	case "eks-clusters":
		cs, err := el.ListEKSClusters(ctx)
		if err != nil {
			return err
		}
		cs = slices.DeleteFunc(cs, func(c providers.EKSCluster) bool { return !slices.Contains(names, c.Name) })
		data = cs
		header = []string{"NAME", "VERSION", "STATUS", "ENDPOINT ACCESS", "PROFILES", "AGE"}
		for _, c := range cs {
			profiles := "?"
			if fps, err := el.ListFargateProfiles(ctx, c.Name); err == nil {
				profiles = strconv.Itoa(len(fps))
			} else {
				fail(c.Name, err)
			}
			rows = append(rows, []string{c.Name, c.Version, c.Status, endpointAccess(c), profiles, format.Age(now, c.CreatedAt)})
		}
	case "fargate-profiles":
		all := []providers.FargateProfile{}
		for _, n := range names {
			fps, err := el.ListFargateProfiles(ctx, n)
			if err != nil {
				fail(n, err)
				continue
			}
			all = append(all, fps...)
		}
		data = all
		header = []string{"CLUSTER", "PROFILE", "STATUS", "SELECTORS", "SUBNETS", "POD EXECUTION ROLE", "AGE"}
		for _, fp := range all {
			var sels []string
			for _, s := range fp.Selectors {
				sels = append(sels, strings.TrimPrefix(s.String(), "namespace "))
			}
			rows = append(rows, []string{fp.Cluster, fp.Name, fp.Status, strings.Join(sels, "; "), strconv.Itoa(len(fp.Subnets)),
				fp.PodExecutionRoleARN[strings.LastIndexByte(fp.PodExecutionRoleARN, '/')+1:], format.Age(now, fp.CreatedAt)})
		}
	case "pods":
		pl, ok := be.backend.(providers.PodLister)
		if !ok {
			return errors.New("this backend cannot list pods")
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
			for _, p := range pods {
				ex := providers.ExplainFargate(p, fps)
				all = append(all, podOut{Pod: p, Placement: placementOut{Profile: ex.Profile, Selector: ex.Selector + 1, Pending: string(ex.Pending), Why: ex.Why}})
			}
		}
		data = all
		header = []string{"CLUSTER", "NAMESPACE", "POD", "PROFILE", "STATUS", "READY", "RESTARTS", "CPU", "MEM", "CAPACITY", "AGE", "NODE", "PENDING"}
		for _, p := range all {
			rows = append(rows, []string{p.Cluster, p.Namespace, p.Name, p.Placement.Profile, p.Status,
				strconv.Itoa(p.Ready) + "/" + strconv.Itoa(p.Total), strconv.Itoa(p.Restarts), p.RequestCPU, p.RequestMemory,
				p.CapacityProvisioned, format.Age(now, p.CreatedAt), p.Node, p.Placement.Pending})
		}
	}
	if g.output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(data); err != nil {
			return err
		}
	} else if err := writeTable(stdout, header, rows); err != nil {
		return err
	}
	if failed > 0 {
		return exitError{code: 1, msg: strconv.Itoa(failed) + " cluster(s) failed"}
	}
	return nil
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

func endpointAccess(c providers.EKSCluster) string {
	switch {
	case c.EndpointPublic && c.EndpointPrivate:
		return "public+private"
	case c.EndpointPublic:
		return "public"
	case c.EndpointPrivate:
		return "private"
	}
	return "-"
}
