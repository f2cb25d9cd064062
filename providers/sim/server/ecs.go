package server

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/virgahq/virga/providers"
)

// clusterName is the request's cluster (name or ARN), "default" if unset.
func clusterName(c string) string {
	if c == "" {
		return "default"
	}
	return lastSegment(c)
}

type ecsListClustersIn struct {
	NextToken  string `json:"nextToken"`
	MaxResults int    `json:"maxResults"`
}

func (s *Server) ecsListClusters(c *call, in ecsListClustersIn) (any, error) {
	cls, err := s.acct.ListClusters(c.ctx())
	if err != nil {
		return nil, err
	}
	arns := make([]string, 0, len(cls))
	for _, cl := range cls {
		arns = append(arns, cl.ARN)
	}
	return pageOf(c, "clusters", "clusterArns", in.NextToken, clampLimit(in.MaxResults, 100, 100), arns, same)
}

type ecsDescribeClustersIn struct {
	Clusters []string `json:"clusters"`
	Include  []string `json:"include"`
}

func (s *Server) ecsDescribeClusters(c *call, in ecsDescribeClustersIn) (any, error) {
	if err := c.begin(); err != nil {
		return nil, err
	}
	if len(in.Clusters) > 100 {
		return nil, c.invalid("Clusters can have at most 100 items.")
	}
	if len(in.Clusters) == 0 {
		in.Clusters = []string{"default"}
	}
	cls, err := s.acct.ListClusters(c.ctx())
	if err != nil {
		return nil, err
	}
	return described("clusters", in.Clusters, cls,
		func(cl providers.Cluster, want string) bool { return cl.Name == want || cl.ARN == want },
		func(cl providers.Cluster) ecsCluster { return s.ecsCluster(cl, in.Include) },
		func(want string) string { return s.clusterARN(clusterName(want)) }), nil
}

// described answers an ECS Describe call: under key, the item of all that
// each wanted name or ARN matches, converted by conv; under failures, a
// MISSING one with the ARN missing makes for each name that matches none.
func described[T, W any](key string, wanted []string, all []T, match func(T, string) bool, conv func(T) W, missing func(string) string) map[string]any {
	found, failures := []W{}, []ecsFailure{}
	for _, want := range wanted {
		i := slices.IndexFunc(all, func(x T) bool { return match(x, want) })
		if i < 0 {
			failures = append(failures, ecsFailure{Arn: missing(want), Reason: "MISSING"})
			continue
		}
		found = append(found, conv(all[i]))
	}
	return map[string]any{key: found, "failures": failures}
}

func (s *Server) ecsCluster(cl providers.Cluster, include []string) ecsCluster {
	out := ecsCluster{
		ClusterArn: cl.ARN, ClusterName: cl.Name, Status: cl.Status, RunningTasksCount: cl.RunningTasks,
		PendingTasksCount: cl.PendingTasks, ActiveServicesCount: cl.ActiveServices, CapacityProviders: cl.CapacityProviders,
		Settings: []ecsKV{{Name: "containerInsights", Value: cmp.Or(cl.ContainerInsights, "disabled")}},
	}
	if slices.Contains(include, "STATISTICS") {
		itoa := strconv.Itoa
		out.Statistics = []ecsKV{
			{Name: "runningEC2TasksCount", Value: "0"},
			{Name: "runningFargateTasksCount", Value: itoa(cl.RunningTasks)},
			{Name: "pendingEC2TasksCount", Value: "0"},
			{Name: "pendingFargateTasksCount", Value: itoa(cl.PendingTasks)},
			{Name: "activeEC2ServiceCount", Value: "0"},
			{Name: "activeFargateServiceCount", Value: itoa(cl.ActiveServices)},
			{Name: "drainingEC2ServiceCount", Value: "0"},
			{Name: "drainingFargateServiceCount", Value: "0"},
		}
	}
	if slices.Contains(include, "TAGS") {
		out.Tags = []ecsTag{{Key: "virga:demo", Value: "true"}}
	}
	return out
}

type ecsListServicesIn struct {
	Cluster            string `json:"cluster"`
	NextToken          string `json:"nextToken"`
	MaxResults         int    `json:"maxResults"`
	LaunchType         string `json:"launchType"`
	SchedulingStrategy string `json:"schedulingStrategy"`
}

func (s *Server) ecsListServices(c *call, in ecsListServicesIn) (any, error) {
	svcs, err := s.acct.ListServices(c.ctx(), clusterName(in.Cluster))
	if err != nil {
		return nil, err
	}
	var arns []string
	for _, sv := range svcs {
		if (in.LaunchType == "" || in.LaunchType == sv.LaunchType) && (in.SchedulingStrategy == "" || in.SchedulingStrategy == "REPLICA") {
			arns = append(arns, sv.ARN)
		}
	}
	return pageOf(c, "services", "serviceArns", in.NextToken, clampLimit(in.MaxResults, 10, 100), arns, same)
}

// beginBatch starts a Describe call that names n resources of a kind
// ("services"), refusing an empty list or one over max as ECS does.
func (c *call) beginBatch(kind string, n, max int) error {
	if err := c.begin(); err != nil {
		return err
	}
	switch {
	case n == 0:
		return c.invalid("%s cannot be empty.", strings.ToUpper(kind[:1])+kind[1:])
	case n > max:
		return c.invalid("Too many %s provided: %d. The maximum is %d %s per %s request.", kind, n, max, kind, c.op)
	}
	return nil
}

type ecsDescribeServicesIn struct {
	Cluster  string   `json:"cluster"`
	Services []string `json:"services"`
}

func (s *Server) ecsDescribeServices(c *call, in ecsDescribeServicesIn) (any, error) {
	if err := c.beginBatch("services", len(in.Services), 10); err != nil {
		return nil, err
	}
	cluster := clusterName(in.Cluster)
	svcs, err := s.acct.ListServices(c.ctx(), cluster)
	if err != nil {
		return nil, err
	}
	return described("services", in.Services, svcs,
		func(sv providers.Service, want string) bool { return sv.Name == want || sv.ARN == want },
		s.ecsService,
		func(want string) string {
			if lastSegment(want) != want {
				return want
			}
			return s.arn("ecs", "service/"+cluster+"/"+want)
		}), nil
}

type ecsListTasksIn struct {
	Cluster       string `json:"cluster"`
	ServiceName   string `json:"serviceName"`
	DesiredStatus string `json:"desiredStatus"`
	Family        string `json:"family"`
	StartedBy     string `json:"startedBy"`
	LaunchType    string `json:"launchType"`
	NextToken     string `json:"nextToken"`
	MaxResults    int    `json:"maxResults"`
}

func (s *Server) ecsListTasks(c *call, in ecsListTasksIn) (any, error) {
	tasks, err := s.acct.ListTasks(c.ctx(), clusterName(in.Cluster), in.ServiceName)
	if err != nil {
		return nil, err
	}
	want := cmp.Or(in.DesiredStatus, "RUNNING")
	var arns []string
	for _, t := range tasks {
		switch {
		case t.DesiredStatus != want,
			in.StartedBy != "" && t.StartedBy != in.StartedBy,
			in.LaunchType != "" && t.LaunchType != in.LaunchType,
			in.Family != "" && lastSegment(t.TaskDefinition) != in.Family+":"+strconv.Itoa(t.TaskDefRevision):
			continue
		}
		arns = append(arns, t.ARN)
	}
	return pageOf(c, "tasks", "taskArns", in.NextToken, clampLimit(in.MaxResults, 100, 100), arns, same)
}

type ecsDescribeTasksIn struct {
	Cluster string   `json:"cluster"`
	Tasks   []string `json:"tasks"`
}

func (s *Server) ecsDescribeTasks(c *call, in ecsDescribeTasksIn) (any, error) {
	if err := c.beginBatch("tasks", len(in.Tasks), 100); err != nil {
		return nil, err
	}
	tasks, err := s.acct.ListTasks(c.ctx(), clusterName(in.Cluster), "")
	if err != nil {
		return nil, err
	}
	return described("tasks", in.Tasks, tasks,
		func(t providers.Task, want string) bool { return t.ID == want || t.ARN == want },
		s.ecsTask, same), nil
}

type ecsDescribeTaskDefinitionIn struct {
	TaskDefinition string `json:"taskDefinition"`
}

func (s *Server) ecsDescribeTaskDefinition(c *call, in ecsDescribeTaskDefinitionIn) (any, error) {
	if in.TaskDefinition == "" {
		return nil, c.invalid("taskDefinition is required")
	}
	td, err := s.acct.DescribeTaskDefinition(c.ctx(), in.TaskDefinition)
	if err != nil {
		return nil, err
	}
	return struct {
		TaskDefinition ecsTaskDefinition `json:"taskDefinition"`
		Tags           []ecsTag          `json:"tags"`
	}{ecsTaskDef(td), []ecsTag{}}, nil
}

type ecsListTaskDefinitionsIn struct {
	FamilyPrefix string `json:"familyPrefix"`
	Sort         string `json:"sort"`
	NextToken    string `json:"nextToken"`
	MaxResults   int    `json:"maxResults"`
}

// ListTaskDefinitions lists one family's revisions, or every family's
// when familyPrefix is unset; sort is ASC unless DESC is asked for.
func (s *Server) ecsListTaskDefinitions(c *call, in ecsListTaskDefinitionsIn) (any, error) {
	families := []string{in.FamilyPrefix}
	if in.FamilyPrefix == "" {
		cat, err := s.catalog(c.ctx())
		if err != nil {
			return nil, err
		}
		families = families[:0]
		for _, cl := range cat.clusters {
			svcs, err := s.acct.ListServices(c.ctx(), cl.name)
			if err != nil {
				return nil, err
			}
			for _, sv := range svcs {
				if !slices.Contains(families, sv.TaskDefFamily) {
					families = append(families, sv.TaskDefFamily)
				}
			}
		}
		slices.Sort(families)
	}
	var arns []string
	for _, f := range families {
		revs, err := s.acct.ListTaskDefinitions(c.ctx(), f)
		if err != nil {
			return nil, err
		}
		if in.Sort != "DESC" {
			slices.Reverse(revs)
		}
		arns = append(arns, revs...)
	}
	if in.Sort == "DESC" && len(families) > 1 {
		slices.Reverse(arns)
	}
	return pageOf(c, "taskdefs", "taskDefinitionArns", in.NextToken, clampLimit(in.MaxResults, 100, 100), arns, same)
}

type ecsUpdateServiceIn struct {
	Cluster            string `json:"cluster"`
	Service            string `json:"service"`
	DesiredCount       *int   `json:"desiredCount"`
	TaskDefinition     string `json:"taskDefinition"`
	ForceNewDeployment bool   `json:"forceNewDeployment"`
}

func (s *Server) ecsUpdateService(c *call, in ecsUpdateServiceIn) (any, error) {
	cluster, name := clusterName(in.Cluster), lastSegment(in.Service)
	c.resource = s.arn("ecs", "service/"+cluster+"/"+name)
	rc, err := s.acct.UpdateService(c.ctx(), providers.ServiceUpdate{
		Cluster: cluster, Service: name, Desired: in.DesiredCount,
		ForceNewDeployment: in.ForceNewDeployment, TaskDefinition: in.TaskDefinition,
	})
	if err := applied(c, rc, err); err != nil {
		return nil, err
	}
	out := ecsService{ServiceArn: c.resource, ServiceName: name, ClusterArn: s.clusterARN(cluster), Status: "ACTIVE"}
	if svcs, err := s.acct.ListServices(c.ctx(), cluster); err == nil {
		if i := slices.IndexFunc(svcs, func(sv providers.Service) bool { return sv.Name == name }); i >= 0 {
			out = s.ecsService(svcs[i])
		}
	}
	return struct {
		Service ecsService `json:"service"`
	}{out}, nil
}

type ecsStopTaskIn struct {
	Cluster string `json:"cluster"`
	Task    string `json:"task"`
	Reason  string `json:"reason"`
}

func (s *Server) ecsStopTask(c *call, in ecsStopTaskIn) (any, error) {
	cluster := clusterName(in.Cluster)
	c.resource = in.Task
	rc, err := s.acct.StopTask(c.ctx(), cluster, in.Task, in.Reason)
	if err := applied(c, rc, err); err != nil {
		return nil, err
	}
	id := rc.Result
	out := ecsTask{TaskArn: s.arn("ecs", "task/"+cluster+"/"+id), ClusterArn: s.clusterARN(cluster), DesiredStatus: "STOPPED"}
	if tasks, err := s.acct.ListTasks(c.ctx(), cluster, ""); err == nil {
		if i := slices.IndexFunc(tasks, func(t providers.Task) bool { return t.ID == id }); i >= 0 {
			out = s.ecsTask(tasks[i])
		}
	}
	return struct {
		Task ecsTask `json:"task"`
	}{out}, nil
}
