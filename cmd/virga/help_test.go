package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/spf13/cobra"
)

// everyCommand lists every command a user can call (hidden ones aside),
// root first, with its path as args.
func everyCommand(root *cobra.Command) [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden {
			return
		}
		out = append(out, path)
		for _, sub := range c.Commands() {
			walk(sub, append(path[:len(path):len(path)], sub.Name()))
		}
	}
	walk(root, nil)
	return out
}

// TestHelpGolden keeps the --help of every command, so a change to a
// flag, its meaning or the exit codes shows up as a diff to review
// (go test ./cmd/virga -run TestHelpGolden -update).
func TestHelpGolden(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cmds := everyCommand(newRootCmd(io.Discard, io.Discard))
	if len(cmds) < 20 {
		t.Fatalf("only %d commands", len(cmds))
	}
	for _, path := range cmds {
		name := strings.Join(path, "-")
		if name == "" {
			name = "virga"
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			root := newRootCmd(&out, &out)
			root.SetArgs(append(path[:len(path):len(path)], "--help"))
			if err := root.Execute(); err != nil {
				t.Fatal(err)
			}
			help := out.String()
			c, _, _ := root.Find(path)
			if c.Annotations[groupAnnotation] == "" && c.Name() != "help" && !strings.Contains(help, "Exit codes:\n  0  ") {
				t.Errorf("%s --help lists no exit codes", c.CommandPath())
			}
			golden.RequireEqual(t, help)
		})
	}
}
