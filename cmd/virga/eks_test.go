package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/virgahq/virga/internal/testkit"
)

func TestGetFargateProfilesDemoJSON(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runVirga(t, "get", "fargate-profiles", "--demo", "-o", "json")
	var fps []map[string]any
	if err := json.Unmarshal([]byte(out), &fps); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	creating := 0
	for _, fp := range fps {
		if fp["status"] == "CREATING" {
			creating++
		}
		if _, ok := fp["selectors"].([]any); !ok || fp["podExecutionRoleArn"] == "" {
			t.Errorf("profile %v lacks selectors or role", fp)
		}
	}
	if len(fps) < 3 || creating != 1 {
		t.Errorf("%d profiles, %d CREATING; want >= 3 with one CREATING", len(fps), creating)
	}
}

func TestGetPodsDemoJSON(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runVirga(t, "get", "pods", "--demo", "-o", "json")
	var pods []map[string]any
	if err := json.Unmarshal([]byte(out), &pods); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	if len(pods) < 20 {
		t.Fatalf("%d pods, want >= 20", len(pods))
	}
	provisioned, pending := 0, map[string]bool{}
	for _, p := range pods {
		c, ok := p["capacityProvisioned"].(string)
		if !ok {
			t.Fatalf("pod %v has no capacityProvisioned key", p["name"])
		}
		if c != "" {
			provisioned++
		}
		pl := p["placement"].(map[string]any)
		if reason, _ := pl["pending"].(string); reason != "" {
			pending[reason] = true
			if pl["why"] == "" {
				t.Errorf("pending pod %v says not why", p["name"])
			}
		}
	}
	if provisioned < 15 {
		t.Errorf("%d pods with capacity provisioned, want the running ones", provisioned)
	}
	for _, r := range []string{"no-namespace-match", "no-label-match", "profile-creating", "capacity"} {
		if !pending[r] {
			t.Errorf("no pod pending for %s", r)
		}
	}
	// One namespace of one cluster.
	out = runVirga(t, "get", "pods", "--demo", "--cluster", "prod-eks", "-n", "payments")
	if strings.Count(out, "\n") != 7 || !strings.Contains(out, "CrashLoopBackOff") || strings.Contains(out, "web-store") {
		t.Errorf("payments pods:\n%s", out)
	}
}

func TestGetEKSClustersTable(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runVirga(t, "get", "eks-clusters", "--demo")
	for _, want := range []string{"prod-eks", "staging-eks", "1.33", "public+private", "ACTIVE"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing:\n%s", want, out)
		}
	}
}

// TestPodLogsAreSanitised: admin-ui logs hostile lines now and then; the
// text output must not carry them to the terminal.
func TestPodLogsAreSanitised(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out := runCLI(t, "logs", "pod", "admin-ui", "--cluster", "prod-eks", "-n", "web-admin", "--since", "2h", "--demo")
	if !utf8.ValidString(out) {
		t.Fatal("invalid UTF-8 in the output")
	}
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) {
			t.Fatalf("control %U in the output", r)
		}
	}
	if !strings.Contains(out, "user agent:") || strings.Count(out, "\n") < 100 {
		t.Fatalf("expected two hours of admin-ui lines with a neutralised hostile one:\n%.500s", out)
	}
}

func TestPodLogsEveryContainerAndErrors(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var pods []map[string]any
	if err := json.Unmarshal([]byte(runVirga(t, "get", "pods", "--demo", "--cluster", "prod-eks", "-n", "web-store", "-o", "json")), &pods); err != nil {
		t.Fatal(err)
	}
	var name string
	for _, p := range pods {
		if n := p["name"].(string); strings.HasPrefix(n, "storefront-") {
			name = n
		}
	}
	// No container named: both containers, each line saying which.
	out := runCLI(t, "logs", "pod", name, "--cluster", "prod-eks", "-n", "web-store", "--since", "1m", "--demo", "-o", "json")
	if !strings.Contains(out, `"source":"storefront"`) || !strings.Contains(out, `"source":"envoy"`) {
		t.Errorf("json lines:\n%.400s", out)
	}
	out = runCLI(t, "logs", "pod", name, "--cluster", "prod-eks", "-n", "web-store", "--since", "1m", "--demo", "-c", "envoy")
	if strings.Contains(out, "[") || strings.Count(out, "\n") < 5 {
		t.Errorf("one container's lines, untagged:\n%.400s", out)
	}
	var stdout0, stderr0 bytes.Buffer
	cmd0 := newRootCmd(&stdout0, &stderr0)
	cmd0.SetArgs([]string{"logs", "pod", "storefront", "--cluster", "prod-eks", "-n", "web-store", "--demo"})
	if err := cmd0.Execute(); err == nil || !strings.Contains(err.Error(), "names 4 pods") {
		t.Errorf("an ambiguous name: %v", err)
	}
	var stdout, stderr bytes.Buffer
	cmd := newRootCmd(&stdout, &stderr)
	cmd.SetArgs([]string{"logs", "pod", "spark-driver", "--cluster", "prod-eks", "-n", "analytics", "--demo"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "waiting to start") {
		t.Errorf("logs of a pending pod: %v", err)
	}
}

// TestPodLogsFollow runs `logs pod --follow` until its context ends: the
// history arrives, then the command returns cleanly when stopped.
func TestPodLogsFollow(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	f := &flags{demo: true, demoSeed: 1}
	ctx, cancel := context.WithCancel(t.Context())
	be, err := openBackend(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	defer be.close()
	var out, errb testkit.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runPodLogs(ctx, be, []string{"hello-api"}, &logsFlags{cluster: "staging-eks", since: "1m", follow: true, output: "text", timeout: 20 * time.Second},
			&podLogFlags{namespace: "default"}, &out, &errb)
	}()
	for !strings.Contains(out.String(), "HTTP/1.1") {
		select {
		case err := <-done:
			t.Fatalf("follow ended early: %v\n%s", err, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("follow ended with %v", err)
	}
}

// TestEKSAgainstMoto: clusters and profiles created in moto list as
// created; pods fail per cluster, clearly, because moto's endpoints are
// not real API servers.
func TestEKSAgainstMoto(t *testing.T) {
	endpoint := startMotoServer(t)
	post := func(path, body string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, endpoint+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		// moto picks the service from the credential scope.
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/eks/aws4_request, SignedHeaders=host, Signature=0")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %s", path, resp.Status)
		}
	}
	role := `"arn:aws:iam::123456789012:role/eks"`
	post("/clusters", `{"name":"moto-eks","roleArn":`+role+`,"resourcesVpcConfig":{"subnetIds":["subnet-1"]}}`)
	for _, ns := range []string{"default", "payments", "web"} {
		post("/clusters/moto-eks/fargate-profiles", `{"fargateProfileName":"fp-`+ns+`","podExecutionRoleArn":`+role+`,"selectors":[{"namespace":"`+ns+`"}]}`)
	}
	for _, kv := range [][2]string{{"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"},
		{"AWS_EC2_METADATA_DISABLED", "true"}, {"AWS_CONFIG_FILE", "/nonexistent"}, {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
		{"XDG_CONFIG_HOME", t.TempDir()}, {"KUBECONFIG", "/nonexistent"}} {
		t.Setenv(kv[0], kv[1])
	}
	out := runVirga(t, "get", "fargate-profiles", "--endpoint-url", endpoint)
	if strings.Count(out, "moto-eks") != 3 || !strings.Contains(out, "fp-payments") {
		t.Errorf("profiles:\n%s", out)
	}
	var stdout, stderr bytes.Buffer
	cmd := newRootCmd(&stdout, &stderr)
	cmd.SetArgs([]string{"get", "pods", "--endpoint-url", endpoint})
	err := cmd.Execute()
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 || !strings.Contains(stderr.String(), "cluster moto-eks:") || !strings.Contains(stderr.String(), "unreachable") {
		t.Errorf("get pods against moto: %v\nstderr: %s", err, stderr.String())
	}
}
