package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// TestDoctorAllowedExits0: every probe allowed, nothing to fix.
func TestDoctorAllowedExits0(t *testing.T) {
	f, _ := wireFlags(t)
	var out bytes.Buffer
	if _, err := runCmd(t, newDoctorCmd(f, &out)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	words := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{"account 123456789012", "ok lambda:ListFunctions", "ok logs:StartLiveTail", "ok eks:ListClusters",
		"skew", "not found: defaults apply", "OSC 52 copy", "OK: virga has what it needs."} {
		if !strings.Contains(words, want) {
			t.Errorf("%q missing:\n%s", want, out.String())
		}
	}
}

// TestDoctorDeniedExits1: a denied read is a problem that names the IAM
// action; a denied Live Tail only a warning, since virga polls instead.
func TestDoctorDeniedExits1(t *testing.T) {
	f, acct := wireFlags(t)
	acct.SetFault("Logs.StartLiveTail", sim.Fault{Kind: providers.ErrAccessDenied})
	var out bytes.Buffer
	if _, err := runCmd(t, newDoctorCmd(f, &out)); err != nil {
		t.Fatalf("a denied Live Tail failed the doctor: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "warning: logs:StartLiveTail is denied: log panes poll FilterLogEvents instead") {
		t.Errorf("no Live Tail warning:\n%s", out.String())
	}

	acct.SetFault("Lambda.GetAccountSettings", sim.Fault{Kind: providers.ErrAccessDenied})
	acct.SetFault("ECS.DescribeTasks", sim.Fault{Kind: providers.ErrAccessDenied})
	out.Reset()
	_, err := runCmd(t, newDoctorCmd(f, &out), "-o", "json")
	if exitCode(err) != exitFailed {
		t.Fatalf("exit %d, want 1", exitCode(err))
	}
	var r doctorReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.OK || len(r.Problems) != 1 || r.Problems[0] != "missing IAM permissions: lambda:GetAccountSettings, ecs:DescribeTasks" {
		t.Errorf("problems %q", r.Problems)
	}
}

// TestDoctorSaysWhenItCannotStart: no credentials and no endpoint is a
// problem, not a crash.
func TestDoctorSaysWhenItCannotStart(t *testing.T) {
	f, _ := wireFlags(t)
	f.open = nil
	f.region, f.endpoint = "us-east-1", "http://127.0.0.1:1"
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_PROFILE": ""} {
		t.Setenv(k, v)
	}
	var out bytes.Buffer
	_, err := runCmd(t, newDoctorCmd(f, &out))
	if exitCode(err) != exitFailed || !strings.Contains(out.String(), "PROBLEM: who am I:") {
		t.Fatalf("exit %d:\n%s", exitCode(err), out.String())
	}
}

// TestConfigCommand prints the path, the effective values (marking the
// defaults), and every binding name with its keys.
func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	testkit.WriteFile(t, path, "refresh: 30s\nkeys:\n  list.down: [n, down]\n")
	var out bytes.Buffer
	if _, err := runCmd(t, newConfigCmd(&flags{configPath: path}, &out)); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"Config file: " + path + " (found)", "  refresh: 30s\n", "  functions_refresh: 1m  # default",
		"    buffer_lines: 50000  # default", `    list.down: ["n", "down"]`} {
		if !strings.Contains(s, want) {
			t.Errorf("%q missing:\n%s", want, s)
		}
	}
	for _, row := range bindingRows(keymap.Default()) {
		if !strings.Contains(s, "  "+row[0]+" ") {
			t.Errorf("binding %s missing", row[0])
		}
	}
	if !strings.Contains(s, "list.down                n, down") {
		t.Errorf("the override is not shown as the binding's keys:\n%s", s)
	}

	testkit.WriteFile(t, path, "refresh: often\n")
	out.Reset()
	if _, err := runCmd(t, newConfigCmd(&flags{configPath: path}, &out)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(found, with problems)") || !strings.Contains(out.String(), "problem: config "+path+" line 1") {
		t.Errorf("a broken file:\n%s", out.String())
	}
	out.Reset()
	if _, err := runCmd(t, newConfigCmd(&flags{configPath: path}, &out), "path"); err != nil || out.String() != path+"\n" {
		t.Errorf("config path: %q %v", out.String(), err)
	}
}

// TestVersion: virga version and virga --version print the same line.
func TestVersion(t *testing.T) {
	a, err := runRoot(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	b, err := runRoot(t, "--version")
	if err != nil || a != b || !strings.HasPrefix(a, "virga ") || !strings.Contains(a, runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("version %q, --version %q (%v)", a, b, err)
	}
}
