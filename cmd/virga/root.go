package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/virgahq/virga/config"
	"github.com/virgahq/virga/invoke"
	"github.com/virgahq/virga/journal"
	"github.com/virgahq/virga/keymap"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/tui/theme"
)

// flags are the options shared by the TUI and every subcommand.
type flags struct {
	demo          bool
	demoFunctions int
	demoServices  int
	demoSeed      int64
	profile       string
	region        string
	endpoint      string
	readOnly      bool
	configPath    string
	theme         string
	logFile       string
	view          string
	// open replaces openBackend in tests of the mutating subcommands.
	open func(context.Context, *flags) (*backend, error)
	// remote is set when the CLI runs for a virga serve session: it reads
	// and acts through the session's shared backend (cmd/virga/serve_cli.go).
	remote *remoteCLI
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command { return newRoot(stdout, stderr, nil) }

// newRoot builds the command tree; rc is set for a virga serve session.
func newRoot(stdout, stderr io.Writer, rc *remoteCLI) *cobra.Command {
	f := &flags{remote: rc}
	root := &cobra.Command{
		Use:   "virga",
		Short: "A terminal UI for AWS Lambda and ECS on Fargate",
		Long: `virga shows every Lambda function and Fargate service and task of an account
and region, with live metrics, logs and safe actions.

Run it on a simulated account, no AWS needed:
  virga --demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.remote != nil {
				return errRemoteTUI
			}
			return runTUI(cmd.Context(), f)
		},
	}
	if rc != nil {
		root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return rc.check(cmd, f) }
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	p := root.PersistentFlags()
	p.BoolVar(&f.demo, "demo", false, "use a simulated AWS account (no AWS access needed)")
	p.IntVar(&f.demoFunctions, "demo-functions", 0, "number of simulated Lambda functions (default 48, up to 10000)")
	p.IntVar(&f.demoServices, "demo-services", 0, "number of simulated ECS services (default 14, up to 2000)")
	p.Int64Var(&f.demoSeed, "demo-seed", 1, "seed of the simulated account")
	p.StringVar(&f.profile, "profile", "", "AWS profile (default: $AWS_PROFILE or the default chain)")
	p.StringVar(&f.region, "region", "", "AWS region (default: $AWS_REGION or the profile's)")
	p.StringVar(&f.endpoint, "endpoint-url", "", "custom AWS endpoint, e.g. http://127.0.0.1:5000 (moto, LocalStack)")
	p.BoolVar(&f.readOnly, "read-only", false, "refuse every action that changes AWS")
	p.StringVar(&f.configPath, "config", config.DefaultPath(), "config file")
	p.StringVar(&f.theme, "theme", "", "colour theme: auto, dark, light or none (overrides the config file)")
	p.StringVar(&f.logFile, "log-file", "", "write a debug log to this file")
	root.Flags().StringVar(&f.view, "view", "functions", "first view: functions, clusters, services or tasks")
	root.AddCommand(newGetCmd(f, stdout))
	root.AddCommand(newLogsCmd(f, stdout))
	root.AddCommand(newInvokeCmd(f), newScaleCmd(f), newRedeployCmd(f), newRollbackCmd(f), newAliasCmd(f), newStopCmd(f))
	root.AddCommand(newServeCmd(f, stderr))
	return root
}

// renderFPS is the renderer's frame rate (see runTUI).
const renderFPS = 15

// setupLog sends slog to a file when asked; virga never logs to the
// terminal it draws on.
func setupLog(path string) (func(), error) {
	if path == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
		return func() {}, nil
	}
	fh, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(fh, &slog.HandlerOptions{Level: slog.LevelDebug})))
	return func() { _ = fh.Close() }, nil
}

func runTUI(ctx context.Context, f *flags) error {
	closeLog, err := setupLog(f.logFile)
	if err != nil {
		return err
	}
	defer closeLog()
	cfg, notice := config.Load(f.configPath)
	var notices []string
	if notice != "" {
		notices = append(notices, notice)
	}
	km := keymap.Default()
	if err := km.Apply(cfg.Keys); err != nil {
		notices = append(notices, "config keys: "+err.Error()+"; using default keys")
	}
	be, err := openBackend(ctx, f)
	if err != nil {
		return err
	}
	defer be.close()

	mode, auto := themeMode(f.theme, cfg.Theme)
	m := tui.New(tui.Options{
		Backend:          be.backend,
		Now:              be.now,
		Keys:             km,
		Theme:            mode,
		ThemeAuto:        auto,
		Refresh:          time.Duration(cfg.Refresh),
		FunctionsRefresh: time.Duration(cfg.FunctionsRefresh),
		MetricsWindow:    time.Duration(cfg.MetricsWindow),
		ReadOnly:         f.readOnly || cfg.ReadOnlyFor(be.profile, ""),
		ReadOnlyFor:      cfg.ReadOnlyFor,
		Journal:          journal.Open(journal.DefaultPath(), journal.DefaultActor()),
		Payloads:         invoke.OpenHistory(invoke.DefaultDataDir()),
		Start:            f.view,
		Notices:          notices,
		Connect:          be.connect,
		Profiles:         func() ([]string, error) { return awsprov.ListProfiles("", "") },
		Regions:          awsprov.Regions(),
		Logs: tui.LogOptions{
			Lines:      cfg.Logs.BufferLines,
			NoLiveTail: cfg.Logs.LiveTail != nil && !*cfg.Logs.LiveTail,
			SaveDir:    cfg.Logs.SaveDir,
		},
	})
	defer m.Close()
	// 15 frames a second: Bubble Tea's renderer wakes on a ticker at this
	// rate even when nothing changed, and that ticker is nearly all of an
	// idle virga's CPU (60 fps: 1.6% of a core; 15 fps: about 0.4%). A key's
	// effect still shows within 67 ms, and log lines are drawn at most 10
	// times a second anyway.
	_, err = tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(renderFPS)).Run()
	return err
}

// themeMode picks the palette: the flag, then the config file, then the
// terminal's background (auto). NO_COLOR always wins.
func themeMode(flag, file string) (theme.Mode, bool) { return themeModeIn(os.Getenv, flag, file) }

// themeModeIn is themeMode for the terminal whose variables getenv reads
// (a serve session's client, not the server).
func themeModeIn(getenv func(string) string, flag, file string) (theme.Mode, bool) {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return theme.NoColor, false
	}
	name := flag
	if name == "" {
		name = file
	}
	if m, ok := theme.ParseMode(name); ok {
		return m, false
	}
	return theme.Dark, true
}
