package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/config"
)

// Bounds of the simulated account's size. The simulation makes at least
// 40 functions and 12 services whatever it is asked for.
const (
	minDemoFunctions = 40
	maxDemoFunctions = 10_000
	minDemoServices  = 12
	maxDemoServices  = 2_000
)

// themeNames are the values --theme takes.
func themeNames() []string { return []string{"auto", "dark", "light", "none"} }

// viewNames are the values --view takes.
func viewNames() []string { return []string{"functions", "clusters", "services", "tasks"} }

// checkGlobalFlags refuses values of the shared flags that would be
// ignored or misread, before anything starts.
func checkGlobalFlags(cmd *cobra.Command, f *flags) error {
	fl := cmd.Flags()
	if f.theme != "" {
		if err := oneOf("theme", f.theme, themeNames()...); err != nil {
			return err
		}
	}
	if v := fl.Lookup("view"); v != nil && v.Changed {
		if err := oneOf("view", f.view, viewNames()...); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		name     string
		n        int
		min, max int
	}{{"demo-functions", f.demoFunctions, minDemoFunctions, maxDemoFunctions}, {"demo-services", f.demoServices, minDemoServices, maxDemoServices}} {
		if !fl.Changed(d.name) {
			continue
		}
		if d.n < d.min || d.n > d.max {
			return usagef("--%s %d: use %d to %d", d.name, d.n, d.min, d.max)
		}
	}
	if !f.demo {
		for _, name := range []string{"demo-functions", "demo-services", "demo-seed", "demo-clock"} {
			if fl.Changed(name) {
				return usagef("--%s sizes the simulated account: add --demo", name)
			}
		}
	}
	if f.demo && f.endpoint != "" {
		return usagef("--demo and --endpoint-url exclude each other: the demo serves its own endpoint")
	}
	return nil
}

// loadConfig reads the config file for the settings a read command uses;
// problems with the file are reported by the commands that act on it.
func loadConfig(f *flags) config.Config { return loadConfigAt(f.configPath) }

func loadConfigAt(path string) config.Config {
	cfg, _ := config.Load(path)
	return cfg
}

// configProblems lists what is wrong with the file at path, if anything.
func configProblems(path string) []string {
	_, problems := config.Load(path)
	return problems
}

// openFor opens the backend the flags ask for, or the one a test put in
// f.open.
func openFor(ctx context.Context, f *flags) (*backend, error) {
	if f.open != nil {
		return f.open(ctx, f)
	}
	return openBackend(ctx, f)
}
