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

	"github.com/virgahq/virga/internal/buildinfo"
	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/invoke"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/keymap"
	"github.com/virgahq/virga/providers"
	awsprov "github.com/virgahq/virga/providers/aws"
	"github.com/virgahq/virga/tui"
	"github.com/virgahq/virga/views/theme"
)

// flags are the options shared by the TUI and every subcommand.
type flags struct {
	demo          bool
	demoFunctions int
	demoServices  int
	demoSeed      int64
	demoClock     string
	profile       string
	region        string
	endpoint      string
	readOnly      bool
	configPath    string
	theme         string
	logFile       string
	view          string
	// log is the debug log (--log-file), discarding when none is asked.
	log *slog.Logger
	// mfa asks for MFA codes; nil where nothing can ask (tests).
	mfa *mfaPrompter
	// open replaces openBackend in tests of the mutating subcommands.
	open func(context.Context, *flags) (*backend, error)
	// remote is set when the CLI runs for a virga serve session: it reads
	// and acts through the session's shared backend (cmd/virga/serve_cli.go).
	remote *remoteCLI
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root, _ := newRoot(stdout, stderr, nil)
	return root
}

// newRoot builds the command tree and returns with it the function that
// closes the debug log once the command has run; rc is set for a virga
// serve session.
func newRoot(stdout, stderr io.Writer, rc *remoteCLI) (*cobra.Command, func()) {
	f := &flags{log: discardLog(), remote: rc}
	closeLog := func() {}
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
		Version:       buildinfo.Read().String(),
		// Every command, the TUI and the subcommands, checks the shared
		// flags and logs to --log-file.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkGlobalFlags(cmd, f); err != nil {
				return err
			}
			l, c, err := openLog(f.logFile)
			if err != nil {
				return err
			}
			f.mfa = newMFAPrompter(cmd.InOrStdin(), cmd.ErrOrStderr())
			f.log, closeLog = l, func() { c(); f.mfa.close() }
			f.log.Debug("start", "command", cmd.CommandPath(), "version", version())
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.remote != nil {
				return errRemoteTUI
			}
			return runTUI(cmd.Context(), f)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	if rc != nil {
		// A serve session: the session decides what may run, then the
		// shared flags are checked as for a local run.
		root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
			if err := rc.check(cmd, f); err != nil {
				return err
			}
			return checkGlobalFlags(cmd, f)
		}
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	p := root.PersistentFlags()
	p.BoolVar(&f.demo, "demo", false, "use a simulated AWS account (no AWS access needed)")
	p.IntVar(&f.demoFunctions, "demo-functions", 0, "number of simulated Lambda functions (default 48, up to 10000)")
	p.IntVar(&f.demoServices, "demo-services", 0, "number of simulated ECS services (default 14, up to 2000)")
	p.Int64Var(&f.demoSeed, "demo-seed", 1, "seed of the simulated account")
	p.StringVar(&f.demoClock, "demo-clock", "", "stop the simulated account's clock at this RFC 3339 time (for screenshots)")
	_ = p.MarkHidden("demo-clock")
	p.StringVar(&f.profile, "profile", "", "AWS profile (default: $AWS_PROFILE or the default chain)")
	p.StringVar(&f.region, "region", "", "AWS region (default: $AWS_REGION or the profile's)")
	p.StringVar(&f.endpoint, "endpoint-url", "", "custom AWS endpoint, e.g. http://127.0.0.1:5000 (moto, LocalStack)")
	p.BoolVar(&f.readOnly, "read-only", false, "refuse every action that changes AWS")
	p.StringVar(&f.configPath, "config", config.DefaultPath(), "config file")
	// The help shows where the file is looked for, not this machine's path.
	p.Lookup("config").DefValue = "$XDG_CONFIG_HOME/virga/config.yaml, else ~/.config/virga/config.yaml"
	p.StringVar(&f.theme, "theme", "", "colour theme: auto, dark, light or none (overrides the config file)")
	p.StringVar(&f.logFile, "log-file", "", "write a debug log to this file")
	root.Flags().StringVar(&f.view, "view", "functions", "first view: functions, clusters, services or tasks")
	root.AddCommand(newGetCmd(f, stdout))
	root.AddCommand(newLogsCmd(f, stdout))
	root.AddCommand(newInvokeCmd(f), newScaleCmd(f), newRedeployCmd(f), newRollbackCmd(f), newAliasCmd(f), newStopCmd(f), newRestartCmd(f))
	root.AddCommand(newDescribeCmd(f, stdout), newVersionCmd(stdout), newDoctorCmd(f, stdout), newConfigCmd(f, stdout))
	root.AddCommand(newServeCmd(f, stderr))
	finishTree(root)
	addCompletions(root, f)
	return root, func() { closeLog() }
}

// renderFPS is the renderer's frame rate (see runTUI).
const renderFPS = 15

// openLog opens the debug log: a file when asked (created 0600, appended
// to), else nothing. virga never logs to the terminal it draws on.
func openLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return discardLog(), func() {}, nil
	}
	fh, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--log-file: %w", err)
	}
	return slog.New(slog.NewTextHandler(fh, &slog.HandlerOptions{Level: slog.LevelDebug})), func() { _ = fh.Close() }, nil
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func runTUI(ctx context.Context, f *flags) error {
	cfg, notices := config.Load(f.configPath)
	for _, n := range notices {
		f.log.Warn("config", "problem", n)
	}
	notices = summarize(notices, cfg.Locked)
	km := keymap.Default()
	if err := km.Apply(cfg.Keys); err != nil {
		notices = append(notices, "config keys: "+err.Error()+"; using default keys")
	}
	be, err := openBackend(ctx, f)
	if err != nil {
		return err
	}
	defer be.close()
	// A profile that assumes a role with MFA asks for the code now, on the
	// terminal, before the TUI takes it over; later questions (:profile,
	// a renewed role session) go through the TUI.
	if err := signInFirst(ctx, be); err != nil {
		return err
	}
	mfaAsks, tuiDone := make(chan tui.MFARequest), make(chan struct{})
	defer close(tuiDone)
	if f.mfa != nil {
		f.mfa.handOver(mfaAsks, tuiDone)
	}

	mode, auto := themeMode(f.theme, cfg.Theme)
	m := tui.New(tui.Options{
		Backend: be.backend,
		Now:     be.now,
		// The clock's zone: time.Now's is the machine's, a test's is its own.
		Location:         be.now().Location(),
		Keys:             km,
		Theme:            mode,
		ThemeAuto:        auto,
		Refresh:          time.Duration(cfg.Refresh),
		FunctionsRefresh: time.Duration(cfg.FunctionsRefresh),
		MetricsWindow:    time.Duration(cfg.MetricsWindow),
		ReadOnly:         f.readOnly || cfg.ReadOnlyFor(be.profile, ""),
		ReadOnlyReason:   cfg.Locked,
		ReadOnlyFor:      cfg.ReadOnlyFor,
		Journal:          journal.Open(journal.DefaultPath(), journal.DefaultActor()),
		Payloads:         invoke.OpenHistory(invoke.DefaultDataDir()),
		Version:          buildinfo.Read().Short(),
		Start:            f.view,
		Log:              f.log,
		MFA:              mfaAsks,
		Notices:          notices,
		Connect:          be.connect,
		Profiles:         func() ([]string, error) { return awsprov.ListProfiles("", "") },
		Regions:          awsprov.Regions(),
		// ECS Exec's shell takes this terminal while the TUI is suspended.
		Exec:        tea.ExecProcess,
		EndpointURL: f.endpoint,
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
	// times a second anyway. The first frame does not wait for a tick.
	drew := drawFirstFrame(os.Stdout, m)
	_, err = tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(renderFPS)).Run()
	if err != nil && drew {
		leaveFirstFrame(os.Stdout)
	}
	return err
}

// signInFirst resolves the credentials of a profile that needs an MFA
// code while the terminal is still a terminal, so the prompt names the
// profile and nothing draws over it.
func signInFirst(ctx context.Context, be *backend) error {
	m, ok := be.backend.(interface{ NeedsMFA() bool })
	if !ok || !m.NeedsMFA() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if _, err := be.backend.Identity(ctx); err != nil {
		return fmt.Errorf("sign in: %s", providers.Short(err))
	}
	return nil
}

// summarize keeps the config's problems to one status line for the TUI,
// which shows one notice at a time: the lock first, else the first
// problem, with how many more there are (--log-file lists them all).
func summarize(notices []string, locked string) []string {
	if len(notices) == 0 {
		return nil
	}
	first := notices[0]
	if locked != "" {
		first = locked
	}
	if n := len(notices) - 1; n > 0 {
		first += fmt.Sprintf(" (and %d more problems in the file)", n)
	}
	return []string{first}
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
