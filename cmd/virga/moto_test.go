package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers/aws/mototest"
)

// startMotoServer runs moto_server for the test (see mototest.Start).
func startMotoServer(t *testing.T) string { return mototest.Start(t) }

// seededMoto starts moto, seeds it with the AWS CLI the way a user would
// (providers/aws/testdata/seed-moto.sh), and points the AWS environment,
// the journal and the payload history of this test at it and a temporary
// directory.
func seededMoto(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed; providers/aws's contract suite covers moto through the SDK")
	}
	endpoint := startMotoServer(t)
	seed := exec.Command("bash", filepath.Join("..", "..", "providers", "aws", "testdata", "seed-moto.sh"), endpoint)
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("seeding moto: %v\n%s", err, out)
	}
	dir := t.TempDir()
	for _, kv := range [][2]string{{"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"},
		{"AWS_EC2_METADATA_DISABLED", "true"}, {"AWS_CONFIG_FILE", "/nonexistent"}, {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
		{"XDG_CONFIG_HOME", filepath.Join(dir, "config")}, {"XDG_STATE_HOME", filepath.Join(dir, "state")}, {"XDG_DATA_HOME", filepath.Join(dir, "data")}} {
		t.Setenv(kv[0], kv[1])
	}
	return endpoint
}

// TestMotoSeededWithTheAWSCLI is the acceptance check of the real-AWS
// path: a moto seeded by the AWS CLI, the way a user would, shows up in
// `virga get ... --endpoint-url` as the CLI created it, and the action
// commands behave against it as they must against AWS.
func TestMotoSeededWithTheAWSCLI(t *testing.T) {
	endpoint := seededMoto(t)
	t.Run("get", func(t *testing.T) {
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
	})
	t.Run("scripting: one function, logs, completion, doctor", func(t *testing.T) { motoScripting(t, endpoint) })
	t.Run("invoke pipes into a JSON tool", func(t *testing.T) { motoInvokePipes(t, endpoint) })
	t.Run("numbers out of range send nothing", func(t *testing.T) { motoOutOfRange(t, endpoint) })
	t.Run("a profile with MFA asks for the code", func(t *testing.T) { motoMFAProfile(t, endpoint) })
}

// motoMFAProfile signs in with a profile that assumes a role with MFA:
// the code is asked once on the terminal, naming the profile, before
// anything else, and the session then reads the account.
func motoMFAProfile(t *testing.T, endpoint string) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	testkit.WriteFile(t, conf, "[profile base]\naws_access_key_id = test\naws_secret_access_key = test\n"+
		"[profile prod-admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n"+
		"mfa_serial = "+testSerial+"\nregion = us-east-1\n")
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", conf)
	var asked bytes.Buffer
	f := &flags{profile: "prod-admin", endpoint: endpoint, log: discardLog(),
		mfa: &mfaPrompter{in: bufio.NewReader(strings.NewReader("123456\n")), out: &asked}}
	be, err := openBackend(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	defer be.close()
	if err := signInFirst(t.Context(), be); err != nil {
		t.Fatalf("sign in: %v\n%s", err, asked.String())
	}
	if asked.String() != "MFA code for profile prod-admin ("+testSerial+"): " {
		t.Fatalf("prompt: %q", asked.String())
	}
	page, err := be.backend.ListFunctions(t.Context(), "")
	if err != nil || len(page.Functions) == 0 {
		t.Fatalf("after signing in: %v %+v", err, page)
	}
}

// motoOutOfRange: numbers that wrapped at 32 bits are refused with a
// sentence and a non-zero exit, and moto's function keeps its setting.
func motoOutOfRange(t *testing.T, endpoint string) {
	for _, args := range [][]string{
		{"scale", "function", "orders-api", "--reserved", "4294967296"},
		{"scale", "function", "orders-api", "--reserved", "2147483648"},
		{"scale", "function", "orders-api", "--memory", "4294967296"},
		{"scale", "service", "seed-web", "--cluster", "seed-cluster", "--desired", "4294967296"},
	} {
		_, errOut, err := execRoot(t, append(args, "--yes", "--endpoint-url", endpoint)...)
		if err == nil || !strings.Contains(err.Error(), "out of range") || strings.Contains(errOut, "  aws  ") {
			t.Errorf("virga %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
	}
	if out := runVirga(t, "get", "functions", "--endpoint-url", endpoint, "-o", "json"); strings.Contains(out, `"reservedConcurrency": 0`) {
		t.Errorf("a function was throttled:\n%s", out)
	}
	if out := runVirga(t, "get", "services", "--endpoint-url", endpoint, "--cluster", "seed-cluster", "-o", "json"); !strings.Contains(out, `"desiredCount": 2`) {
		t.Errorf("the service's desired count changed:\n%s", out)
	}
}

// motoInvokePipes runs `virga invoke F --yes --payload '{}' | python3 -m
// json.tool` as a user would: stdout must be the response alone.
func motoInvokePipes(t *testing.T, endpoint string) {
	out, errOut, err := execRoot(t, "invoke", "orders-api", "--yes", "--payload", "{}", "--endpoint-url", endpoint)
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, errOut)
	}
	tool := exec.Command("python3", "-m", "json.tool")
	tool.Stdin = strings.NewReader(out)
	if pretty, err := tool.CombinedOutput(); err != nil {
		t.Fatalf("virga invoke | python3 -m json.tool: %v\n%s\nstdout was %q", err, pretty, out)
	}
	if !strings.Contains(errOut, "ok: invoked · status 200 · request ") {
		t.Errorf("stderr lacks the outcome:\n%s", errOut)
	}
}
