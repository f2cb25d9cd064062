package main

import (
	"strings"
	"testing"

	"github.com/virgahq/virga/internal/testkit"
)

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
