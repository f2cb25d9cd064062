package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/virgahq/virga/providers"
)

// TestGetOneByName: get RESOURCE NAME prints one object; services and
// tasks are found in whichever cluster holds them.
func TestGetOneByName(t *testing.T) {
	f, acct := wireFlags(t)
	var fn map[string]any
	if err := json.Unmarshal([]byte(getOut(t, f, "function", "checkout-api", "-o", "json")), &fn); err != nil {
		t.Fatal(err)
	}
	if fn["name"] != "checkout-api" || fn["versions"] == nil || fn["aliases"] == nil {
		t.Errorf("function object: name %v, versions %v, aliases %v", fn["name"], fn["versions"], fn["aliases"])
	}

	// A service in one cluster only needs no --cluster.
	clusters, _ := acct.ListClusters(t.Context())
	where := map[string][]string{}
	for _, c := range clusters {
		svcs, _ := acct.ListServices(t.Context(), c.Name)
		for _, s := range svcs {
			where[s.Name] = append(where[s.Name], c.Name)
		}
	}
	unique := ""
	for name, cs := range where {
		if len(cs) == 1 && (unique == "" || name < unique) {
			unique = name
		}
	}
	var svc providers.Service
	if err := json.Unmarshal([]byte(getOut(t, f, "service", unique, "-o", "json")), &svc); err != nil || svc.Name != unique || svc.Cluster != where[unique][0] {
		t.Errorf("service %s: %+v %v", unique, svc, err)
	}

	// A task by its first 8 characters, found without --cluster.
	ts, _ := acct.ListTasks(t.Context(), "prod-workers", "")
	var task providers.Task
	if err := json.Unmarshal([]byte(getOut(t, f, "task", ts[0].ID[:8], "-o", "json")), &task); err != nil || task.ARN != ts[0].ARN {
		t.Errorf("task %s: %+v %v", ts[0].ID[:8], task, err)
	}

	// Tasks of a service without --cluster: every cluster is searched and
	// only that service's tasks come back.
	var tasks []providers.Task
	if err := json.Unmarshal([]byte(getOut(t, f, "tasks", "--service", "pdf-renderer", "-o", "json")), &tasks); err != nil || len(tasks) == 0 {
		t.Fatalf("tasks of pdf-renderer: %d, %v", len(tasks), err)
	}
	in := map[string]bool{}
	for _, tk := range tasks {
		if tk.Service != "pdf-renderer" {
			t.Errorf("task %s of %s/%s listed for pdf-renderer", tk.ID, tk.Cluster, tk.Service)
		}
		in[tk.Cluster] = true
	}
	if !in["prod-workers"] || !in["staging"] {
		t.Errorf("pdf-renderer runs in prod-workers and staging; tasks came from %v", in)
	}
}

// TestDescribePrintsTheAPIsDocument: describe prints AWS's own JSON.
func TestDescribePrintsTheAPIsDocument(t *testing.T) {
	f, acct := wireFlags(t)
	run := func(args ...string) map[string]any {
		t.Helper()
		var out bytes.Buffer
		if _, err := runCmd(t, newDescribeCmd(f, &out), args...); err != nil {
			t.Fatalf("describe %v: %v", args, err)
		}
		var doc map[string]any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("describe %v: not JSON: %v", args, err)
		}
		return doc
	}
	conf, _ := run("function", "checkout-api")["Configuration"].(map[string]any)
	if conf["FunctionName"] != "checkout-api" || conf["MemorySize"] == nil {
		t.Errorf("function document: %v", conf)
	}
	ts, _ := acct.ListTasks(t.Context(), "prod-api", "catalog-api")
	tasks, _ := run("task", ts[0].ID[:8])["tasks"].([]any)
	if len(tasks) != 1 || tasks[0].(map[string]any)["taskArn"] != ts[0].ARN {
		t.Errorf("task document: %v", tasks)
	}
	svcs, _ := run("service", "catalog-api", "--cluster", "staging")["services"].([]any)
	if len(svcs) != 1 || !strings.Contains(svcs[0].(map[string]any)["serviceArn"].(string), "/staging/catalog-api") {
		t.Errorf("service document: %v", svcs)
	}
	var out bytes.Buffer
	if _, err := runCmd(t, newDescribeCmd(f, &out), "cluster", "prod-api", "-o", "yaml"); err != nil || !strings.Contains(out.String(), "clusterName: prod-api") {
		t.Errorf("yaml: %v\n%s", err, out.String())
	}
}

// TestWatchPrintsOnChange: the same output is printed once, a change is
// printed again after a separator, and a failed read in between is said
// on stderr without ending the watch.
func TestWatchPrintsOnChange(t *testing.T) {
	reads := []struct {
		name string
		err  error
	}{{"a", nil}, {"a", nil}, {"b", nil}, {"", errors.New("throttled")}, {"b", nil}, {"c", nil}}
	i := 0
	fetch := func(context.Context) (listing, error) {
		r := reads[i]
		i++
		return listing{header: []string{"NAME"}, rows: [][]string{{r.name}}, names: []string{r.name}}, r.err
	}
	waits := 0
	wait := func(context.Context, time.Duration) bool {
		waits++
		return waits < len(reads)
	}
	var out, errOut bytes.Buffer
	if err := watch(t.Context(), fetch, outName, time.Minute, &out, &errOut, wait); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "a\n\nb\n\nc\n" {
		t.Errorf("printed %q", got)
	}
	if !strings.Contains(errOut.String(), "throttled; trying again in 1m0s") || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("stderr %q", errOut.String())
	}

	// A first read that fails ends the watch with its error.
	i = 3
	if err := watch(t.Context(), fetch, outName, time.Minute, &out, &errOut, wait); err == nil || err.Error() != "throttled" {
		t.Errorf("first read failing: %v", err)
	}
}

// TestGetMetricsColumns: --metrics adds the live columns to the table and
// a metrics object to each function in JSON.
func TestGetMetricsColumns(t *testing.T) {
	f, _ := wireFlags(t)
	table := getOut(t, f, "functions", "--metrics", "--window", "1h")
	if !strings.Contains(strings.SplitN(table, "\n", 2)[0], "INV/m  ERR%   THR  P95") {
		t.Errorf("header: %s", strings.SplitN(table, "\n", 2)[0])
	}
	var fns []functionOut
	if err := json.Unmarshal([]byte(getOut(t, f, "functions", "--metrics", "--window", "1h", "-o", "json")), &fns); err != nil {
		t.Fatal(err)
	}
	busy := 0
	for _, fn := range fns {
		if fn.Metrics == nil || fn.Metrics.Window != "1h" {
			t.Fatalf("%s: metrics %+v", fn.Name, fn.Metrics)
		}
		if fn.Metrics.Invocations != nil && *fn.Metrics.Invocations > 0 {
			busy++
			if fn.Metrics.InvocationsPerMinute == nil || math.Abs(*fn.Metrics.InvocationsPerMinute*60-*fn.Metrics.Invocations) > 1e-6 {
				t.Errorf("%s: %v per minute over an hour for %v", fn.Name, fn.Metrics.InvocationsPerMinute, *fn.Metrics.Invocations)
			}
		}
	}
	if busy < len(fns)/2 {
		t.Errorf("only %d of %d functions were invoked in the hour", busy, len(fns))
	}
}
