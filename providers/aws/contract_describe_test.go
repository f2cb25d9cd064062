package aws_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
)

// contractOne reads one service and one task by name, and the API's own
// documents of a function, a cluster, a service, a task and a task
// definition: each parses as JSON and names what was asked for, and a
// missing resource is ErrNotFound.
func contractOne(t *testing.T, p *awsprov.Provider, fx fixture) {
	ctx := testCtx(t, 30*time.Second)
	s, err := p.GetService(ctx, fx.cluster, fx.service)
	if err != nil {
		t.Fatal(err)
	}
	if want := service(t, p, fx.cluster, fx.service); s.ARN != want.ARN || s.Name != fx.service || s.Cluster != fx.cluster || s.TaskDefinition != want.TaskDefinition {
		t.Errorf("GetService = %+v, listed %+v", s, want)
	}
	ts := tasks(t, p, fx)
	if len(ts) == 0 {
		t.Fatal("no task to read")
	}
	task, err := p.GetTask(ctx, fx.cluster, ts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if task.ARN != ts[0].ARN || task.ID != ts[0].ID || task.Cluster != fx.cluster {
		t.Errorf("GetTask = %+v, listed %+v", task, ts[0])
	}
	for _, c := range []struct {
		req  providers.DescribeRequest
		want func(doc map[string]any) bool
	}{
		{providers.DescribeRequest{Kind: providers.DescribeFunction, Name: fx.fn}, func(d map[string]any) bool {
			c, _ := d["Configuration"].(map[string]any)
			return c["FunctionName"] == fx.fn
		}},
		{providers.DescribeRequest{Kind: providers.DescribeCluster, Name: fx.cluster}, func(d map[string]any) bool { return first(d, "clusters")["clusterName"] == fx.cluster }},
		{providers.DescribeRequest{Kind: providers.DescribeService, Name: fx.service, Cluster: fx.cluster}, func(d map[string]any) bool {
			return first(d, "services")["serviceName"] == fx.service
		}},
		{providers.DescribeRequest{Kind: providers.DescribeTask, Name: ts[0].ID, Cluster: fx.cluster}, func(d map[string]any) bool { return first(d, "tasks")["taskArn"] == ts[0].ARN }},
		{providers.DescribeRequest{Kind: providers.DescribeTaskDefinition, Name: s.TaskDefinition}, func(d map[string]any) bool {
			td, _ := d["taskDefinition"].(map[string]any)
			return td["taskDefinitionArn"] == s.TaskDefinition
		}},
	} {
		body, err := p.Describe(ctx, c.req)
		if err != nil {
			t.Errorf("Describe %+v: %v", c.req, err)
			continue
		}
		var doc map[string]any
		if err := json.Unmarshal(body, &doc); err != nil || !c.want(doc) {
			t.Errorf("Describe %+v: %v\n%.400s", c.req, err, body)
		}
	}
	for _, req := range []providers.DescribeRequest{
		{Kind: providers.DescribeFunction, Name: "virga-no-such-function"},
		{Kind: providers.DescribeCluster, Name: "virga-no-such-cluster"},
		{Kind: providers.DescribeService, Name: "virga-no-such-service", Cluster: fx.cluster},
		{Kind: providers.DescribeTask, Name: "0123456789abcdef0123456789abcdef", Cluster: fx.cluster},
	} {
		if _, err := p.Describe(ctx, req); providers.KindOf(err) != providers.ErrNotFound {
			t.Errorf("Describe %+v: %v, want ErrNotFound", req, err)
		}
	}
	if _, err := p.GetService(ctx, fx.cluster, "virga-no-such-service"); providers.KindOf(err) != providers.ErrNotFound {
		t.Errorf("GetService of a missing service: %v, want ErrNotFound", err)
	}
}

// first is the first object of the array under key, or an empty map.
func first(doc map[string]any, key string) map[string]any {
	if arr, ok := doc[key].([]any); ok && len(arr) > 0 {
		if m, ok := arr[0].(map[string]any); ok {
			return m
		}
	}
	return map[string]any{}
}
