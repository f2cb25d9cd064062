package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/testkit"
	"github.com/virgahq/virga/providers"
	"github.com/virgahq/virga/providers/sim"
)

// mutations is sim.Account.TotalMutations under the name the EKS tests
// call; it goes once those files are renamed over (the EKS work owns them).
func mutations(a *sim.Account) int { return a.TotalMutations() }

var t0 = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

// cli runs virga subcommands against one simulated account, with the
// journal and payload history in a temporary directory.
type cli struct {
	t     *testing.T
	be    *sim.Account
	dir   string
	cfg   string
	clock *testkit.Clock
	ro    bool
	tick  func(time.Duration) <-chan time.Time
	// front, when set, is what the commands talk to instead of be (a
	// wrapper that alters answers).
	front providers.Backend
}

func newCLI(t *testing.T) *cli {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	c := &cli{t: t, dir: dir, cfg: filepath.Join(dir, "config.yaml"), clock: testkit.NewClock(t0)}
	c.be = sim.New(sim.Config{Seed: 1, Now: c.clock.Now})
	return c
}

// run executes one subcommand line ("scale function x --reserved 0").
func (c *cli) run(line string, stdin string) (stdout, stderr string, err error) {
	c.t.Helper()
	f := &flags{demo: true, configPath: c.cfg, readOnly: c.ro}
	f.open = func(context.Context, *flags) (*backend, error) {
		var be providers.Backend = c.be
		if c.front != nil {
			be = c.front
		}
		return &backend{backend: be, now: c.clock.Now, profile: "demo", close: func() {}}, nil
	}
	args := splitArgs(line)
	var cmd *cobra.Command
	for _, k := range []*cobra.Command{newInvokeCmd(f), newScaleCmd(f), newRedeployCmd(f), newRollbackCmd(f), newAliasCmd(f), newStopCmd(f), newRestartCmd(f)} {
		if strings.HasPrefix(k.Use, args[0]+" ") {
			cmd = k
		}
	}
	if cmd == nil {
		c.t.Fatalf("no command %q", args[0])
	}
	var out, errb bytes.Buffer
	cmd.SetArgs(args[1:])
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err = cmd.ExecuteContext(c.t.Context())
	return out.String(), errb.String(), err
}

// splitArgs splits on spaces, keeping 'quoted words' together.
func splitArgs(s string) []string {
	var out []string
	for i, part := range strings.Split(s, "'") {
		if i%2 == 1 {
			out = append(out, part)
			continue
		}
		out = append(out, strings.Fields(part)...)
	}
	return out
}

func (c *cli) journal() []journal.Entry {
	c.t.Helper()
	es, _, err := journal.Open(journal.DefaultPath(), "").Read(0)
	if err != nil {
		c.t.Fatal(err)
	}
	return es
}

// everyMutation is one line per CLI form of the issue, each valid on the
// demo account.
func everyMutation(c *cli) []string {
	task := ""
	tasks, _ := c.be.ListTasks(c.t.Context(), "prod-api", "catalog-api")
	for _, t := range tasks {
		if t.LastStatus == "RUNNING" {
			task = t.ID
		}
	}
	return []string{
		`invoke checkout-api --payload {"a":1} --qualifier live --type RequestResponse --yes`,
		`invoke email-dispatch --type Event --yes`,
		`invoke checkout-api --type DryRun --yes`,
		`scale function image-resize --reserved 0 --yes`,
		`scale function checkout-api --reserved 40 --yes`,
		`scale function checkout-api --unreserved --yes`,
		`scale function checkout-api --provisioned 5 --qualifier live --yes`,
		`scale function orders-consumer --memory 1024 --yes --wait=false`,
		`scale function report-generator --function-timeout 90 --yes --wait=false`,
		`scale service catalog-api --cluster prod-api --desired 6 --yes`,
		`redeploy service catalog-api --cluster prod-api --yes`,
		`rollback service catalog-api --cluster prod-api --yes`,
		`alias checkout-api live --function-version 4 --weight 5=25 --yes`,
		`stop task ` + task + ` --cluster prod-api --reason 'rotating a leaked key AKIAIOSFODNN7EXAMPLE' --yes`,
	}
}

func TestCLIEveryMutationJournaledOnce(t *testing.T) {
	c := newCLI(t)
	lines := everyMutation(c)
	for _, l := range lines {
		out, errOut, err := c.run(l, "")
		if code := exitCode(err); code != 0 && code != exitUnsuccessful {
			t.Fatalf("%s: exit %d: %v\n%s", l, code, err, errOut)
		}
		if !strings.Contains(out, " request ") && !strings.HasPrefix(l, "invoke ") || !strings.Contains(errOut+out, " request ") || !strings.Contains(errOut, " -> ") && !strings.Contains(errOut, "invocation:") || !strings.Contains(errOut, "  aws       aws ") {
			t.Errorf("%s: output lacks the change, the aws command or the request id:\n%s\n%s", l, out, errOut)
		}
	}
	if got := c.be.TotalMutations(); got != len(lines) {
		t.Errorf("%d mutating calls for %d commands: %v", got, len(lines), c.be.Mutations())
	}
	es := c.journal()
	if len(es) != len(lines) {
		t.Fatalf("%d journal lines for %d runs", len(es), len(lines))
	}
	data, _ := os.ReadFile(journal.DefaultPath())
	if bytes.Contains(data, []byte("AKIAIOSFODNN7EXAMPLE")) {
		t.Error("the journal holds an access key from a stop reason")
	}
	for _, e := range es {
		if e.Source != "cli" || e.Result != journal.ResultOK || e.RequestID == "" {
			t.Errorf("entry %+v", e)
		}
	}
	d, _ := c.be.GetFunction(t.Context(), "image-resize")
	if d.Function.Reserved == nil || *d.Function.Reserved != 0 {
		t.Error("the kill switch did not apply")
	}
	if es[3].Action != "lambda.kill-switch" || es[3].Revert != "virga scale function image-resize --reserved 10 --demo" {
		t.Errorf("kill switch entry: %+v", es[3])
	}
}

func TestCLIReadOnlyRefusesEveryMutation(t *testing.T) {
	for _, how := range []string{"flag", "config account", "config profile"} {
		t.Run(how, func(t *testing.T) {
			c := newCLI(t)
			switch how {
			case "flag":
				c.ro = true
			case "config account":
				testkit.WriteFile(t, c.cfg, "read_only_accounts: [\"123456789012\"]\n")
			default:
				testkit.WriteFile(t, c.cfg, "read_only_profiles: [\"dem*\"]\n")
			}
			lines := everyMutation(c)
			for _, l := range lines {
				_, errOut, err := c.run(l, "")
				if exitCode(err) != exitReadOnly || !strings.Contains(errOut, "refused: read-only mode") {
					t.Fatalf("%s: exit %d, stderr:\n%s", l, exitCode(err), errOut)
				}
			}
			if n := c.be.TotalMutations(); n != 0 {
				t.Fatalf("%d mutating calls in read-only mode: %v", n, c.be.Mutations())
			}
			es := c.journal()
			if len(es) != len(lines) {
				t.Fatalf("%d journal lines for %d refused runs", len(es), len(lines))
			}
			for _, e := range es {
				if e.Result != journal.ResultRefused || e.Revert != "" {
					t.Errorf("refusal entry %+v", e)
				}
			}
		})
	}
}

// TestCLIBrokenConfigFailsClosed: a config file with a typo keeps its
// read-only rules (the account stays protected), and one that cannot be
// parsed refuses every change with a message naming the file and line,
// until it is fixed. Nothing reaches the account either way.
func TestCLIBrokenConfigFailsClosed(t *testing.T) {
	for _, tc := range []struct {
		name, doc, says string
	}{
		{"typo keeps the rules", "refesh: 5s\nread_only_accounts: [\"123456789012\"]\n", "read_only defaults"},
		{"unparsable file", "read_only_accounts: [\"123456789012\"]\nkeys:\n  list.down: [j\n", "line 3"},
		{"alias bomb", "keys:\n  a: &a [x, x]\n  b: [*a, *a]\n", "line 2"},
		{"bad rule", "read_only_profiles: [*prod*]\n", "quote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			testkit.WriteFile(t, c.cfg, tc.doc)
			_, errOut, err := c.run("scale function checkout-api --reserved 40 --yes", "")
			if exitCode(err) != exitReadOnly || !strings.Contains(errOut, "refused: read-only mode") || !strings.Contains(errOut, tc.says) {
				t.Fatalf("exit %d, stderr:\n%s", exitCode(err), errOut)
			}
			if tc.name != "typo keeps the rules" && !strings.Contains(errOut, c.cfg) {
				t.Fatalf("the refusal does not name the file:\n%s", errOut)
			}
			if n := c.be.TotalMutations(); n != 0 {
				t.Fatalf("%d mutating calls: %v", n, c.be.Mutations())
			}
		})
	}
	// Fixed, the same change goes through.
	c := newCLI(t)
	testkit.WriteFile(t, c.cfg, "refresh: 5s\n")
	if _, errOut, err := c.run("scale function checkout-api --reserved 40 --yes", ""); err != nil {
		t.Fatalf("a good config refused a change: %v\n%s", err, errOut)
	}
}

func TestCLINeedsYesOrTypedConfirmation(t *testing.T) {
	c := newCLI(t)
	_, errOut, err := c.run("scale function image-resize --reserved 0", "image-resize\n")
	if exitCode(err) != exitNotConfirm || !strings.Contains(errOut, "pass --yes") || c.be.TotalMutations() != 0 {
		t.Fatalf("without --yes on a pipe: exit %d\n%s", exitCode(err), errOut)
	}
	if es := c.journal(); len(es) != 1 || es[0].Result != journal.ResultCancelled {
		t.Fatalf("journal: %+v", es)
	}

	// On a terminal: the name for destructive changes, yes for others.
	s := &session{be: &backend{backend: c.be, now: c.clock.Now, close: func() {}}, id: providers.Identity{Account: "123456789012", Region: "us-east-1"},
		journal: journal.Memory("t"), out: &bytes.Buffer{}, errOut: &bytes.Buffer{}, interactive: true, now: c.clock.Now, tick: time.After}
	d, _ := c.be.GetFunction(t.Context(), "image-resize")
	kill := action.Kill("image-resize", d.Function.Reserved)
	for _, answer := range []string{"yes\n", "image-resiz\n", "\n", ""} {
		s.in = strings.NewReader(answer)
		if _, err := s.mutate(t.Context(), kill, mutateFlags{timeout: time.Second}); exitCode(err) != exitNotConfirm {
			t.Fatalf("answer %q confirmed a kill switch: %v", answer, err)
		}
	}
	s.in = strings.NewReader("image-resize\n")
	if _, err := s.mutate(t.Context(), kill, mutateFlags{timeout: time.Second}); err != nil {
		t.Fatalf("typed name: %v", err)
	}
	if c.be.TotalMutations() != 1 {
		t.Fatalf("%d calls", c.be.TotalMutations())
	}
}

func TestCLIInvokeChecksPayloadBeforeSending(t *testing.T) {
	c := newCLI(t)
	_, _, err := c.run(`invoke checkout-api --payload {"a": --yes`, "")
	if err == nil || !strings.Contains(err.Error(), "line 1, column 6") {
		t.Fatalf("invalid JSON: %v", err)
	}
	big := filepath.Join(c.dir, "big.json")
	testkit.WriteFile(t, big, `"`+strings.Repeat("x", 300<<10)+`"`)
	_, _, err = c.run(`invoke email-dispatch --type Event --payload @`+big+` --yes`, "")
	if err == nil || !strings.Contains(err.Error(), "at most 256 KB") {
		t.Fatalf("async over 256 KB: %v", err)
	}
	if c.be.TotalMutations() != 0 {
		t.Fatal("a rejected payload was sent")
	}
	out, errOut, err := c.run(`invoke checkout-api --payload @- --yes`, `{"orderId":"1"}`)
	if err != nil && exitCode(err) != exitUnsuccessful {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "REPORT RequestId") || !strings.Contains(errOut, "--- duration") || !strings.Contains(out, "{") {
		t.Fatalf("invoke output:\n%s\n%s", out, errOut)
	}
}

func TestCLIWaitsForConfigurationUpdate(t *testing.T) {
	c := newCLI(t)
	var errOut bytes.Buffer
	s := &session{be: &backend{backend: c.be, now: c.clock.Now, close: func() {}}, id: providers.Identity{Account: "123456789012", Region: "us-east-1", Demo: true},
		journal: journal.Memory("t"), out: &bytes.Buffer{}, errOut: &errOut, now: c.clock.Now,
		// Each progress tick moves the simulated clock on.
		tick: func(d time.Duration) <-chan time.Time {
			c.clock.Advance(d)
			ch := make(chan time.Time, 1)
			ch <- c.clock.Now()
			return ch
		}}
	d, _ := c.be.GetFunction(t.Context(), "orders-consumer")
	mem := 2048
	_, err := s.mutate(t.Context(), action.Configure(d.Function, &mem, nil), mutateFlags{yes: true, wait: true, waitTimeout: time.Minute, timeout: time.Second})
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "update InProgress") || !strings.Contains(errOut.String(), "update successful") {
		t.Fatalf("progress:\n%s", errOut.String())
	}
	// A rollout that the circuit breaker rolls back exits non-zero.
	errOut.Reset()
	svcs, _ := c.be.ListServices(t.Context(), "prod-workers")
	for _, sv := range svcs {
		if sv.Name != "pdf-renderer" {
			continue
		}
		revs, _ := c.be.ListTaskDefinitions(t.Context(), sv.TaskDefFamily)
		_, err := s.mutate(t.Context(), action.Rollback(sv, revs[0]), mutateFlags{yes: true, wait: true, waitTimeout: 30 * time.Minute, timeout: time.Second})
		if exitCode(err) != exitUnsuccessful || !strings.Contains(errOut.String(), "circuit breaker") {
			t.Fatalf("bad revision: exit %d\n%s", exitCode(err), errOut.String())
		}
	}
}
