package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/views/logs"
	"github.com/virgahq/virga/views/sanitize"
)

func newConfigCmd(f *flags, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the config file's path, the effective configuration and every key binding",
		Long: `Print where virga reads its config file and whether it is there and sound,
the configuration in effect (the file's values, and the default of every key
it leaves out), and every key binding by the name the file's keys: section
overrides it with, with its keys and what it does.`,
		Example: `  virga config
  $EDITOR "$(virga config path)"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printConfig(stdout, f.configPath)
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print the config file's path only",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(stdout, sanitize.Line(f.configPath))
			return err
		},
	})
	return cmd
}

// configStatus says whether the file is there and sound.
func configStatus(path string) (string, []string) {
	if path == "" {
		return "no home directory: defaults apply", nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "not found: defaults apply", nil
	}
	if probs := configProblems(path); len(probs) > 0 {
		return "found, with problems", probs
	}
	return "found", nil
}

func printConfig(w io.Writer, path string) error {
	var b strings.Builder
	status, problems := configStatus(path)
	fmt.Fprintf(&b, "Config file: %s (%s)\n", sanitize.Line(path), status)
	for _, p := range problems {
		fmt.Fprintf(&b, "  problem: %s\n", sanitize.Line(p))
	}
	cfg := loadConfigAt(path)
	b.WriteString("\nEffective configuration:\n")
	writeEffective(&b, cfg)
	b.WriteString("\nKey bindings (override in the file as keys: {NAME: [KEY, ...]}):\n")
	km := keymap.Default()
	applied := km.Apply(cfg.Keys)
	if applied != nil {
		fmt.Fprintf(&b, "  the file's keys are not used: %s\n", sanitize.Line(applied.Error()))
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tKEYS\tDOES")
	for _, row := range bindingRows(km) {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", row[0], row[1], row[2])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeEffective writes the configuration in the file's own syntax, each
// value marked when it is the default.
func writeEffective(b *strings.Builder, cfg config.Config) {
	dur := func(v config.Duration, def time.Duration) (string, bool) {
		if v <= 0 {
			return durationText(def), true
		}
		return durationText(time.Duration(v)), false
	}
	line := func(indent, key, value string, isDefault bool) {
		note := ""
		if isDefault {
			note = "  # default"
		}
		fmt.Fprintf(b, "  %s%s: %s%s\n", indent, key, value, note)
	}
	v, d := dur(cfg.Refresh, config.DefaultRefresh)
	line("", "refresh", v, d)
	v, d = dur(cfg.FunctionsRefresh, config.DefaultFunctionsRefresh)
	line("", "functions_refresh", v, d)
	v, d = dur(cfg.MetricsWindow, config.DefaultMetricsWindow)
	line("", "metrics_window", v, d)
	if cfg.Theme == "" {
		line("", "theme", config.DefaultTheme, true)
	} else {
		line("", "theme", sanitize.Line(cfg.Theme), false)
	}
	line("", "read_only", strconv.FormatBool(cfg.ReadOnly), !cfg.ReadOnly)
	line("", "read_only_profiles", quotedList(cfg.ReadOnlyProfiles), len(cfg.ReadOnlyProfiles) == 0)
	line("", "read_only_accounts", quotedList(cfg.ReadOnlyAccounts), len(cfg.ReadOnlyAccounts) == 0)
	b.WriteString("  logs:\n")
	if cfg.Logs.BufferLines > 0 {
		line("  ", "buffer_lines", strconv.Itoa(cfg.Logs.BufferLines), false)
	} else {
		line("  ", "buffer_lines", strconv.Itoa(logs.DefaultLines), true)
	}
	line("  ", "live_tail", strconv.FormatBool(cfg.Logs.LiveTail == nil || *cfg.Logs.LiveTail), cfg.Logs.LiveTail == nil)
	if cfg.Logs.SaveDir == "" {
		line("  ", "save_dir", `""`, true)
	} else {
		line("  ", "save_dir", strconv.Quote(cfg.Logs.SaveDir), false)
	}
	if len(cfg.Keys) == 0 {
		line("", "keys", "{}", true)
		return
	}
	b.WriteString("  keys:\n")
	for _, n := range slices.Sorted(maps.Keys(cfg.Keys)) {
		line("  ", sanitize.Line(n), quotedList(cfg.Keys[n]), false)
	}
}

// durationText writes a duration the way the file takes it: 10s, 15m, 1h.
func durationText(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}

func quotedList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = sanitize.Line(strconv.Quote(v))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// bindingRows lists every binding as context.action, its keys and help,
// sorted by name.
func bindingRows(km keymap.KeyMap) [][3]string {
	var rows [][3]string
	for _, c := range km.Contexts() {
		for action, bind := range c.Bindings {
			rows = append(rows, [3]string{c.Name + "." + action, strings.Join(bind.Keys(), ", "), bind.Help().Desc})
		}
	}
	slices.SortFunc(rows, func(a, b [3]string) int { return strings.Compare(a[0], b[0]) })
	return rows
}
