package main

import (
	"strings"
	"testing"
)

// runRoot runs a whole command line through the root command.
func runRoot(t *testing.T, line string) (stdout string, err error) {
	t.Helper()
	stdout, _, err = execRoot(t, splitArgs(line)...)
	return stdout, err
}

// TestUsageErrorsExit2WithASentence: whatever is wrong with a command
// line, the exit code is 2 and the message is one sentence that says what
// is wrong, never cobra's "accepts 1 arg(s), received 2".
func TestUsageErrorsExit2WithASentence(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cases := []struct{ line, want string }{
		{"get", "get: missing arguments; usage: virga get RESOURCE [NAME]"},
		{"get functions a b", "get: too many arguments (3 given)"},
		{"bogus", `no command "bogus"`},
		{"gte functions", `did you mean get?`},
		{"scale bogus", `scale has no command "bogus" (deployment, function, service)`},
		{"config bogus", `config has no command "bogus"`},
		{"invoke", "invoke: missing arguments; usage: virga invoke FUNCTION"},
		{"redeploy service", "redeploy: missing arguments"},
		{"scale function x --timeout 3", "--function-timeout is a function's timeout"},
		{"alias f live --version 3", "an alias's version is --function-version"},
		{"get functions --call-timeout soon", `--call-timeout "soon": not a duration`},
		{"get functions --cluster", "--cluster needs a value"},
		{"get lambdas --demo", `unknown resource "lambdas"`},
		{"get functions --demo -o xml", `--output "xml": use text, json, yaml or name`},
		{"get functions --demo --window 1h", "--window is the window of --metrics"},
		{"get functions --demo --metrics --window 2h", "--window 2h0m0s: use 15m, 1h or 3h"},
		{"get services --demo --metrics", "--metrics reads function metrics"},
		{"get functions --demo --cluster prod-api", "--cluster applies to services"},
		{"get tasks --demo --interval 1s --watch", "--interval 1s: use 5s or more"},
		{"get functions --demo --demo-functions 20000", "--demo-functions 20000: use 40 to 10000"},
		{"get functions --demo --demo-services 0", "--demo-services 0: use 12 to 2000"},
		{"get functions --demo-seed 3", "--demo-seed sizes the simulated account: add --demo"},
		{"get functions --demo-clock 2026-03-02T14:30:00Z", "--demo-clock sizes the simulated account: add --demo"},
		{"get functions --demo --demo-clock soon", `--demo-clock "soon": want an RFC 3339 time`},
		{"--view nope", `--view "nope": use functions, clusters, services or tasks`},
		{"get functions --demo --theme neon", `--theme "neon": use auto, dark, light or none`},
		{"describe lambda-thing x --demo", `describe "lambda-thing"`},
		{"describe function x --demo --cluster c", "--cluster applies to services and tasks"},
		{"redeploy task x --cluster c", "only services can be redeployed"},
		{"stop service x --cluster c --reason r", "only tasks can be stopped"},
		{"scale service s --desired 2", "--cluster and --desired are required"},
		{"get task 12ab --demo", `task "12ab": give the task id, its ARN, or its first 8 characters`},
		{"get service catalog-api --demo", "service catalog-api is in more than one place (prod-api, staging): name the cluster with --cluster"},
		{"doctor now", "doctor: too many arguments"},
		{"version -o xml", `--output "xml": use text, json or yaml`},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			_, err := runRoot(t, c.line)
			if code := exitCode(err); code != exitUsage {
				t.Fatalf("exit %d, want 2: %v", code, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) {
				t.Errorf("message %q does not say %q", msg, c.want)
			}
			if strings.Contains(msg, "arg(s)") || strings.Contains(msg, "\n") {
				t.Errorf("not one sentence: %q", msg)
			}
		})
	}
}

// TestCallFailuresExit1: the command line was right but AWS said no.
func TestCallFailuresExit1(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, line := range []string{"get function no-such-function --demo", "get service no-such --cluster prod-api --demo", "describe task-definition no-such:1 --demo"} {
		if _, err := runRoot(t, line); exitCode(err) != exitFailed {
			t.Errorf("%s: exit %d (%v), want 1", line, exitCode(err), err)
		}
	}
	if out, err := runRoot(t, "get clusters --demo"); err != nil || !strings.Contains(out, "prod-api") {
		t.Errorf("get clusters: %v\n%s", err, out)
	}
}

// TestGroupAloneShowsHelp: a command that only groups others prints its
// help and exits 0.
func TestGroupAloneShowsHelp(t *testing.T) {
	out, err := runRoot(t, "scale")
	if err != nil || !strings.Contains(out, "Available Commands:") {
		t.Fatalf("%v\n%s", err, out)
	}
}
