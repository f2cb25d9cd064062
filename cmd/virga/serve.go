package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/config"
	"github.com/virgahq/virga/internal/journal"
	"github.com/virgahq/virga/internal/serve"
	"github.com/virgahq/virga/internal/xdg"
	"github.com/virgahq/virga/providers/shared"
	"github.com/virgahq/virga/tui"
)

// serveFlags are virga serve's own flags; the account comes from the
// root's (--profile, --region, --endpoint-url, --demo, --read-only).
type serveFlags struct {
	listen         string
	hostKey        string
	authorizedKeys string
	journal        string
	maxSessions    int
	idle           time.Duration
	actions        int
	grace          time.Duration
	profiles       []string
	regions        []string
}

func newServeCmd(f *flags, stderr io.Writer) *cobra.Command {
	sf := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the TUI and the CLI over SSH to a team, one shared view of the account",
		Long: `virga serve is an SSH server: "ssh -t -p 2222 HOST" opens the TUI and
"ssh -p 2222 HOST get functions -o json" runs a command, as the server's own AWS
identity. Only the public keys in --authorized-keys get in, each a viewer
(read-only, the default) or an operator ("role=operator" before the key).
Every session reads the account through one shared cache, and every action
is journaled with the SSH user and key fingerprint.`,
		Example: `  virga serve --demo --listen 127.0.0.1:2222 --authorized-keys ~/.config/virga/authorized_keys
  virga serve --profile oncall --allow-regions eu-west-1 --listen :2222`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd.Context(), f, sf, stderr) },
	}
	fl := cmd.Flags()
	fl.StringVar(&sf.listen, "listen", ":2222", "address to listen on")
	fl.StringVar(&sf.hostKey, "host-key", defaultStateFile("ssh_host_ed25519_key"), "host private key (an ed25519 key is generated when missing)")
	fl.StringVar(&sf.authorizedKeys, "authorized-keys", defaultConfigFile("authorized_keys"), "authorized keys (OpenSSH format; role=viewer|operator)")
	fl.StringVar(&sf.journal, "journal", journal.DefaultPath(), "audit journal every session writes")
	// The help says where the files are looked for, not this machine's paths.
	fl.Lookup("host-key").DefValue = "$XDG_STATE_HOME/virga/ssh_host_ed25519_key"
	fl.Lookup("authorized-keys").DefValue = "$XDG_CONFIG_HOME/virga/authorized_keys"
	fl.Lookup("journal").DefValue = "$XDG_STATE_HOME/virga/journal.jsonl"
	fl.IntVar(&sf.maxSessions, "max-sessions", 32, "sessions open at once")
	fl.DurationVar(&sf.idle, "idle-timeout", 30*time.Minute, "end a session without input for this long")
	fl.IntVar(&sf.actions, "actions-per-minute", 10, "actions each key may make a minute (-1: no limit)")
	fl.DurationVar(&sf.grace, "grace", 10*time.Second, "how long sessions have after SIGTERM")
	fl.StringSliceVar(&sf.profiles, "allow-profiles", nil, "profiles sessions may switch to with :profile or --profile")
	fl.StringSliceVar(&sf.regions, "allow-regions", nil, "regions sessions may switch to with :region or --region")
	return cmd
}

// defaultStateFile and defaultConfigFile are name in virga's state and
// config directories (internal/xdg), or name alone without a home.
func defaultStateFile(name string) string {
	if dir := xdg.StateDir(); dir != "" {
		return filepath.Join(dir, name)
	}
	return name
}

func defaultConfigFile(name string) string {
	if dir := xdg.ConfigDir(); dir != "" {
		return filepath.Join(dir, name)
	}
	return name
}

// runServe serves until SIGTERM or SIGINT, then shuts down gracefully.
func runServe(ctx context.Context, f *flags, sf *serveFlags, stderr io.Writer) error {
	logOut := stderr
	if f.logFile != "" {
		fh, err := os.OpenFile(f.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("log file: %w", err)
		}
		defer fh.Close()
		logOut = fh
	}
	log := slog.New(slog.NewTextHandler(logOut, nil))
	// The TUI sessions and the SDK log through slog's default; the
	// server's terminal is not theirs.
	slog.SetDefault(slog.New(slog.DiscardHandler))

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	open, closeOpener, err := serveOpener(ctx, f)
	if err != nil {
		return err
	}
	defer closeOpener()
	srv, closeAll, err := newServer(ctx, f, sf, log, open)
	if err != nil {
		return err
	}
	defer closeAll()
	ln, err := net.Listen("tcp", sf.listen)
	if err != nil {
		return err
	}
	log.Info("virga serve listening", "addr", ln.Addr().String(), "host_key", srv.HostKeyFingerprint,
		"authorized_keys", sf.authorizedKeys, "journal", sf.journal)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", sf.grace.String(), "sessions", srv.Sessions())
	err = srv.Shutdown(context.Background())
	if serr := <-served; !errors.Is(serr, ssh.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// newServer opens the accounts and builds the SSH server; closeAll ends
// the shared caches and backends once the server is done.
func newServer(ctx context.Context, f *flags, sf *serveFlags, log *slog.Logger, open serve.Opener) (*serve.Server, func(), error) {
	cfg, notices := config.Load(f.configPath)
	for _, n := range notices {
		log.Warn("config: " + n)
	}
	accts, err := serve.OpenAccounts(ctx, open, shared.Config{
		Lists:     time.Duration(cfg.Refresh),
		Functions: time.Duration(cfg.FunctionsRefresh),
	}, sf.profiles, sf.regions)
	if err != nil {
		return nil, nil, err
	}
	closeAll := accts.Close
	ts := &tuiSessions{f: f, cfg: cfg, journal: sf.journal}
	srv, err := serve.New(serve.Config{
		HostKey:          sf.hostKey,
		AuthorizedKeys:   sf.authorizedKeys,
		Accounts:         accts,
		MaxSessions:      sf.maxSessions,
		IdleTimeout:      sf.idle,
		ActionsPerMinute: sf.actions,
		Grace:            sf.grace,
		Log:              log,
		Command:          func(s *serve.Session) int { return runRemote(s, sf.journal) },
		Program:          ts.program,
		Notice:           func(text string) tea.Msg { return tui.Notice{Text: text} },
		FPS:              renderFPS,
	})
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	return srv, closeAll, nil
}
