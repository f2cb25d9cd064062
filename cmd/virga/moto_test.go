package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/virgahq/virga/providers/aws/mototest"
)

// startMotoServer runs moto_server for the test (see mototest.Start).
func startMotoServer(t *testing.T) string { return mototest.Start(t) }

// TestMotoSeededWithTheAWSCLI is the acceptance check of the real-AWS
// path: a moto seeded by the AWS CLI, the way a user would, shows up in
// `virga get ... --endpoint-url` as the CLI created it.
func TestMotoSeededWithTheAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed; providers/aws's contract suite covers moto through the SDK")
	}
	endpoint := startMotoServer(t)
	seed := exec.Command("bash", filepath.Join("..", "..", "providers", "aws", "testdata", "seed-moto.sh"), endpoint)
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("seeding moto: %v\n%s", err, out)
	}
	for _, kv := range [][2]string{{"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"},
		{"AWS_EC2_METADATA_DISABLED", "true"}, {"AWS_CONFIG_FILE", "/nonexistent"}, {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
		{"XDG_CONFIG_HOME", t.TempDir()}} {
		t.Setenv(kv[0], kv[1])
	}
	want := map[string][]string{
		"functions": {"orders-api", "billing-worker", "nodejs20.x", "512"},
		"clusters":  {"seed-cluster", "ACTIVE"},
		"services":  {"seed-cluster", "seed-web", "seed-web:1", "FARGATE"},
		"tasks":     {"seed-cluster", "seed-web"},
	}
	for what, parts := range want {
		out := runVirga(t, "get", what, "--endpoint-url", endpoint)
		for _, p := range parts {
			if !strings.Contains(out, p) {
				t.Errorf("virga get %s --endpoint-url: %q missing:\n%s", what, p, out)
			}
		}
	}
	if out := runVirga(t, "get", "tasks", "--endpoint-url", endpoint); strings.Count(out, "seed-web") < 2 {
		t.Errorf("want the two tasks run for seed-web:\n%s", out)
	}
}
