package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestServeShowsReservedConcurrency: over SSH the functions list reads
// each visible row's reserved concurrency, as a local run does (RSV and
// the LIMIT flag it feeds), and a second session showing the same rows
// reads none of them again.
func TestServeShowsReservedConcurrency(t *testing.T) {
	e := startServe(t, nil)
	a := e.openTerminal(t, e.viewer, 120, 40)
	a.waitFor(t, "functions (48)")
	a.waitFor(t, "RSV")
	// image-resize runs at its reservation of 10; the selection is
	// another function, so only the RSV read can know it: "c100%".
	a.waitFor(t, "c100%")
	reads := e.acct.Calls("Lambda.GetFunctionConcurrency")
	if reads == 0 {
		t.Fatal("no reserved concurrency was read")
	}
	b := e.openTerminal(t, e.operator, 120, 40)
	b.waitFor(t, "functions (48)")
	b.waitFor(t, "c100%")
	if n := e.acct.Calls("Lambda.GetFunctionConcurrency"); n != reads {
		t.Fatalf("the second session read reserved concurrency again: %d reads, the first session %d", n, reads)
	}
}

// TestServeDescribe: `ssh host describe ...` prints the API's document of
// one resource for a viewer; a second run is answered by the shared cache.
func TestServeDescribe(t *testing.T) {
	e := startServe(t, nil)
	out, stderr, code := e.run(t, e.viewer, "describe function image-resize -o json", "")
	if code != 0 {
		t.Fatalf("describe: exit %d: %s", code, stderr)
	}
	var doc struct {
		Configuration struct{ FunctionName string }
		Concurrency   struct{ ReservedConcurrentExecutions int }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Configuration.FunctionName != "image-resize" ||
		doc.Concurrency.ReservedConcurrentExecutions != 10 {
		t.Fatalf("describe printed %q (%v)", out, err)
	}
	gets := e.acct.Calls("Lambda.GetFunction")
	if again, _, code := e.run(t, e.operator, "describe function image-resize -o json", ""); code != 0 || again != out {
		t.Fatalf("the second describe: exit %d, %q", code, again)
	}
	if n := e.acct.Calls("Lambda.GetFunction"); n != gets {
		t.Fatalf("the second describe called GetFunction again (%d, was %d)", n, gets)
	}
	if out, stderr, code := e.run(t, e.viewer, "describe service catalog-api --cluster prod-api -o yaml", ""); code != 0 || !strings.Contains(out, "serviceName: catalog-api") {
		t.Fatalf("describe service: exit %d: %s%s", code, out, stderr)
	}
	if m := e.acct.Mutations(); len(m) != 0 {
		t.Fatalf("describe changed the account: %v", m)
	}
}

// TestServeEKS: the EKS commands reach the clusters through the session's
// view: clusters, pods and a pod's logs.
func TestServeEKS(t *testing.T) {
	e := startServe(t, nil)
	out, stderr, code := e.run(t, e.viewer, "get pods --cluster prod-eks -n default -o json", "")
	if code != 0 {
		t.Fatalf("get pods: exit %d: %s", code, stderr)
	}
	var pods []struct{ Name, Deployment, Phase string }
	if err := json.Unmarshal([]byte(out), &pods); err != nil || len(pods) == 0 {
		t.Fatalf("get pods printed %q (%v)", out, err)
	}
	var pod string
	for _, p := range pods {
		if p.Deployment == "hello-api" && p.Phase == "Running" {
			pod = p.Name
		}
	}
	if pod == "" {
		t.Fatalf("no running hello-api pod in %+v", pods)
	}
	out, stderr, code = e.run(t, e.viewer, "logs pod "+pod+" --cluster prod-eks --since 5m", "")
	if code != 0 || strings.Count(out, "\n") == 0 {
		t.Fatalf("logs pod: exit %d: %q %s", code, out, stderr)
	}
}
