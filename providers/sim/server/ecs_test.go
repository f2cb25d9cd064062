package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/virgahq/virga/providers"
)

func TestECSClusters(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	lc, err := c.ListClusters(ctx(t), &ecs.ListClustersInput{})
	if err != nil || len(lc.ClusterArns) != 3 {
		t.Fatalf("ListClusters: %v %v", lc, err)
	}
	dc, err := c.DescribeClusters(ctx(t), &ecs.DescribeClustersInput{
		Clusters: append(lc.ClusterArns, "nope"),
		Include:  []types.ClusterField{types.ClusterFieldSettings, types.ClusterFieldStatistics},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dc.Clusters) != 3 || len(dc.Failures) != 1 || aws.ToString(dc.Failures[0].Reason) != "MISSING" ||
		!strings.HasSuffix(aws.ToString(dc.Failures[0].Arn), ":cluster/nope") {
		t.Fatalf("DescribeClusters: %d clusters, failures %+v", len(dc.Clusters), dc.Failures)
	}
	want, _ := e.acct.ListClusters(ctx(t))
	for i, cl := range dc.Clusters {
		w := want[i]
		if aws.ToString(cl.ClusterName) != w.Name || int(cl.RunningTasksCount) != w.RunningTasks || int(cl.ActiveServicesCount) != w.ActiveServices ||
			len(cl.Settings) != 1 || cl.Settings[0].Name != types.ClusterSettingNameContainerInsights || aws.ToString(cl.Settings[0].Value) != w.ContainerInsights ||
			len(cl.Statistics) == 0 {
			t.Fatalf("cluster %d = %+v, want %+v", i, cl, w)
		}
	}
	if aws.ToString(dc.Clusters[0].Settings[0].Value) != "enabled" {
		t.Fatalf("prod-api container insights = %s", aws.ToString(dc.Clusters[0].Settings[0].Value))
	}
}

func TestECSServices(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	var arns []string
	for p := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: aws.String("prod-api"), MaxResults: aws.Int32(2)}); p.HasMorePages(); {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		arns = append(arns, out.ServiceArns...)
	}
	want, _ := e.acct.ListServices(ctx(t), "prod-api")
	if len(arns) != len(want) || len(want) < 3 {
		t.Fatalf("ListServices: %d arns, want %d", len(arns), len(want))
	}
	ds := must(t, c.DescribeServices, &ecs.DescribeServicesInput{Cluster: aws.String("prod-api"), Services: append(arns[:min(len(arns), 9)], "ghost")})
	if len(ds.Failures) != 1 || aws.ToString(ds.Failures[0].Reason) != "MISSING" || !strings.HasSuffix(aws.ToString(ds.Failures[0].Arn), "service/prod-api/ghost") {
		t.Fatalf("failures = %+v", ds.Failures)
	}
	for i, s := range ds.Services {
		w := want[i]
		if aws.ToString(s.ServiceName) != w.Name || int(s.DesiredCount) != w.Desired || int(s.RunningCount) != w.Running ||
			aws.ToString(s.TaskDefinition) != w.TaskDefinition || len(s.Deployments) != len(w.Deployments) || len(s.Events) != min(len(w.Events), 100) ||
			!aws.ToTime(s.CreatedAt).Equal(w.CreatedAt.Truncate(time.Millisecond)) ||
			s.DeploymentConfiguration.DeploymentCircuitBreaker.Enable != w.CircuitBreaker {
			t.Fatalf("service %s = %+v\nwant %+v", w.Name, s, w)
		}
		for j, d := range s.Deployments {
			wd := w.Deployments[j]
			if aws.ToString(d.Id) != wd.ID || aws.ToString(d.Status) != wd.Status || string(d.RolloutState) != wd.RolloutState || int(d.FailedTasks) != wd.Failed {
				t.Fatalf("%s deployment %d = %+v, want %+v", w.Name, j, d, wd)
			}
		}
		if len(s.Events) > 0 && aws.ToString(s.Events[0].Message) != w.Events[0].Message {
			t.Fatalf("%s newest event = %q, want %q", w.Name, aws.ToString(s.Events[0].Message), w.Events[0].Message)
		}
	}

	var eleven []string
	for i := range 11 {
		eleven = append(eleven, arns[i%len(arns)])
	}
	_, err := c.DescribeServices(ctx(t), &ecs.DescribeServicesInput{Cluster: aws.String("prod-api"), Services: eleven})
	wantErr[*types.InvalidParameterException](t, err, "11 services")
	_, err = c.ListServices(ctx(t), &ecs.ListServicesInput{Cluster: aws.String("nope")})
	wantErr[*types.ClusterNotFoundException](t, err, "missing cluster")
	wantAPIError(t, err, "ClusterNotFoundException", http.StatusBadRequest)
}

func TestECSTasks(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	svcs, _ := e.acct.ListServices(ctx(t), "prod-workers")
	svc := svcs[0]
	lt, err := c.ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("prod-workers"), ServiceName: aws.String(svc.Name)})
	if err != nil || len(lt.TaskArns) == 0 {
		t.Fatalf("ListTasks: %v %v", lt, err)
	}
	dt := must(t, c.DescribeTasks, &ecs.DescribeTasksInput{Cluster: aws.String("prod-workers"), Tasks: append(lt.TaskArns, "0123456789abcdef")})
	if len(dt.Tasks) != len(lt.TaskArns) || len(dt.Failures) != 1 {
		t.Fatalf("DescribeTasks: %d tasks %d failures", len(dt.Tasks), len(dt.Failures))
	}
	want, _ := e.acct.ListTasks(ctx(t), "prod-workers", svc.Name)
	byARN := map[string]providers.Task{}
	for _, w := range want {
		byARN[w.ARN] = w
	}
	for _, task := range dt.Tasks {
		w := byARN[aws.ToString(task.TaskArn)]
		if aws.ToString(task.Group) != "service:"+svc.Name || aws.ToString(task.LastStatus) != w.LastStatus || aws.ToString(task.DesiredStatus) != "RUNNING" ||
			aws.ToString(task.Cpu) != w.CPU || len(task.Containers) != len(w.Containers) || !aws.ToTime(task.CreatedAt).Equal(w.CreatedAt.Truncate(time.Millisecond)) ||
			(!w.StartedAt.IsZero() && !aws.ToTime(task.StartedAt).Equal(w.StartedAt.Truncate(time.Millisecond))) {
			t.Fatalf("task = %+v\nwant %+v", task, w)
		}
	}
	stopped := must(t, c.ListTasks, &ecs.ListTasksInput{Cluster: aws.String("prod-workers"), DesiredStatus: types.DesiredStatusStopped})
	if len(stopped.TaskArns) > 0 {
		dt, err := c.DescribeTasks(ctx(t), &ecs.DescribeTasksInput{Cluster: aws.String("prod-workers"), Tasks: stopped.TaskArns[:1]})
		if err != nil || aws.ToString(dt.Tasks[0].DesiredStatus) != "STOPPED" || aws.ToString(dt.Tasks[0].StoppedReason) == "" {
			t.Fatalf("stopped task: %+v %v", dt.Tasks, err)
		}
	}
	var many []string
	for range 101 {
		many = append(many, lt.TaskArns[0])
	}
	_, err = c.DescribeTasks(ctx(t), &ecs.DescribeTasksInput{Cluster: aws.String("prod-workers"), Tasks: many})
	wantErr[*types.InvalidParameterException](t, err, "101 tasks")
	_, err = c.ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("prod-workers"), ServiceName: aws.String("ghost")})
	wantErr[*types.ServiceNotFoundException](t, err, "missing service")

	td := must(t, c.DescribeTaskDefinition, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(svc.TaskDefinition)})
	wtd, _ := e.acct.DescribeTaskDefinition(ctx(t), svc.TaskDefinition)
	d := td.TaskDefinition
	if aws.ToString(d.TaskDefinitionArn) != wtd.ARN || int(d.Revision) != wtd.Revision || len(d.ContainerDefinitions) != len(wtd.Containers) ||
		d.ContainerDefinitions[0].LogConfiguration == nil ||
		d.ContainerDefinitions[0].LogConfiguration.Options["awslogs-group"] != wtd.Containers[0].LogOptions["awslogs-group"] {
		t.Fatalf("task definition = %+v\nwant %+v", d, wtd)
	}
	ltd, err := c.ListTaskDefinitions(ctx(t), &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(svc.TaskDefFamily), Sort: types.SortOrderDesc})
	wantRevs, _ := e.acct.ListTaskDefinitions(ctx(t), svc.TaskDefFamily)
	if err != nil || strings.Join(ltd.TaskDefinitionArns, ",") != strings.Join(wantRevs, ",") || !slices.Contains(wantRevs, svc.TaskDefinition) {
		t.Fatalf("ListTaskDefinitions: %v %v", ltd.TaskDefinitionArns, err)
	}
	all, err := c.ListTaskDefinitions(ctx(t), &ecs.ListTaskDefinitionsInput{})
	if err != nil || len(all.TaskDefinitionArns) < len(ltd.TaskDefinitionArns) {
		t.Fatalf("all task definitions: %d %v", len(all.TaskDefinitionArns), err)
	}
}

func TestECSActions(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	us, err := c.UpdateService(ctx(t), &ecs.UpdateServiceInput{Cluster: aws.String("staging"), Service: aws.String(mustService(t, e, "staging")), DesiredCount: aws.Int32(5)})
	if err != nil || us.Service.DesiredCount != 5 {
		t.Fatalf("scale: %+v %v", us, err)
	}
	name := aws.ToString(us.Service.ServiceName)
	fd, err := c.UpdateService(ctx(t), &ecs.UpdateServiceInput{Cluster: aws.String("staging"), Service: us.Service.ServiceArn, ForceNewDeployment: true})
	if err != nil || len(fd.Service.Deployments) < 2 || aws.ToString(fd.Service.Deployments[0].Status) != "PRIMARY" ||
		fd.Service.Deployments[0].RolloutState != types.DeploymentRolloutStateInProgress {
		t.Fatalf("force new deployment: %+v %v", fd.Service.Deployments, err)
	}
	lt, err := c.ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("staging"), ServiceName: aws.String(name)})
	if err != nil || len(lt.TaskArns) == 0 {
		t.Fatalf("tasks: %v", err)
	}
	st, err := c.StopTask(ctx(t), &ecs.StopTaskInput{Cluster: aws.String("staging"), Task: aws.String(lt.TaskArns[0]), Reason: aws.String("virga test")})
	if err != nil || aws.ToString(st.Task.TaskArn) != lt.TaskArns[0] || aws.ToString(st.Task.DesiredStatus) != "STOPPED" || aws.ToString(st.Task.StoppedReason) != "virga test" {
		t.Fatalf("stop: %+v %v", st.Task, err)
	}
	_, err = c.StopTask(ctx(t), &ecs.StopTaskInput{Cluster: aws.String("staging"), Task: aws.String("nope")})
	wantErr[*types.InvalidParameterException](t, err, "stop missing task")
	_, err = c.UpdateService(ctx(t), &ecs.UpdateServiceInput{Cluster: aws.String("staging"), Service: aws.String("ghost"), DesiredCount: aws.Int32(1)})
	wantErr[*types.ServiceNotFoundException](t, err, "update missing service")
}

func mustService(t *testing.T, e *env, cluster string) string {
	t.Helper()
	svcs, err := e.acct.ListServices(ctx(t), cluster)
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services of %s: %v", cluster, err)
	}
	return svcs[0].Name
}

// TestECSDescribeBatchLimits: Describe calls refuse an empty list and one
// over ECS's batch size with ECS's own messages.
func TestECSDescribeBatchLimits(t *testing.T) {
	c := newEnv(t).ecs()
	names := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("x%d", i)
		}
		return out
	}
	for _, tc := range []struct {
		op   string
		n    int
		want string
	}{
		{"DescribeServices", 0, "Services cannot be empty."},
		{"DescribeServices", 11, "Too many services provided: 11. The maximum is 10 services per DescribeServices request."},
		{"DescribeTasks", 0, "Tasks cannot be empty."},
		{"DescribeTasks", 101, "Too many tasks provided: 101. The maximum is 100 tasks per DescribeTasks request."},
	} {
		var err error
		if tc.op == "DescribeServices" {
			_, err = c.DescribeServices(ctx(t), &ecs.DescribeServicesInput{Cluster: aws.String("prod-api"), Services: names(tc.n)})
		} else {
			_, err = c.DescribeTasks(ctx(t), &ecs.DescribeTasksInput{Cluster: aws.String("prod-api"), Tasks: names(tc.n)})
		}
		ae := wantAPIError(t, err, "InvalidParameterException", http.StatusBadRequest)
		if ae.ErrorMessage() != tc.want {
			t.Errorf("%s of %d: message %q, want %q", tc.op, tc.n, ae.ErrorMessage(), tc.want)
		}
	}
}

// DescribeTasks carries enableExecuteCommand as the simulated account
// sets it: on for some services, off for others.
func TestECSTasksExecEnabled(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	for svc, want := range map[string]bool{"email-worker": true, "pdf-renderer": false} {
		lt, err := c.ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("prod-workers"), ServiceName: aws.String(svc)})
		if err != nil || len(lt.TaskArns) == 0 {
			t.Fatalf("ListTasks %s: %v %v", svc, lt, err)
		}
		dt := must(t, c.DescribeTasks, &ecs.DescribeTasksInput{Cluster: aws.String("prod-workers"), Tasks: lt.TaskArns})
		for _, task := range dt.Tasks {
			if task.EnableExecuteCommand != want {
				t.Errorf("%s task %s: enableExecuteCommand = %v, want %v", svc, aws.ToString(task.TaskArn), task.EnableExecuteCommand, want)
			}
		}
	}
}
