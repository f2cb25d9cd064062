package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// complete runs `virga __complete ARGS... TOCOMPLETE` and returns the
// offered values (without the directive line).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := runRoot(t, strings.Join(append([]string{"__complete"}, args...), " "))
	if err != nil {
		t.Fatalf("__complete %v: %v", args, err)
	}
	var vals []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, ":") {
			vals = append(vals, l)
		}
	}
	return vals
}

func completionEnv(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
		"AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_ENDPOINT_URL": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"} {
		t.Setenv(k, v)
	}
	return filepath.Join(dir, "cache", "virga", "completion")
}

// TestCompletionOffersNamesAndValues: names come from the account, flag
// values from what the flag takes; what was read is cached, privately.
func TestCompletionOffersNamesAndValues(t *testing.T) {
	cache := completionEnv(t)
	fns := complete(t, "logs", "function", "--demo", "''")
	if !slices.Contains(fns, "checkout-api") || len(fns) < 40 {
		t.Fatalf("functions: %v", fns)
	}
	if got := complete(t, "logs", "function", "checkout-api", "--demo", "'pay'"); !slices.Equal(got, []string{"payments-webhook"}) {
		t.Errorf("second function starting with pay: %v", got)
	}
	entries, err := os.ReadDir(cache)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no cache: %v", err)
	}
	if info, _ := entries[0].Info(); info.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %v", info.Mode().Perm())
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"get", "''"}, []string{"functions", "clusters", "services", "tasks", "eks-clusters", "fargate-profiles", "pods"}},
		{[]string{"logs", "''"}, []string{"function", "service", "task", "pod"}},
		{[]string{"get", "functions", "-o", "''"}, []string{"text", "json", "yaml", "name"}},
		{[]string{"logs", "function", "-o", "''"}, []string{"text", "json"}},
		{[]string{"--theme", "''"}, []string{"auto", "dark", "light", "none"}},
		{[]string{"redeploy", "''"}, []string{"service"}},
	}
	for _, c := range cases {
		if got := complete(t, c.args...); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.args, got, c.want)
		}
	}
	if got := complete(t, "--region", "'eu-w'"); !slices.Contains(got, "eu-west-1") || slices.Contains(got, "us-east-1") {
		t.Errorf("regions: %v", got)
	}
	if got := complete(t, "get", "services", "--demo", "--cluster", "''"); !slices.Contains(got, "prod-api") {
		t.Errorf("clusters: %v", got)
	}
	if got := complete(t, "scale", "service", "--demo", "--cluster", "prod-api", "''"); !slices.Contains(got, "catalog-api") {
		t.Errorf("services: %v", got)
	}
	if got := complete(t, "get", "pods", "--demo", "--cluster", "''"); len(got) == 0 || slices.Contains(got, "prod-api") {
		t.Errorf("EKS clusters for get pods --cluster: %v", got)
	}
	// Cluster and task names are the ones virga get lists.
	for _, kind := range []string{"clusters", "tasks"} {
		got := complete(t, "get", kind, "--demo", "''")
		listed := strings.Fields(runVirga(t, "get", kind, "--demo", "-o", "name"))
		if len(got) == 0 || !slices.Equal(got, slices.Compact(slices.Sorted(slices.Values(listed)))) {
			t.Errorf("%s: completion offers %v, get lists %v", kind, got, listed)
		}
	}
}

// TestCompletionNeverHangs: an endpoint that accepts and never answers
// gives no names, after the completion's own deadline; the last names
// read are offered instead while they are recent, and fresh ones without
// asking at all.
func TestCompletionNeverHangs(t *testing.T) {
	cache := completionEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			defer c.Close() // held open, never answered
		}
	}()
	url := "http://" + ln.Addr().String()
	line := []string{"get", "function", "--endpoint-url", url, "''"}
	if got := complete(t, line...); len(got) != 0 {
		t.Fatalf("names from a silent endpoint: %v", got)
	}
	if accepted.Load() == 0 {
		t.Fatal("the endpoint was not asked")
	}

	key := completionKey(&flags{endpoint: url, demoSeed: 1}, kindFunctions, "")
	write := func(at time.Time) {
		data, _ := json.Marshal(completionCache{At: at, Names: []string{"cached-fn"}})
		if err := os.MkdirAll(cache, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cache, key+".json"), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(time.Now().Add(-10 * time.Minute))
	if got := complete(t, line...); !slices.Equal(got, []string{"cached-fn"}) {
		t.Errorf("stale names while the endpoint is silent: %v", got)
	}
	write(time.Now())
	before := accepted.Load()
	if got := complete(t, line...); !slices.Equal(got, []string{"cached-fn"}) {
		t.Errorf("fresh cache: %v", got)
	}
	if accepted.Load() != before {
		t.Error("a fresh cache still asked the endpoint")
	}
}
