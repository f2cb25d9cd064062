package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/journal"
)

// eksMutations are the EKS forms of the CLI, each valid on the demo account.
func eksMutations(c *cli) []string {
	pods, err := c.be.ListPods(c.t.Context(), "prod-eks", "payments")
	if err != nil {
		c.t.Fatal(err)
	}
	pod := ""
	for _, p := range pods {
		if p.Deployment == "ledger-worker" {
			pod = p.Name
		}
	}
	return []string{
		`restart pod ` + pod + ` --cluster prod-eks --namespace payments --yes`,
		`scale deployment payments-api --cluster prod-eks --namespace payments --replicas +2 --yes`,
		`restart deployment hello-api --cluster prod-eks -n default --yes`,
	}
}

func TestCLIEKSActionsJournaled(t *testing.T) {
	c := newCLI(t)
	lines := eksMutations(c)
	for _, l := range lines {
		out, errOut, err := c.run(l, "")
		if err != nil {
			t.Fatalf("%s: exit %d: %v\n%s", l, exitCode(err), err, errOut)
		}
		if !strings.HasPrefix(out, "ok eks.") || !strings.Contains(errOut, "  kubectl   kubectl ") || !strings.Contains(errOut, " -> ") {
			t.Errorf("%s: output lacks the outcome, the change or the kubectl command:\n%s\n%s", l, out, errOut)
		}
	}
	if got := mutations(c.be); got != len(lines) {
		t.Errorf("%d mutating calls for %d commands: %v", got, len(lines), c.be.Mutations())
	}
	d, _ := readDeployment(t, c, "payments", "payments-api")
	if d != 5 {
		t.Errorf("payments-api replicas after +2: %d", d)
	}
	es := c.journal()
	if len(es) != len(lines) {
		t.Fatalf("%d journal lines for %d runs", len(es), len(lines))
	}
	want := []string{"eks.delete-pod", "eks.scale-deployment", "eks.rollout-restart"}
	for i, e := range es {
		if e.Source != "cli" || e.Result != journal.ResultOK || e.Action != want[i] || !strings.HasPrefix(e.Command, "kubectl ") {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	if es[1].Revert != "virga scale deployment payments-api --cluster prod-eks --namespace payments --replicas 3 --demo" {
		t.Errorf("scale revert: %q", es[1].Revert)
	}
}

func readDeployment(t *testing.T, c *cli, ns, name string) (int, bool) {
	deps, err := c.be.ListDeployments(t.Context(), "prod-eks", ns)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deps {
		if d.Name == name {
			return d.Replicas, true
		}
	}
	return 0, false
}

func TestCLIEKSActionsRefusedReadOnly(t *testing.T) {
	c := newCLI(t)
	c.ro = true
	lines := eksMutations(c)
	for _, l := range lines {
		_, errOut, err := c.run(l, "")
		if exitCode(err) != exitReadOnly || !strings.Contains(errOut, "refused: read-only mode") {
			t.Fatalf("%s: exit %d, stderr:\n%s", l, exitCode(err), errOut)
		}
	}
	if n := mutations(c.be); n != 0 {
		t.Fatalf("%d mutating calls in read-only mode: %v", n, c.be.Mutations())
	}
	es := c.journal()
	if len(es) != len(lines) {
		t.Fatalf("%d journal lines for %d refused runs", len(es), len(lines))
	}
	for _, e := range es {
		if e.Result != journal.ResultRefused || !strings.HasPrefix(e.Action, "eks.") {
			t.Errorf("refusal entry %+v", e)
		}
	}
}

func TestCLIEKSActionUsage(t *testing.T) {
	c := newCLI(t)
	for _, l := range []string{
		`scale deployment payments-api --namespace payments --replicas 2 --yes`,
		`scale deployment payments-api --cluster prod-eks --namespace payments --yes`,
		`scale deployment payments-api --cluster prod-eks --namespace payments --replicas 4294967296 --yes`,
		`scale deployment payments-api --cluster prod-eks --namespace payments --replicas -9 --yes`,
		`restart pod x --yes`,
	} {
		if _, errOut, err := c.run(l, ""); exitCode(err) != exitUsage {
			t.Errorf("%s: exit %d, want %d\n%s", l, exitCode(err), exitUsage, errOut)
		}
	}
	if _, _, err := c.run(`restart deployment nope --cluster prod-eks --namespace payments --yes`, ""); exitCode(err) != exitFailed {
		t.Errorf("a missing deployment: exit %d", exitCode(err))
	}
	if n := mutations(c.be); n != 0 {
		t.Fatalf("%d mutating calls for refused input: %v", n, c.be.Mutations())
	}
}

// TestEKSActionsOverTheWire runs the EKS actions on --demo, where
// client-go sends the DELETE and PATCH requests to the simulated
// Kubernetes API over HTTPS, and journals each.
func TestEKSActionsOverTheWire(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	for _, l := range []string{
		`scale deployment payments-api --cluster prod-eks --namespace payments --replicas 4 --yes --demo`,
		`restart deployment hello-api --cluster prod-eks -n default --yes --demo`,
		`restart pod nope --cluster prod-eks -n default --yes --demo`,
	} {
		out, err := runRoot(t, l)
		if strings.Contains(l, "nope") {
			if exitCode(err) != exitFailed {
				t.Errorf("%s: exit %d", l, exitCode(err))
			}
			continue
		}
		if err != nil || !strings.HasPrefix(out, "ok eks.") {
			t.Errorf("%s: %v\n%s", l, err, out)
		}
	}
	es, _, err := journal.Open(journal.DefaultPath(), "").Read(0)
	if err != nil || len(es) != 2 || es[0].After != "4" || es[1].Action != "eks.rollout-restart" {
		t.Errorf("journal: %v %+v", err, es)
	}
}
