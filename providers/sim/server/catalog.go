package server

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/virgahq/virga/providers"
)

// The sim's sets of functions, clusters, services, log groups and event
// source mappings never change, so what the server derives from them
// (DescribeLogGroups, ListMetrics, the mapping index) is read once, on
// first use, through the sim's own list calls, and kept. A fault on those
// list calls therefore only matters to a derived operation until the
// first read succeeds.

type catalogCache struct {
	mu  sync.Mutex
	cat *catalog
	esm *esmIdx
}

type catalog struct {
	functions []catFunction // sorted by name
	clusters  []catCluster  // as ListClusters orders them

	metricsOnce sync.Once
	metrics     []cwMetric // what ListMetrics lists, built on first use
}

type catFunction struct {
	name, arn, logGroup string
	modified            time.Time
}

type catCluster struct {
	name, arn, insights string
	services            []catService
}

type catService struct {
	name      string
	created   time.Time
	logGroups []string // awslogs groups of the primary task definition
}

// catalog returns the account's resources, reading them on first use.
func (s *Server) catalog(ctx context.Context) (*catalog, error) {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	if s.cat.cat != nil {
		return s.cat.cat, nil
	}
	cat := &catalog{}
	marker := ""
	for {
		pg, err := s.acct.ListFunctions(ctx, marker)
		if err != nil {
			return nil, err
		}
		for _, f := range pg.Functions {
			cat.functions = append(cat.functions, catFunction{name: f.Name, arn: f.ARN, logGroup: f.LogGroup, modified: f.LastModified})
		}
		if marker = pg.Next; marker == "" {
			break
		}
	}
	clusters, err := s.acct.ListClusters(ctx)
	if err != nil {
		return nil, err
	}
	for _, cl := range clusters {
		cc := catCluster{name: cl.Name, arn: cl.ARN, insights: cl.ContainerInsights}
		svcs, err := s.acct.ListServices(ctx, cl.Name)
		if err != nil {
			return nil, err
		}
		for _, sv := range svcs {
			cs := catService{name: sv.Name, created: sv.CreatedAt}
			td, err := s.acct.DescribeTaskDefinition(ctx, sv.TaskDefinition)
			if err != nil {
				return nil, err
			}
			for _, ctr := range td.Containers {
				if g := ctr.LogOptions["awslogs-group"]; ctr.LogDriver == "awslogs" && g != "" && !slices.Contains(cs.logGroups, g) {
					cs.logGroups = append(cs.logGroups, g)
				}
			}
			cc.services = append(cc.services, cs)
		}
		cat.clusters = append(cat.clusters, cc)
	}
	s.cat.cat = cat
	return cat, nil
}

// esmIdx maps event source mapping UUIDs to their functions.
type esmIdx struct {
	byUUID map[string]string
}

// functions lists the functions that have a mapping, sorted.
func (x *esmIdx) functions() []string {
	var out []string
	for _, fn := range x.byUUID {
		if !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) esmIndex(ctx context.Context) (*esmIdx, error) {
	cat, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	if s.cat.esm != nil {
		return s.cat.esm, nil
	}
	idx := &esmIdx{byUUID: map[string]string{}}
	for _, f := range cat.functions {
		d, err := s.acct.GetFunction(ctx, f.name)
		if err != nil {
			return nil, err
		}
		for _, e := range d.EventSources {
			idx.byUUID[e.UUID] = f.name
		}
	}
	s.cat.esm = idx
	return idx, nil
}

// metricList is every metric ListMetrics reports: per function and account
// wide in AWS/Lambda, per cluster and service in AWS/ECS, and Container
// Insights for the clusters that enable it.
func (cat *catalog) metricList() []cwMetric {
	cat.metricsOnce.Do(func() {
		var out []cwMetric
		add := func(ns string, names []string, dims ...string) {
			for _, n := range names {
				m := cwMetric{Namespace: ns, MetricName: n, Dimensions: []cwDimension{}}
				for i := 0; i+1 < len(dims); i += 2 {
					m.Dimensions = append(m.Dimensions, cwDimension{Name: dims[i], Value: dims[i+1]})
				}
				out = append(out, m)
			}
		}
		lambda := []string{"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"}
		add(providers.NamespaceLambda, append(lambda, "UnreservedConcurrentExecutions", "ClaimedAccountConcurrency"))
		for _, f := range cat.functions {
			add(providers.NamespaceLambda, lambda, "FunctionName", f.name)
		}
		utilisation := []string{"CPUUtilization", "MemoryUtilization"}
		insights := []string{"RunningTaskCount", "PendingTaskCount", "DesiredTaskCount", "CpuUtilized", "CpuReserved", "MemoryUtilized", "MemoryReserved"}
		for _, cl := range cat.clusters {
			add(providers.NamespaceECS, utilisation, "ClusterName", cl.name)
			on := cl.insights != "" && cl.insights != "disabled"
			if on {
				add(providers.NamespaceContainerInsights, insights, "ClusterName", cl.name)
			}
			for _, sv := range cl.services {
				add(providers.NamespaceECS, utilisation, "ClusterName", cl.name, "ServiceName", sv.name)
				if on {
					add(providers.NamespaceContainerInsights, insights, "ClusterName", cl.name, "ServiceName", sv.name)
				}
			}
		}
		cat.metrics = out
	})
	return cat.metrics
}
